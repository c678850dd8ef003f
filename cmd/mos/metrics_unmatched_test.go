package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/reporting/reportingtest"
)

// unmatchedCSV is an import file of n rows whose posts no piece has.
func unmatchedCSV(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(resultsHeader)
	for i := range n {
		fmt.Fprintf(&b, "https://www.linkedin.com/feed/update/urn:li:activity:%d,2026-03-06,100,1,,,,,\n", 7300000000000000000+i)
	}
	return reportingtest.ResultsFile(t, "big.csv", b.String())
}

// TestMetricsImportManyUnmatchedRows: 49,000 unmatched rows print the first 20 and a count of the
// rest; --unmatched-csv writes them all.
func TestMetricsImportManyUnmatchedRows(t *testing.T) {
	t.Parallel()
	db := northwindDB(t)
	path := unmatchedCSV(t, 49_000)

	r := runMos(t, db.URL, "metrics", "import", "--client", "northwind", path)
	requireExit(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 2+1+maxListedRows+1, r.stdout)
	require.Contains(t, r.stdout, "49000 rows: 0 matched (0 new, 0 updated, 0 unchanged), 49000 unmatched, 0 refused\n")
	require.Contains(t, r.stdout, "  row 2: https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000000\n")
	require.Contains(t, r.stdout, "  row 21: https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000019\n")
	require.NotContains(t, r.stdout, "row 22:")
	require.Equal(t, "  … and 48,980 more; --unmatched-csv FILE writes them all", lines[len(lines)-1])

	out := filepath.Join(t.TempDir(), "unmatched.csv")
	r = runMos(t, db.URL, "metrics", "import", "--client", "northwind", "--unmatched-csv", out, path)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "  … and 48,980 more; all 49,000 are in "+out+"\n")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 49_001)
	require.Equal(t, []string{"row", "url"}, records[0])
	require.Equal(t, []string{"49001", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000048999"}, records[49_000])
}

// TestMetricsImportUnmatchedCSVBadPath: a path that cannot be written, or the import file itself,
// is refused before anything is imported, and the import file is left as it was.
func TestMetricsImportUnmatchedCSVBadPath(t *testing.T) {
	t.Parallel()
	path := unmatchedCSV(t, 3)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	missing := filepath.Join(t.TempDir(), "no", "such", "dir.csv")
	for _, tc := range []struct{ out, want string }{
		{missing, "--unmatched-csv: cannot write " + missing + " (no such file or directory); give a path in a folder you can write to"},
		{path, "--unmatched-csv " + path + " is the file being imported; give another path, e.g. unmatched.csv"},
	} {
		r := runMos(t, unreachableDB, "metrics", "import", "--client", "northwind", "--unmatched-csv", tc.out, path)
		requireExit(t, r, 2)
		require.Contains(t, r.stderr, tc.want)
		require.Empty(t, r.stdout)
	}
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)
}
