package metricsimport

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting"
)

// How far down a sheet the header and the first post row may be: LinkedIn puts a note row or two
// above the header.
const (
	maxHeaderRow = 8
	maxDateRows  = 6
)

// table is one block of columns headed by a post-URL column: the creator export has two side by
// side (URL | date | Engagements and URL | date | Impressions); a page's "All posts" sheet has one.
type table struct {
	urlCol int
	fields map[int]string // column -> metric field
}

// headRows is how many rows of every sheet are read to find the export's period, the header and
// the first post row; the rest of a sheet is read only when those show a post table.
const headRows = maxHeaderRow + 2

// parseXLSX finds the sheet with per-post figures by its structure and reads it as a stream,
// within the limits of limits.go.
func parseXLSX(name string, data []byte) (parsedFile, error) {
	if err := checkXLSXSize(name, data); err != nil {
		return parsedFile{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxXLSXUnpackedBytes, UnzipXMLSizeLimit: xlsxSpillBytes,
	})
	if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrWorkbookFileFormat) && bytes.HasPrefix(data, cfbMagic) {
		return parsedFile{}, refusef(name, "the workbook is password-protected; remove the password in Excel and save, or export it again from LinkedIn")
	}
	if err != nil {
		return parsedFile{}, refusef(name, "it is not a readable .xlsx workbook (%v); export it again from LinkedIn, or save it from Excel as .xlsx", err)
	}
	defer f.Close()
	var best parsedFile
	var exportDate time.Time
	for _, sheet := range f.GetSheetList() {
		sr, err := readSheet(f, name, sheet)
		if err != nil {
			return parsedFile{}, err
		}
		if exportDate.IsZero() {
			exportDate = findDateRange(sr.rows)
		}
		pf, err := readPostSheet(name, sheet, sr)
		if err != nil {
			return parsedFile{}, err
		}
		if len(pf.Rows) > len(best.Rows) {
			best = pf
		}
	}
	if best.Sheet == "" {
		return parsedFile{}, refusef(name, "no sheet has a table of post URLs with impressions or engagements; import LinkedIn's content export (the creator \"Top posts\" or a page's \"All posts\" sheet) — follower, visitor and demographic exports have no per-post figures")
	}
	best.Date = exportDate
	return best, nil
}

// sheetRows is what the import keeps of a sheet: its first headRows rows and, when they hold post
// tables, every later row cut to the columns those tables use.
type sheetRows struct {
	rows   [][]string
	header int // index in rows of the header row
	tables []table
}

// readSheet streams a sheet's rows, stopping after the first headRows unless they show post tables,
// and refusing a post sheet of more than MaxXLSXRows rows or tables wider than maxXLSXPostColumns.
func readSheet(f *excelize.File, name, sheet string) (sheetRows, error) {
	var sr sheetRows
	it, err := f.Rows(sheet)
	if err != nil {
		return sr, refusef(name, "sheet %q cannot be read (%v); export the file again", sheet, err)
	}
	defer it.Close()
	width := 0
	for n := 1; it.Next(); n++ {
		if n > MaxXLSXRows {
			return sr, refuseLimitf(name, "sheet %q has more than %s rows, the most one import reads; export a shorter period (a week at a time is best)",
				sheet, thousands(MaxXLSXRows))
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return sr, refusef(name, "sheet %q, row %d cannot be read (%v); export the file again", sheet, n, err)
		}
		if n <= headRows {
			sr.rows = append(sr.rows, cells)
			if n < headRows {
				continue
			}
			if width, err = sr.findTables(name, sheet); err != nil || width == 0 {
				return sr, err
			}
			continue
		}
		sr.rows = append(sr.rows, cells[:min(len(cells), width)])
	}
	if err := it.Error(); err != nil {
		return sr, refusef(name, "sheet %q cannot be read (%v); export the file again", sheet, err)
	}
	if len(sr.rows) < headRows {
		_, err = sr.findTables(name, sheet)
	}
	return sr, err
}

