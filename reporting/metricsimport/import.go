package metricsimport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/regularfile"
	"github.com/mos-hq/mos/reporting"
)

// MaxFileBytes is the largest file File reads. A year of LinkedIn exports is far smaller.
const MaxFileBytes = 20 << 20

// Import formats, as Result.Format names them.
const (
	FormatLinkedInCreator = "linkedin-creator"
	FormatLinkedInPage    = "linkedin-page"
	FormatCSV             = "csv"
)

// Error refuses a file; nothing was stored. Its message names the file and, for a bad value,
// the row and column, and says what to do.
type Error struct {
	File string
	Msg  string
	Err  error // the kind of refusal, when one is named (ErrXLSXLimit), else nil
}

func (e *Error) Error() string { return "cannot import " + e.File + ": " + e.Msg }

// Unwrap returns the kind of refusal, so errors.Is(err, ErrXLSXLimit) works.
func (e *Error) Unwrap() error { return e.Err }

func refusef(file, format string, args ...any) *Error {
	return &Error{File: file, Msg: fmt.Sprintf(format, args...)}
}

// Result says what an import did with each row.
type Result struct {
	File         string
	Format       string    // linkedin-creator, linkedin-page or csv
	Sheet        string    // the sheet the posts were read from (xlsx)
	SnapshotDate time.Time // the date rows without a date of their own were stored under
	Rows         int       // post rows read
	New          int       // snapshots stored for the first time
	Updated      int       // snapshots corrected
	Unchanged    int       // snapshots already stored with these values
	Unmatched    []UnmatchedRow
	// Refused are rows whose figures or date cannot be right (more reactions than impressions, a
	// date in the future or before the piece was published): not stored, listed with the reason.
	Refused []RefusedRow
	// Repeat is true when this exact file (by SHA-256) was imported before; its first date is reused,
	// so a repeat changes nothing.
	Repeat bool
}

// Matched is the number of rows that belong to a published piece.
func (r Result) Matched() int { return r.New + r.Updated + r.Unchanged }

// UnmatchedRow is a row whose URL matches no published piece of the client: reported, never
// silently dropped.
type UnmatchedRow struct {
	Row int
	URL string
}

// maxPostURLBytes bounds a post URL read from a file; LinkedIn's are under 200 bytes.
const maxPostURLBytes = 2048

// checkPostURL refuses a URL too long to be a post's.
func checkPostURL(url string) error {
	if len(url) > maxPostURLBytes {
		return fmt.Errorf("it is %d characters long, too long for a post URL (at most %d); check the column", len(url), maxPostURLBytes)
	}
	return nil
}

// importRow is one post's figures read from a file.
type importRow struct {
	Row  int
	URL  string
	Date time.Time // zero: the file's date
	M    reporting.Metrics
}

// parsedFile is what a reader found in a file, before it is matched to pieces.
type parsedFile struct {
	Format string
	Source string
	Sheet  string
	Date   time.Time // the export's date, zero when unknown
	Rows   []importRow
}

