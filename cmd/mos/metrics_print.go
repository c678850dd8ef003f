package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"time"

	"github.com/mos-hq/mos/reporting/metricsimport"
)

// maxListedRows is how many unmatched (and refused) rows an import prints; the rest are counted.
const maxListedRows = 20

func printImport(w io.Writer, slug string, res metricsimport.Result, unmatchedCSV string) {
	from := res.Format
	if res.Sheet != "" {
		from += fmt.Sprintf(" export, sheet %q", res.Sheet)
	}
	fmt.Fprintf(w, "imported %s (%s) into %s; rows without a date of their own dated %s\n",
		res.File, from, slug, res.SnapshotDate.Format(time.DateOnly))
	if res.Repeat {
		fmt.Fprintln(w, "this file was imported before: its rows were compared with what is stored")
	}
	fmt.Fprintf(w, "%s: %d matched (%d new, %d updated, %d unchanged), %d unmatched, %d refused\n",
		osPlural(res.Rows, "row"), res.Matched(), res.New, res.Updated, res.Unchanged, len(res.Unmatched), len(res.Refused))
	if len(res.Refused) > 0 {
		fmt.Fprintln(w, "refused rows — not stored, because their figures or dates cannot be right; correct them in the file "+
			"and import it again:")
		for _, r := range res.Refused[:min(len(res.Refused), maxListedRows)] {
			fmt.Fprintf(w, "  row %d (%s): %s\n", r.Row, r.URL, r.Reason)
		}
		if more := len(res.Refused) - maxListedRows; more > 0 {
			fmt.Fprintf(w, "  … and %s more refused rows\n", thousands(more))
		}
	}
	if len(res.Unmatched) > 0 {
		printUnmatched(w, res.Unmatched, unmatchedCSV)
	}
}

// printUnmatched lists the first unmatched rows and counts the rest.
func printUnmatched(w io.Writer, rows []metricsimport.UnmatchedRow, unmatchedCSV string) {
	fmt.Fprintln(w, "unmatched rows — no published piece has these post URLs; mark the piece published with its URL "+
		"(or log a human-only piece with /mos log <url>), then import the file again:")
	for _, u := range rows[:min(len(rows), maxListedRows)] {
		fmt.Fprintf(w, "  row %d: %s\n", u.Row, u.URL)
	}
	more := len(rows) - maxListedRows
	switch {
	case unmatchedCSV != "" && more > 0:
		fmt.Fprintf(w, "  … and %s more; all %s are in %s\n", thousands(more), thousands(len(rows)), unmatchedCSV)
	case unmatchedCSV != "":
		fmt.Fprintf(w, "  (also written to %s)\n", unmatchedCSV)
	case more > 0:
		fmt.Fprintf(w, "  … and %s more; --unmatched-csv FILE writes them all\n", thousands(more))
	}
}

// unmatchedFile is where --unmatched-csv writes; without the flag, f is nil and nothing is written.
type unmatchedFile struct {
	f *os.File
}

// createUnmatchedCSV creates (or empties) the file before the import, so a path that cannot be
// written is refused before anything is stored. It never empties the file being imported.
func createUnmatchedCSV(path, imported string) (unmatchedFile, error) {
	if path == "" {
		return unmatchedFile{}, nil
	}
	if sameFile(path, imported) {
		return unmatchedFile{}, usagef("--unmatched-csv %s is the file being imported; give another path, e.g. unmatched.csv", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if err != nil {
		return unmatchedFile{}, usagef("--unmatched-csv: cannot write %s (%v); give a path in a folder you can write to", path, err)
	}
	return unmatchedFile{f: f}, nil
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// discard removes the file created for an import that failed.
func (u unmatchedFile) discard() {
	if u.f == nil {
		return
	}
	u.f.Close()
	os.Remove(u.f.Name())
}

// write writes every unmatched row, with a header, and closes the file.
func (u unmatchedFile) write(rows []metricsimport.UnmatchedRow) error {
	if u.f == nil {
		return nil
	}
	bw := bufio.NewWriter(u.f)
	cw := csv.NewWriter(bw)
	_ = cw.Write([]string{"row", "url"})
	for _, r := range rows {
		_ = cw.Write([]string{strconv.Itoa(r.Row), r.URL})
	}
	cw.Flush()
	err := cw.Error()
	if err == nil {
		err = bw.Flush()
	}
	if cerr := u.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("the import was stored, but the unmatched rows could not be written to %s (%v); run the import again with another --unmatched-csv path", u.f.Name(), err)
	}
	return nil
}

// thousands writes n with comma separators: 48980 -> "48,980".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