// findTables finds the post tables in the rows read so far and returns how many columns they
// span (0: none, so the rest of the sheet need not be read).
func (sr *sheetRows) findTables(name, sheet string) (int, error) {
	sr.header, sr.tables = findTables(sr.rows)
	if len(sr.tables) > maxXLSXTables {
		return 0, refuseLimitf(name, "sheet %q has %d tables of post URLs side by side, more than the %d an import reads; keep one table of posts per sheet",
			sheet, len(sr.tables), maxXLSXTables)
	}
	width := 0
	for _, t := range sr.tables {
		width = max(width, t.urlCol+1)
		for col := range t.fields {
			width = max(width, col+1)
		}
	}
	if width > maxXLSXPostColumns {
		return 0, refuseLimitf(name, "sheet %q has a post table reaching column %s; an import reads the first %d columns (LinkedIn's exports have fewer than 30) — move the table left or save it as CSV",
			sheet, columnName(width-1), maxXLSXPostColumns)
	}
	return width, nil
}

// thousands writes n with comma separators: 50000 -> "50,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// readPostSheet reads a sheet's post tables; a sheet without any yields no rows.
func readPostSheet(name, sheet string, sr sheetRows) (parsedFile, error) {
	header, tables, rows := sr.header, sr.tables, sr.rows
	if len(tables) == 0 {
		return parsedFile{}, nil
	}
	pf := parsedFile{Format: FormatLinkedInPage, Source: reporting.SourceXLSXPage, Sheet: sheet}
	if len(tables) > 1 || hasField(tables, "engagements") {
		pf.Format, pf.Source = FormatLinkedInCreator, reporting.SourceXLSXCreator
	}
	merged := map[string]*importRow{}
	var order []string
	for _, t := range tables {
		for r := header + 1; r < len(rows); r++ {
			if err := readTableRow(name, sheet, rows[r], r+1, t, merged, &order); err != nil {
				return parsedFile{}, err
			}
		}
	}
	for _, k := range order {
		pf.Rows = append(pf.Rows, *merged[k])
	}
	return pf, nil
}

// readTableRow merges one table row into the post it names; tables side by side give different
// figures for the same post.
func readTableRow(name, sheet string, row []string, rowNum int, t table, merged map[string]*importRow, order *[]string) error {
	url := clientos.CleanText(cellAt(row, t.urlCol), false)
	if url == "" {
		return nil
	}
	if err := checkPostURL(url); err != nil {
		return refusef(name, "sheet %q, row %d, column %s (post URL): %v", sheet, rowNum, columnName(t.urlCol), err)
	}
	key := PostURN(url)
	if key == "" {
		key = normalizeURL(url)
	}
	ir := merged[key]
	if ir == nil {
		ir = &importRow{Row: rowNum, URL: url}
		merged[key] = ir
		*order = append(*order, key)
	}
	for col, field := range t.fields {
		v, err := reporting.ParseCount(xlsxNumber(cellAt(row, col)))
		if err != nil {
			return refusef(name, "sheet %q, row %d, column %s (%s): %v", sheet, rowNum, columnName(col), field, err)
		}
		if v == nil {
			continue
		}
		if old := ir.M.Get(field); old != nil && *old != *v {
			return refusef(name, "sheet %q lists %s twice with different %s (rows %d and %d); export the file again", sheet, url, field, ir.Row, rowNum)
		}
		ir.M.Set(field, v)
	}
	return nil
}

// xlsxNumber turns a raw cell into count text: "1234", "1234.0" (a float-typed whole number) and
// placeholders LinkedIn uses for "none" ("-", "—") as blank.
func xlsxNumber(s string) string {
	s = strings.TrimSpace(s)
	switch s {
	case "-", "—", "–", "n/a", "N/A":
		return ""
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) && strings.ContainsAny(s, ".eE") {
		return strconv.FormatInt(int64(f), 10)
	}
	return s
}

func hasField(ts []table, field string) bool {
	for _, t := range ts {
		for _, f := range t.fields {
			if f == field {
				return true
			}
		}
	}
	return false
}

// findTables locates the header row (the row above the first row holding post URLs) and the tables
// in it: each starts at a URL column and runs right to the next blank header cell or the next URL
// column. Only tables with at least one metric column count.
func findTables(rows [][]string) (int, []table) {
	first := -1
	for r := 0; r < len(rows) && r <= maxHeaderRow+1 && first < 0; r++ {
		for _, c := range rows[r] {
			if isPostURL(c) {
				first = r
				break
			}
		}
	}
	if first < 1 {
		return 0, nil
	}
	header := first - 1
	var tables []table
	for col, c := range rows[first] {
		if !isPostURL(c) {
			continue
		}
		t := table{urlCol: col, fields: map[int]string{}}
		for j := col + 1; j < len(rows[header]); j++ {
			h := strings.TrimSpace(rows[header][j])
			if h == "" || isPostURL(cellAt(rows[first], j)) {
				break
			}
			if f := metricForHeader(h); f != "" && !tableHas(t, f) {
				t.fields[j] = f
			}
		}
		if len(t.fields) > 0 {
			tables = append(tables, t)
		}
	}
	return header, tables
}

