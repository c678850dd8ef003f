package metricsimport

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mos-hq/mos/reporting/reportingtest"
)

// smallWorkbook is a valid page export with one post row.
func smallWorkbook(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	set(t, x, "Sheet1", "A1", []any{"Post link", "Impressions"})
	set(t, x, "Sheet1", "A2", []any{postURL(urnA), 10})
	buf, err := x.WriteToBuffer()
	require.NoError(t, err)
	return buf.Bytes()
}

// spaceBomb is a sheet XML whose middle is mib MiB of spaces, as a raw deflate stream, with its
// real size and CRC. The stream is built from independently compressed, byte-aligned segments,
// so the test never holds the unpacked sheet.
func spaceBomb(t *testing.T, mib int) (raw []byte, size uint64, crc uint32) {
	t.Helper()
	prefix := []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	suffix := []byte(`</sheetData></worksheet>`)
	block := bytes.Repeat([]byte(" "), 1<<20)
	segment := func(p []byte, final bool) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.BestCompression)
		require.NoError(t, err)
		_, err = w.Write(p)
		require.NoError(t, err)
		if final {
			require.NoError(t, w.Close())
		} else {
			require.NoError(t, w.Flush())
		}
		return b.Bytes()
	}
	var out bytes.Buffer
	out.Write(segment(prefix, false))
	crc = crc32.Update(0, crc32.IEEETable, prefix)
	packed := segment(block, false)
	for range mib {
		out.Write(packed)
		crc = crc32.Update(crc, crc32.IEEETable, block)
	}
	out.Write(segment(suffix, true))
	crc = crc32.Update(crc, crc32.IEEETable, suffix)
	return out.Bytes(), uint64(len(prefix)+len(suffix)) + uint64(mib)<<20, crc
}

// withSheet rewrites workbook so that xl/worksheets/sheet1.xml is the raw deflate stream, its
// header declaring declared bytes.
func withSheet(t *testing.T, workbook, raw []byte, declared uint64, crc uint32) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			require.NoError(t, zw.Copy(f))
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: declared})
		require.NoError(t, err)
		_, err = w.Write(raw)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

func TestImportRefusesZipBombBeforeOpeningIt(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	raw, size, crc := spaceBomb(t, 255)
	bomb := withSheet(t, smallWorkbook(t), raw, size, crc)
	require.Less(t, len(bomb), 1<<20, "small compressed")
	require.Greater(t, size, uint64(250<<20), "huge unpacked")
	path := filepath.Join(t.TempDir(), "Content_bomb.xlsx")
	require.NoError(t, os.WriteFile(path, bomb, 0o600))

	_, err := f.importFile(path)
	require.ErrorIs(t, err, ErrXLSXLimit, "refused by the unpack limit, before the workbook is opened")
	require.ErrorContains(t, err, "cannot import Content_bomb.xlsx: it unpacks to more than 64 MiB (xl/worksheets/sheet1.xml alone is 255 MiB)")
	require.ErrorContains(t, err, "export a shorter period")
	require.Zero(t, f.count(`SELECT count(*) FROM metric_snapshots`))
}

func TestImportRefusesZipWhoseHeadersUnderstateTheSheet(t *testing.T) {
	t.Parallel()
	raw, _, crc := spaceBomb(t, 100)
	liar := withSheet(t, smallWorkbook(t), raw, 4096, crc)
	_, err := parseImport("liar.xlsx", liar)
	require.ErrorIs(t, err, ErrXLSXLimit, "refused while counting what actually unpacks, before the workbook is opened")
	require.ErrorContains(t, err, "cannot import liar.xlsx: xl/worksheets/sheet1.xml unpacks to more than its header declares (4096 bytes)")
}

func TestImportUnpackLimitLetsNormalExportsThrough(t *testing.T) {
	t.Parallel()
	raw, size, crc := spaceBomb(t, 1)
	padded := withSheet(t, smallWorkbook(t), raw, size, crc)
	require.NoError(t, checkXLSXSize("padded.xlsx", padded), "1 MiB of whitespace is within the limit")
	_, err := parseImport("padded.xlsx", padded)
	require.ErrorContains(t, err, "no sheet has a table of post URLs", "opened and read: the sheet is empty")
}

