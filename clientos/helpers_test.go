package clientos_test

import (
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/database/pgtest"
)

const exampleDir = "../examples/northwind"

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// requireGolden requires text to be testdata/file, which -update rewrites with it.
func requireGolden(t *testing.T, file, text string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./clientos -run "+t.Name()+" -update to create it")
	require.Equal(t, string(want), text)
}

// acmeDB is a fresh database holding one client, acme, with the given display name ("" for the slug).
func acmeDB(t *testing.T, name string) (*pgtest.DB, clientos.Client) {
	t.Helper()
	db := pgtest.New(t)
	c, err := clientos.EnsureClient(context.Background(), db.Pool, "acme", name, "")
	require.NoError(t, err)
	return db, c
}

// copyExample copies the example client OS into a fresh folder the test may change.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	require.NoError(t, os.CopyFS(dst, os.DirFS(exampleDir)))
	return dst
}

// readTree returns every file under dir, keyed by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return out
}

// read returns the content of dir/name.
func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

// edit replaces old with new in dir/name, failing if old is not there (so fixtures cannot drift).
func edit(t *testing.T, dir, name, old, new string) {
	t.Helper()
	content := read(t, dir, name)
	require.Contains(t, content, old, "fixture %s no longer contains %q", name, old)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(content, old, new, 1)), 0o644))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// count returns the number of rows a query counts.
func count(t *testing.T, db database.DBTX, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

// importExample imports the example as slug into a fresh database.
func importExample(t *testing.T, slug string) (*pgtest.DB, clientos.ImportResult) {
	t.Helper()
	db := pgtest.New(t)
	res, err := clientos.ImportDir(context.Background(), db.Pool, slug, "Northwind Ledger", exampleDir, "tester")
	require.NoError(t, err)
	return db, res
}

// storedExample imports the example as client "northwind" and returns its database, the import
// and the client's current snapshot.
func storedExample(t *testing.T) (*pgtest.DB, clientos.ImportResult, clientos.Snapshot) {
	t.Helper()
	db, res := importExample(t, "northwind")
	snap, err := clientos.Current(context.Background(), db.Pool, res.Client.ID)
	require.NoError(t, err)
	return db, res, snap
}
