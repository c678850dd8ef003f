package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/regularfile/fifotest"
)

const exampleDir = "../../examples/northwind"

// unreachableDB is a Postgres URL nobody listens on.
const unreachableDB = "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"

func requireExit(t *testing.T, r cliResult, code int) {
	t.Helper()
	require.Equal(t, code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
}

// misuse is a command line mos refuses as a usage error, and what its message says.
type misuse struct {
	args []string
	want string
}

// requireUsageErrors runs each command line against an unreachable database, which proves each
// mistake is caught before anything connects, and checks it exits 2 with its message.
func requireUsageErrors(t *testing.T, cases []misuse) {
	t.Helper()
	for _, tc := range cases {
		r := runMos(t, unreachableDB, tc.args...)
		requireExit(t, r, 2)
		require.Contains(t, r.stderr, tc.want, "mos %v", tc.args)
	}
}

func TestOSHelp(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "os", "--help")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Usage: mos os <subcommand>")
	for _, sub := range []string{"import", "export", "lint", "show", "history", "revert", "prompt", "brief"} {
		for _, flag := range []string{"--help", "-h"} {
			r := runMos(t, "", "os", sub, flag)
			requireExit(t, r, 0)
			require.Contains(t, r.stdout, "Usage: mos os "+sub)
			require.Empty(t, r.stderr)
		}
	}
}

func TestOSUsageErrors(t *testing.T) {
	t.Parallel()
	requireUsageErrors(t, []misuse{
		{[]string{"os"}, "os needs a subcommand"},
		{[]string{"os", "frob"}, `unknown subcommand "frob"`},
		{[]string{"os", "import", exampleDir}, "--client <slug> is required"},
		{[]string{"os", "import", "--client", "acme"}, "missing argument"},
		{[]string{"os", "import", "--client", "acme", "a", "b"}, `unexpected argument "b"`},
		{[]string{"os", "import", "--client", "Acme Corp", exampleDir}, `client slug "Acme Corp" is not valid`},
		{[]string{"os", "import", "--bogus", "--client", "acme", exampleDir}, "flag provided but not defined: -bogus"},
		{[]string{"os", "export", "--client", "acme"}, "missing argument"},
		{[]string{"os", "lint"}, "give a folder or --client <slug>"},
		{[]string{"os", "show", "--client", "acme", "notes"}, `"notes" is not a Client OS document`},
		{[]string{"os", "show", "--client", "acme", "--version", "2"}, "--version needs a document"},
		{[]string{"os", "history", "--client", "acme"}, "missing argument"},
		{[]string{"os", "revert", "--client", "acme", "brand", "latest"}, `version "latest" is not a version number`},
		{[]string{"os", "revert", "brand", "2"}, "--client <slug> is required"},
	})
}

// exampleReadingTimes is the line "mos os lint" ends with for the example OS.
const exampleReadingTimes = "brief reading time at 238 words a minute (aim for 90 s): blog 88 s (346 words), linkedin 88 s (349 words)\n"