// File imports a LinkedIn analytics export (.xlsx: the creator "top posts" sheet or a page's
// "All posts" sheet, found by structure since sheet names are localised) or a CSV with the header
// url,date,impressions,reactions,comments,reposts,clicks,follows,leads, and stores one snapshot per
// matched post. Rows match pieces by the urn:li:activity id in the URL. Snapshots are dated by the
// CSV's date column, else the export's date range, else now's date in the client's time zone.
// Rows whose figures or date cannot be right are not stored but listed in Result.Refused.
// Importing the same file again changes nothing. A bad file is refused whole with an *Error.
func File(ctx context.Context, pool *pgxpool.Pool, clientSlug, path string, now time.Time) (Result, error) {
	name := filepath.Base(path)
	client, err := clientos.ClientBySlug(ctx, pool, clientSlug)
	if err != nil {
		return Result{}, err
	}
	data, err := readImportFile(path)
	if err != nil {
		return Result{}, err
	}
	pf, err := parseImport(name, data)
	if err != nil {
		return Result{}, err
	}
	sum := sha256.Sum256(data)
	res := Result{File: name, Format: pf.Format, Sheet: pf.Sheet, Rows: len(pf.Rows)}
	err = database.Transact(ctx, pool, func(tx pgx.Tx) error {
		return storeImport(ctx, tx, client, hex.EncodeToString(sum[:]), pf, now, &res)
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// readImportFile reads the file at path, refusing at once anything but a regular file (a named pipe
// would otherwise block the read until someone wrote to it).
func readImportFile(path string) ([]byte, error) {
	name := filepath.Base(path)
	f, err := regularfile.Open(path)
	var nr *regularfile.NotRegularError
	switch {
	case errors.As(err, &nr) && nr.Mode.IsDir():
		return nil, refusef(name, "it is a folder; give the exported .xlsx or .csv file")
	case errors.As(err, &nr):
		return nil, refusef(name, "it is %s, not a file; give the exported .xlsx or .csv file itself", regularfile.Describe(nr.Mode))
	case err != nil:
		return nil, refusef(name, "%v", unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, refusef(name, "%v", unwrapPathError(err))
	}
	if st.Size() > MaxFileBytes {
		return nil, refusef(name, "it is %.1f MiB, over the 20 MiB limit; export a shorter period (a week at a time is best)",
			float64(st.Size())/(1<<20))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, refusef(name, "read: %v", err)
	}
	if len(data) > MaxFileBytes {
		return nil, refusef(name, "it is over the 20 MiB limit; export a shorter period")
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, os.ErrNotExist) {
			return errors.New("no such file")
		}
		return pe.Err
	}
	return err
}

// zipMagic and cfbMagic open .xlsx (a zip) and OLE compound files (legacy .xls, or an encrypted,
// password-protected .xlsx).
var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// parseImport picks the reader by content, not by the file's extension.
func parseImport(name string, data []byte) (parsedFile, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(data) == 0:
		return parsedFile{}, refusef(name, "the file is empty")
	case bytes.HasPrefix(data, cfbMagic):
		if isEncryptedOOXML(data) {
			return parsedFile{}, refusef(name, "the workbook is password-protected; open it in Excel, remove the password (File → Info → Protect Workbook) and save, or export it again from LinkedIn")
		}
		return parsedFile{}, refusef(name, "it is an old-style .xls workbook, which mos cannot read; open it and save it as .xlsx, then import that")
	case bytes.HasPrefix(data, zipMagic) || ext == ".xlsx" || ext == ".xlsm":
		return parseXLSX(name, data)
	case ext == ".csv" || ext == ".txt" || ext == "":
		return parseCSV(name, data)
	default:
		return parsedFile{}, refusef(name, "%s files are not supported; import a LinkedIn .xlsx export or a CSV with the header %s", ext, csvHeaderText)
	}
}

// isEncryptedOOXML spots the streams Office writes into an encrypted workbook.
func isEncryptedOOXML(data []byte) bool {
	utf16 := func(s string) []byte {
		b := make([]byte, 0, 2*len(s))
		for _, c := range []byte(s) {
			b = append(b, c, 0)
		}
		return b
	}
	return bytes.Contains(data, utf16("EncryptedPackage")) || bytes.Contains(data, utf16("EncryptionInfo"))
}

// storeImport matches rows to pieces and upserts their snapshots inside tx.
func storeImport(ctx context.Context, tx pgx.Tx, c clientos.Client, sum string, pf parsedFile, now time.Time, res *Result) error {
	fileDate, repeat, err := importDate(ctx, tx, c, sum, pf, now)
	if err != nil {
		return err
	}
	res.Repeat, res.SnapshotDate = repeat, fileDate
	idx, err := loadPieceIndex(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	enteredBy := "import:" + res.File
	today := reporting.DateOnly(now, reporting.ClientLocation(c))
	for _, row := range pf.Rows {
		day, from := row.Date, "its date column"
		if day.IsZero() {
			day, from = fileDate, fileDateSource(pf, repeat)
		}
		pieceID, why := idx.judge(row, day, from, today)
		switch {
		case why != "":
			res.Refused = append(res.Refused, RefusedRow{Row: row.Row, URL: row.URL, Reason: why})
		case pieceID == 0:
			res.Unmatched = append(res.Unmatched, UnmatchedRow{Row: row.Row, URL: row.URL})
		default:
			out, err := reporting.SaveSnapshot(ctx, tx, pieceID, day, pf.Source, enteredBy, row.M)
			if err != nil {
				return err
			}
			res.count(out)
		}
	}
	return recordImport(ctx, tx, c.ID, sum, pf, res)
}

// fileDateSource says where the date of rows without their own came from.
func fileDateSource(pf parsedFile, repeat bool) string {
	switch {
	case repeat:
		return "the date this file was first imported"
	case !pf.Date.IsZero():
		return "the end of the export's period"
	default:
		return "the import's date"
	}
}

func (r *Result) count(o reporting.SaveOutcome) {
	switch o {
	case reporting.SavedNew:
		r.New++
	case reporting.SavedUpdated:
		r.Updated++
	default:
		r.Unchanged++
	}
}

// importDate is the date rows without their own are stored under: the first import's date for a
// file seen before, else the export's own date, else today in the client's time zone.
func importDate(ctx context.Context, tx pgx.Tx, c clientos.Client, sum string, pf parsedFile, now time.Time) (time.Time, bool, error) {
	var prev time.Time
	err := tx.QueryRow(ctx, `SELECT snapshot_date FROM metric_imports WHERE client_id = $1 AND sha256 = $2`,
		c.ID, sum).Scan(&prev)
	switch {
	case err == nil:
		return prev, true, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return time.Time{}, false, fmt.Errorf("metricsimport: look up earlier imports: %w", err)
	case !pf.Date.IsZero():
		return pf.Date, false, nil
	default:
		return reporting.DateOnly(now, reporting.ClientLocation(c)), false, nil
	}
}

func recordImport(ctx context.Context, tx pgx.Tx, clientID int64, sum string, pf parsedFile, res *Result) error {
	tag, err := tx.Exec(ctx, `INSERT INTO metric_imports (client_id, sha256, file_name, format, snapshot_date, rows, matched)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id, sha256) DO NOTHING`,
		clientID, sum, res.File, pf.Format, res.SnapshotDate, res.Rows, res.Matched())
	if err != nil {
		return fmt.Errorf("metricsimport: record import: %w", err)
	}
	if tag.RowsAffected() == 0 && res.New+res.Updated == 0 {
		return nil
	}
	return clientos.Audit(ctx, tx, clientID, "import:"+res.File, "metrics.import", map[string]any{
		"file": res.File, "format": pf.Format, "sha256": sum, "rows": res.Rows,
		"new": res.New, "updated": res.Updated, "unchanged": res.Unchanged, "unmatched": len(res.Unmatched),
		"refused": len(res.Refused),
	})
}
