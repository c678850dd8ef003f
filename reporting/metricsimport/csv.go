package metricsimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting"
)

// csvColumns is the documented CSV layout; the header is required, columns may come in any order.
var csvColumns = []string{"url", "date", "impressions", "reactions", "comments", "reposts", "clicks", "follows", "leads"}

var csvHeaderText = strings.Join(csvColumns, ",")

// parseCSV reads the documented CSV. Blank cells are unknown; the date column is YYYY-MM-DD, blank
// for the import's date.
func parseCSV(name string, data []byte) (parsedFile, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return parsedFile{}, refusef(name, "it is not a UTF-8 text file; import a LinkedIn .xlsx export or a CSV saved as UTF-8")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return parsedFile{}, refusef(name, "the file is empty; the first line must be the header %s", csvHeaderText)
	}
	if err != nil {
		return parsedFile{}, refusef(name, "%v", csvError(err))
	}
	cols, err := csvHeader(header)
	if err != nil {
		return parsedFile{}, refusef(name, "%v", err)
	}
	pf := parsedFile{Format: FormatCSV, Source: reporting.SourceCSV}
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return parsedFile{}, refusef(name, "%v", csvError(err))
		}
		line, _ := r.FieldPos(0)
		row, skip, err := csvRow(rec, cols, line)
		if err != nil {
			return parsedFile{}, refusef(name, "%v", err)
		}
		if skip {
			continue
		}
		key := PostURN(row.URL) + "|" + normalizeURL(row.URL) + "|" + row.Date.Format(time.DateOnly)
		if first, dup := seen[key]; dup {
			return parsedFile{}, refusef(name, "rows %d and %d both give results for %s on the same date; keep one", first, line, row.URL)
		}
		seen[key] = line
		pf.Rows = append(pf.Rows, row)
	}
	if len(pf.Rows) == 0 {
		return parsedFile{}, refusef(name, "it has a header but no rows of results")
	}
	return pf, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("row %d is not valid CSV (%v); check its quotes", pe.StartLine, pe.Err)
	}
	return err
}

// csvHeader maps each documented column to its position, refusing missing, unknown and repeated
// columns by name.
func csvHeader(header []string) (map[string]int, error) {
	cols := map[string]int{}
	var extra, repeated []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !slices.Contains(csvColumns, h):
			extra = append(extra, clientos.Quote(h))
		case cols[h] > 0:
			repeated = append(repeated, h)
		default:
			cols[h] = i + 1 // 1-based so the zero value means absent
		}
	}
	var missing []string
	for _, c := range csvColumns {
		if cols[c] == 0 {
			missing = append(missing, c)
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "missing column(s) "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		problems = append(problems, "unknown column(s) "+strings.Join(extra, ", "))
	}
	if len(repeated) > 0 {
		problems = append(problems, "repeated column(s) "+strings.Join(repeated, ", "))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the header has %s; it must be exactly: %s (blank cells mean unknown)",
			strings.Join(problems, " and "), csvHeaderText)
	}
	return cols, nil
}

// csvRow reads one record; a wholly blank line is skipped.
func csvRow(rec []string, cols map[string]int, line int) (importRow, bool, error) {
	if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
		return importRow{}, true, nil
	}
	if len(rec) != len(cols) {
		return importRow{}, false, fmt.Errorf("row %d has %d columns but the header has %d; every row needs one cell per column (leave unknown ones blank)",
			line, len(rec), len(cols))
	}
	cell := func(name string) string { return strings.TrimSpace(rec[cols[name]-1]) }
	row := importRow{Row: line, URL: clientos.CleanText(cell("url"), false)}
	if row.URL == "" {
		return row, false, fmt.Errorf("row %d, column url: it is blank; every row needs the post's URL", line)
	}
	if err := checkPostURL(row.URL); err != nil {
		return row, false, fmt.Errorf("row %d, column url: %v", line, err)
	}
	if d := cell("date"); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return row, false, fmt.Errorf("row %d, column date: %s is not a date; write it as YYYY-MM-DD, e.g. 2026-03-09 (or leave it blank for today)", line, clientos.Quote(d))
		}
		row.Date = t
	}
	for _, name := range reporting.MetricFields {
		v, err := reporting.ParseCount(cell(name))
		if err != nil {
			return row, false, fmt.Errorf("row %d, column %s: %v", line, name, err)
		}
		row.M.Set(name, v)
	}
	if !row.M.Known() {
		return row, false, fmt.Errorf("row %d (%s) has no figures; fill in at least one or remove the row", line, row.URL)
	}
	return row, false, nil
}