func TestOSLintFolder(t *testing.T) {
	t.Parallel()
	// Linting a folder needs no database at all.
	r := runMos(t, "", "os", "lint", exampleDir)
	requireExit(t, r, 0)
	require.Equal(t, exampleDir+": no findings\n"+exampleReadingTimes, r.stdout)

	r = runMos(t, "", "os", "lint", "--platforms", "linkedin,x", exampleDir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/x.md is missing")

	dir := copyExample(t)
	edit(t, dir, "pillars.md", "weight: 30", "weight: 35")
	edit(t, dir, "brand.md", "ctas:", "tone: calm\nctas:")
	r = runMos(t, "", "os", "lint", dir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: pillars.md: pillar weights sum to 105, not 100")
	require.Contains(t, r.stdout, `warning: brand.md: unknown front-matter key "tone"`)
	require.Contains(t, r.stdout, "1 error, 1 warning")
	require.Empty(t, r.stderr)
}

// TestOSLintFolderWithAPipe runs "mos os lint" in-process on a folder where a named pipe stands in
// for a style guide: it returns with the finding instead of waiting for a writer.
func TestOSLintFolderWithAPipe(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	fifotest.Make(t, filepath.Join(dir, "style", "tiktok.md"))
	var stdout, stderr bytes.Buffer
	code := -1
	fifotest.RequireReturns(t, dir, func() {
		code = run(context.Background(), []string{"os", "lint", dir}, &stdout, &stderr)
	})
	require.Equal(t, exitFailure, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	require.Contains(t, stdout.String(), "error: style/tiktok.md is a named pipe (FIFO); an OS folder holds only regular files — replace it with a regular file\n")
	require.Contains(t, stdout.String(), dir+": 1 error, 0 warnings\n")
	require.Empty(t, stderr.String())
}

// importNorthwind imports the example through the binary into a fresh database and returns its URL.
func importNorthwind(t *testing.T) string {
	t.Helper()
	url := pgtest.New(t).URL
	r := runMos(t, url, "os", "import", "--client", "northwind", "--name", "Northwind Ledger", "--timezone", "Europe/Berlin", exampleDir)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "imported "+exampleDir+" into northwind (Northwind Ledger)\n")
	for _, doc := range []string{"brand", "strategy", "pillars", "decisions", "style/blog", "style/linkedin"} {
		require.Contains(t, r.stdout, "\n"+doc+": v1\n")
	}
	return url
}

func TestOSImportShowLint(t *testing.T) {
	t.Parallel()
	url := importNorthwind(t)

	// Flags may follow the folder.
	r := runMos(t, url, "os", "import", exampleDir, "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "brand: unchanged")
	require.NotContains(t, r.stdout, ": v2")

	r = runMos(t, url, "os", "show", "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "northwind — Northwind Ledger (time zone Europe/Berlin)")
	require.Regexp(t, `style/linkedin\s+v1\s+tester\s+\d{4}-\d\d-\d\d \d\d:\d\d CES?T\s+import`, r.stdout)

	r = runMos(t, url, "os", "show", "--client", "northwind", "style/linkedin")
	requireExit(t, r, 0)
	require.Equal(t, readFile(t, exampleDir, "style/linkedin.md"), r.stdout)

	r = runMos(t, url, "os", "lint", "--client", "northwind")
	requireExit(t, r, 0)
	require.Equal(t, "warning: style/linkedin.md: cadence 3/week plans 3 LinkedIn posts a week, but no channel is bound to linkedin, "+
		"so none will be planned; bind one with /mos bind northwind linkedin, or leave cadence out\n"+
		"the stored OS of northwind: 0 errors, 1 warning\n"+exampleReadingTimes, r.stdout)

	r = runMos(t, url, "os", "lint", exampleDir, "--client", "northwind", "--platforms", "x")
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: style/x.md is missing")
}

func TestOSHistoryRevertExport(t *testing.T) {
	t.Parallel()
	url := importNorthwind(t)
	dir := copyExample(t)
	edit(t, dir, "decisions.md", "- We do not write about AI", "- We publish every Tuesday.\n- We do not write about AI")
	r := runMos(t, url, "os", "import", "--client", "northwind", dir)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "decisions: v2\n")
	require.Contains(t, r.stdout, "brand: unchanged")

	r = runMos(t, url, "os", "history", "--client", "northwind", "decisions")
	requireExit(t, r, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 3)
	require.True(t, strings.HasPrefix(lines[1], "v2 "), r.stdout)
	require.True(t, strings.HasPrefix(lines[2], "v1 "), r.stdout)

	r = runMos(t, url, "os", "revert", "--client", "northwind", "decisions", "v1")
	requireExit(t, r, 0)
	require.Equal(t, "decisions: v3 (content of v1)\n", r.stdout)
	r = runMos(t, url, "os", "show", "--client", "northwind", "decisions")
	require.Equal(t, readFile(t, exampleDir, "decisions.md"), r.stdout)
	r = runMos(t, url, "os", "show", "--client", "northwind", "--version", "2", "decisions")
	require.Contains(t, r.stdout, "- We publish every Tuesday.")

	r = runMos(t, url, "os", "revert", "--client", "northwind", "decisions", "9")
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "decisions has no version 9; the versions that exist are v1–v3")

	out := filepath.Join(t.TempDir(), "out")
	r = runMos(t, url, "os", "export", "--client", "northwind", out)
	requireExit(t, r, 0)
	require.Equal(t, "exported 6 documents of northwind to "+out+"\n", r.stdout)
	for _, f := range []string{"brand.md", "strategy.md", "pillars.md", "decisions.md", "style/blog.md", "style/linkedin.md"} {
		require.Equal(t, readFile(t, exampleDir, f), readFile(t, out, f), f)
	}
	r = runMos(t, url, "os", "export", "--client", "northwind", out)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "is not empty")
	require.Contains(t, r.stderr, "--force")
	require.NoError(t, os.WriteFile(filepath.Join(out, "style", "old.md"), []byte("old voice"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(out, "notes.txt"), []byte("call Ana"), 0o644))
	r = runMos(t, url, "os", "export", "--client", "northwind", "--force", out)
	requireExit(t, r, 0)
	require.Equal(t, "exported 6 documents of northwind to "+out+"\n"+
		"left notes.txt as it was: it is not part of a Client OS\n"+
		"left style/old.md as it was: it is not in northwind's stored OS; delete it if it is stale, or importing this folder will store it\n",
		r.stdout)
	require.Equal(t, "old voice", readFile(t, out, "style/old.md"))

	require.NoError(t, os.Remove(filepath.Join(out, "brand.md")))
	require.NoError(t, os.Symlink(filepath.Join(out, "notes.txt"), filepath.Join(out, "brand.md")))
	r = runMos(t, url, "os", "export", "--client", "northwind", "--force", out)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "mos: export refused, nothing was written: in "+out+", brand.md is a symbolic link;")
	require.Equal(t, "call Ana", readFile(t, out, "notes.txt"))
}

func TestOSImportRefused(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	dir := copyExample(t)
	require.NoError(t, os.Remove(filepath.Join(dir, "strategy.md")))
	edit(t, dir, "brand.md", "## ICP", "## Audience")
	r := runMos(t, db.URL, "os", "import", "--client", "acme", dir)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "error: strategy.md is missing")
	require.Contains(t, r.stdout, `error: brand.md: has no "## ICP" section`)
	require.Contains(t, r.stdout, "nothing was written")

	r = runMos(t, db.URL, "os", "show", "--client", "acme")
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, `no client "acme": import one with "mos os import --client acme <dir>"`)
}

func TestOSDatabaseProblems(t *testing.T) {
	t.Parallel()
	empty := pgtest.Empty(t)
	r := runMos(t, empty.URL, "os", "show", "--client", "acme")
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, `is not migrated (or is behind this mos): run "mos migrate" first`)

	r = runMos(t, unreachableDB, "os", "import", "--client", "acme", exampleDir)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "cannot reach the database at postgres://postgres@127.0.0.1:1/x")
	require.Contains(t, r.stderr, "is Postgres running and DATABASE_URL right?")

	r = runMos(t, "", "os", "lint", "--client", "acme")
	requireExit(t, r, 2)
	require.Contains(t, r.stderr, "DATABASE_URL is not set")
}

func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	require.NoError(t, os.CopyFS(dst, os.DirFS(exampleDir)))
	return dst
}

func edit(t *testing.T, dir, name, old, new string) {
	t.Helper()
	b := readFile(t, dir, name)
	require.Contains(t, b, old)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(b, old, new, 1)), 0o644))
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(b)
}