// tallSheet writes a page export with a header, a post in row 2 and another in row last.
func tallSheet(t *testing.T, last int) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	set(t, x, "Sheet1", "A1", []any{"Post link", "Impressions"})
	set(t, x, "Sheet1", "A2", []any{postURL(urnA), 10})
	set(t, x, "Sheet1", fmt.Sprintf("A%d", last), []any{postURL(urnB), 20})
	var buf bytes.Buffer
	_, err := x.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func TestImportXLSXRowCap(t *testing.T) {
	t.Parallel()
	pf, err := parseImport("year.xlsx", tallSheet(t, MaxXLSXRows))
	require.NoError(t, err, "50,000 rows are read")
	require.Len(t, pf.Rows, 2)
	require.Equal(t, MaxXLSXRows, pf.Rows[1].Row)

	_, err = parseImport("decade.xlsx", tallSheet(t, MaxXLSXRows+1))
	require.ErrorIs(t, err, ErrXLSXLimit)
	require.EqualError(t, err, `cannot import decade.xlsx: sheet "Sheet1" has more than 50,000 rows, the most one import reads; export a shorter period (a week at a time is best)`)
}

func TestImportXLSXRefusesAPostTableTooWide(t *testing.T) {
	t.Parallel()
	x := excelize.NewFile()
	defer x.Close()
	set(t, x, "Sheet1", "BX1", []any{"Post link", "Impressions"})
	set(t, x, "Sheet1", "BX2", []any{postURL(urnA), 10})
	var buf bytes.Buffer
	_, err := x.WriteTo(&buf)
	require.NoError(t, err)
	_, err = parseImport("wide.xlsx", buf.Bytes())
	require.ErrorIs(t, err, ErrXLSXLimit)
	require.ErrorContains(t, err, `sheet "Sheet1" has a post table reaching column BY; an import reads the first 50 columns`)
}

func TestImportCleansAndBoundsURLCells(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.addPiece(piece{Pillar: fasterClose, Published: day(0), URN: urnA})
	header := "url,date,impressions,reactions,comments,reposts,clicks,follows,leads\n"
	res, err := f.importFile(reportingtest.ResultsFile(t, "escapes.csv", header+
		"\x1b[31m"+postURL(urnA)+"\x1b[0m,2026-03-05,100,1,,,,,\n"+
		"https://evil.example/\x1b]0;owned\x07post,2026-03-05,100,1,,,,,\n"))
	require.NoError(t, err)
	require.Equal(t, 1, res.New)
	require.Len(t, f.snapshots(a), 1)
	require.Equal(t, []UnmatchedRow{{Row: 3, URL: "https://evil.example/post"}}, res.Unmatched, "listed without the escape")

	_, err = f.importFile(reportingtest.ResultsFile(t, "long.csv", header+"https://x.example/"+strings.Repeat("a", 100_000)+",,1,,,,,,\n"))
	require.EqualError(t, err, "cannot import long.csv: row 2, column url: it is 100018 characters long, too long for a post URL (at most 2048); check the column")
	_, err = f.importFile(reportingtest.ResultsFile(t, "cell.csv", header+postURL(urnA)+",,"+strings.Repeat("9x", 50_000)+",,,,,,\n"))
	require.ErrorContains(t, err, `row 2, column impressions: "9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x"… (100000 characters) is not a whole number`)
}

func TestImportRefusesPartsThatTogetherUnpackTooFar(t *testing.T) {
	t.Parallel()
	raw, size, crc := spaceBomb(t, 40)
	base := withSheet(t, smallWorkbook(t), raw, size, crc)
	// A second 40 MiB part: each is under the limit, together they are over it.
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		require.NoError(t, zw.Copy(f))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/media/padding.bin", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	require.NoError(t, err)
	_, err = w.Write(raw)
	require.NoError(t, err)
	require.NoError(t, zw.Close())

	_, err = parseImport("two.xlsx", out.Bytes())
	require.ErrorIs(t, err, ErrXLSXLimit)
	require.ErrorContains(t, err, "cannot import two.xlsx: it unpacks to more than 64 MiB (its parts up to xl/media/padding.bin add up to 80 MiB)")
}
