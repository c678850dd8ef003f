package metricsimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits on a workbook. LinkedIn's exports unpack to well under 1 MiB and a few thousand rows, so
// these only stop files built (or broken) to exhaust memory. The unpacked size is checked before
// the workbook is opened: first against the sizes its zip headers declare, then by unpacking every
// part through a counting reader, since headers can lie.
const (
	MaxXLSXUnpackedBytes = 64 << 20 // all the workbook's parts together, unpacked
	MaxXLSXRows          = 50_000   // rows of the sheet the posts are read from
	// maxXLSXPostColumns bounds how far right a post table may reach; LinkedIn's widest export
	// (a page's "All posts") has 20 columns.
	maxXLSXPostColumns = 50
	// maxXLSXTables bounds the post tables side by side in one sheet; the creator export has two.
	maxXLSXTables = 4
	// xlsxSpillBytes: larger parts are streamed from a temporary file instead of held in memory.
	xlsxSpillBytes = 8 << 20
)

// ErrXLSXLimit marks a workbook refused by the limits above. A workbook refused for its unpacked
// size was never opened or parsed.
var ErrXLSXLimit = errors.New("metricsimport: workbook over the import limits")

func refuseLimitf(file, format string, args ...any) *Error {
	return &Error{File: file, Msg: fmt.Sprintf(format, args...), Err: ErrXLSXLimit}
}

const limitHint = "LinkedIn's exports unpack to a few MiB at most; export a shorter period, or save the sheet as CSV"

// checkXLSXSize refuses a workbook that would unpack to more than MaxXLSXUnpackedBytes. Data that
// is not a zip is left to the workbook reader, which says what it is.
func checkXLSXSize(name string, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	var declared uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > MaxXLSXUnpackedBytes {
			return refuseLimitf(name, "it unpacks to more than %s (%s alone is %s); %s",
				mib(MaxXLSXUnpackedBytes), f.Name, mib(f.UncompressedSize64), limitHint)
		}
		if declared += f.UncompressedSize64; declared > MaxXLSXUnpackedBytes {
			return refuseLimitf(name, "it unpacks to more than %s (its parts up to %s add up to %s); %s",
				mib(MaxXLSXUnpackedBytes), f.Name, mib(declared), limitHint)
		}
	}
	var total uint64
	for _, f := range zr.File {
		n, err := unpackedSize(f, MaxXLSXUnpackedBytes-total)
		total += n
		switch {
		case total > MaxXLSXUnpackedBytes:
			return refuseLimitf(name, "it unpacks to more than %s, far more than its headers declare; %s",
				mib(MaxXLSXUnpackedBytes), limitHint)
		case errors.Is(err, zip.ErrFormat):
			// archive/zip stops a part that unpacks to more than its header declares.
			return refuseLimitf(name, "%s unpacks to more than its header declares (%s), so the file is damaged; export it again",
				f.Name, mib(f.UncompressedSize64))
		case err != nil:
			return refusef(name, "it is not a readable .xlsx workbook (%s: %v); export it again from LinkedIn, or save it from Excel as .xlsx", f.Name, err)
		}
	}
	return nil
}

// unpackedSize unpacks f into nothing and counts its bytes, reading at most limit+1 of them.
func unpackedSize(f *zip.File, limit uint64) (uint64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(limit)+1))
	return uint64(n), err
}

func mib(n uint64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