func tableHas(t table, field string) bool {
	for _, f := range t.fields {
		if f == field {
			return true
		}
	}
	return false
}

func isPostURL(s string) bool {
	s = strings.TrimSpace(s)
	return PostURN(s) != "" || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

func cellAt(row []string, col int) string {
	if col < len(row) {
		return row[col]
	}
	return ""
}

// columnName is the spreadsheet letter of a 0-based column: 0 -> A, 27 -> AB.
func columnName(col int) string {
	name := ""
	for col >= 0 {
		name = string(rune('A'+col%26)) + name
		col = col/26 - 1
	}
	return name
}

// metricKeywords recognise LinkedIn's column headers in the languages its exports come in
// (English, French, German, Spanish, Portuguese, Italian, Dutch). Order matters: the first match wins.
var metricKeywords = []struct {
	field string
	words []string
}{
	{"impressions", []string{"impression", "impresion", "impressõ", "weergave"}},
	{"engagements", []string{"engagement", "interaction", "interaktion", "interacci", "interaç", "interazion", "interactie"}},
	{"reactions", []string{"reaction", "réaction", "like", "j'aime", "j’aime", "reaktion", "reacci", "reaç", "reazion", "gefällt"}},
	{"comments", []string{"comment", "kommentar", "comentario", "comentário", "opmerking"}},
	{"reposts", []string{"repost", "share", "partage", "republica", "compartid", "geteilt", "condivision", "gedeeld", "diffusion"}},
	{"clicks", []string{"click", "clic", "klick", "klik"}},
	{"follows", []string{"follow", "abonn", "seguidor", "volger"}},
}

// rateWords mark ratio columns (CTR, engagement rate), which are not counts.
var rateWords = []string{"rate", "ratio", "taux", "ctr", "%", "quote", "tasa", "taxa", "tasso", "percent", "unique", "uniques", "único"}

// metricForHeader maps a header cell to a reporting.Metrics field, or "".
func metricForHeader(h string) string {
	l := strings.ToLower(h)
	for _, w := range rateWords {
		if strings.Contains(l, w) {
			return ""
		}
	}
	for _, k := range metricKeywords {
		for _, w := range k.words {
			if strings.Contains(l, w) {
				return k.field
			}
		}
	}
	return ""
}

// dateRangeRE finds an export's period, e.g. "2/22/2026 - 2/28/2026" or "2026-02-22 – 2026-02-28".
var dateRangeRE = regexp.MustCompile(`(\d{1,4}[./-]\d{1,2}[./-]\d{1,4})\s+[-–—]\s+(\d{1,4}[./-]\d{1,2}[./-]\d{1,4})|(\d{1,2}/\d{1,2}/\d{4})\s*[-–—]\s*(\d{1,2}/\d{1,2}/\d{4})`)

// findDateRange returns the end of the first date range in a sheet's first rows: the export's date.
func findDateRange(rows [][]string) time.Time {
	for r := 0; r < len(rows) && r < maxDateRows; r++ {
		for _, c := range rows[r] {
			m := dateRangeRE.FindStringSubmatch(c)
			if m == nil {
				continue
			}
			end := m[2]
			if end == "" {
				end = m[4]
			}
			if t, ok := parseExportDate(end); ok {
				return t
			}
		}
	}
	return time.Time{}
}

// parseExportDate reads YYYY-MM-DD, M/D/YYYY (LinkedIn's US format) or D/M/YYYY when the first
// number cannot be a month.
func parseExportDate(s string) (time.Time, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 {
		return time.Time{}, false
	}
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	y, m, d := n[2], n[0], n[1]
	switch {
	case len(parts[0]) == 4:
		y, m, d = n[0], n[1], n[2]
	case n[0] > 12:
		m, d = n[1], n[0]
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
