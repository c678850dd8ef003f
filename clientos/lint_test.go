package clientos_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/regularfile/fifotest"
)

func TestExampleLintsClean(t *testing.T) {
	t.Parallel()
	require.Empty(t, clientos.LintDir(exampleDir, []string{"linkedin", "blog"}))
}

type lintCase struct {
	name      string
	platforms []string
	mutate    func(t *testing.T, dir string)
	doc       string
	severity  clientos.Severity
	phrase    string
}

// writePillars replaces pillars.md with one pillar per weight.
func writePillars(weights ...int) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		var b strings.Builder
		b.WriteString("---\npillars:\n")
		for i, w := range weights {
			fmt.Fprintf(&b, "  - {name: Pillar %d, weight: %d, description: about %d}\n", i, w, i)
		}
		write(t, dir, "pillars.md", b.String()+"---\n")
	}
}

func lintCases() []lintCase {
	e, w := clientos.SeverityError, clientos.SeverityWarning
	rm := func(name string) func(*testing.T, string) {
		return func(t *testing.T, dir string) { require.NoError(t, os.RemoveAll(filepath.Join(dir, name))) }
	}
	ed := func(name, old, new string) func(*testing.T, string) {
		return func(t *testing.T, dir string) { edit(t, dir, name, old, new) }
	}
	return []lintCase{
		{"missing folder", nil, rm(""), "", e, "does not exist"},
		{"missing brand", nil, rm("brand.md"), "brand", e, "brand.md is missing"},
		{"missing strategy", nil, rm("strategy.md"), "strategy", e, "strategy.md is missing"},
		{"missing pillars", nil, rm("pillars.md"), "pillars", e, "pillars.md is missing"},
		{"missing decisions", nil, rm("decisions.md"), "decisions", e, "decisions.md is missing"},
		{"no style guide", nil, rm("style"), "style", e, "no style guide"},
		{"bound platform without style guide", []string{"linkedin", "x"}, nil, "style/x", e, "x is one of the client's platforms"},
		{"unreadable file", nil, func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "brand.md")))
			require.NoError(t, os.Mkdir(filepath.Join(dir, "brand.md"), 0o755))
		}, "brand", e, "cannot be read"},
		{"file over 1 MiB", nil, func(t *testing.T, dir string) {
			write(t, dir, "strategy.md", "# Strategy\n\n"+strings.Repeat("40 demos. ", 110_000))
		}, "strategy", e, "1 MiB"},
		{"invalid UTF-8", nil, ed("decisions.md", "# Locked decisions", "# Locked \xff decisions"), "decisions", e, "not valid UTF-8"},
		{"malformed YAML", nil, ed("brand.md", "  leverage: use", "  leverage: [use"), "brand", e, "not valid YAML"},
		{"unclosed front matter", nil, ed("style/linkedin.md", "cadence: 3/week\n---\n", "cadence: 3/week\n"), "style/linkedin", e, "never closed"},
		{"front matter not a mapping", nil, func(t *testing.T, dir string) {
			write(t, dir, "pillars.md", "---\n- Faster close\n- Customer stories\n---\n")
		}, "pillars", e, "must be a mapping of keys (key: value), not a list"},
		{"unknown front-matter key", nil, ed("brand.md", "ctas:", "tone: friendly\nctas:"), "brand", w, `unknown front-matter key "tone"`},
		{"weight not a number", nil, ed("pillars.md", "weight: 30", `weight: "30%"`), "pillars", e, "is not a number"},
		{"weights do not sum to 100", nil, ed("pillars.md", "weight: 30", "weight: 35"), "pillars", e, "sum to 105, not 100"},
		{"too few pillars", nil, writePillars(40, 30, 30), "pillars", e, "has 3 pillars"},
		{"too many pillars", nil, writePillars(20, 20, 20, 10, 10, 10, 10), "pillars", e, "has 7 pillars"},
		{"duplicate pillar names", nil, ed("pillars.md", "name: Customer stories", "name: faster CLOSE"), "pillars", e, "duplicate pillar name"},
		{"empty forbidden list", nil, func(t *testing.T, dir string) {
			head, rest, _ := strings.Cut(read(t, dir, "brand.md"), "substitutions:")
			head = head[:strings.Index(head, "forbidden:")] + "forbidden: []\n"
			write(t, dir, "brand.md", head+"substitutions:"+rest)
		}, "brand", e, "forbidden list is empty"},
		{"no sample post", nil, func(t *testing.T, dir string) {
			head, _, _ := strings.Cut(read(t, dir, "brand.md"), "## Sample posts")
			write(t, dir, "brand.md", head)
		}, "brand", e, "no sample post"},
		{"max_chars zero", nil, ed("style/linkedin.md", "max_chars: 3000", "max_chars: 0"), "style/linkedin", e, "max_chars is 0"},
		{"max_hashtags negative", nil, ed("style/linkedin.md", "max_hashtags: 3", "max_hashtags: -1"), "style/linkedin", e, "max_hashtags is -1"},
		{"max_chars 1", nil, ed("style/linkedin.md", "max_chars: 3000", "max_chars: 1"), "style/linkedin", e,
			"style/linkedin.md: max_chars is 1; it must be between 100 and 100000 characters"},
		{"max_chars over 100,000", nil, ed("style/linkedin.md", "max_chars: 3000", "max_chars: 100001"), "style/linkedin", e,
			"style/linkedin.md: max_chars is 100001; it must be between 100 and 100000"},
		{"max_hashtags over 30", nil, ed("style/linkedin.md", "max_hashtags: 3", "max_hashtags: 31"), "style/linkedin", e,
			"style/linkedin.md: max_hashtags is 31; it must be between 0 and 30"},
		{"format not plain or markdown", nil, ed("style/linkedin.md", "max_hashtags: 3", "max_hashtags: 3\nformat: html"), "style/linkedin", e,
			`style/linkedin.md: format is "html"; write plain`},
		{"cadence zero", nil, ed("style/linkedin.md", "cadence: 3/week", "cadence: 0/week"), "style/linkedin", e,
			"style/linkedin.md: cadence is 0/week; a cadence is at least 1 a week — to plan nothing, leave cadence out"},
		{"cadence over any sane bound", nil, ed("style/linkedin.md", "cadence: 3/week", "cadence: 50/day"), "style/linkedin", e,
			"style/linkedin.md: cadence is 50/day, more than the 20 a day one team can approve; write the number you mean to publish"},
		{"cadence in words", nil, ed("style/linkedin.md", "cadence: 3/week", "cadence: three a week"), "style/linkedin", e,
			`style/linkedin.md: cadence is "three a week"; write a whole number of pieces per day, week or month, e.g. cadence: 3/week`},
		{"cadence without a period", nil, ed("style/linkedin.md", "cadence: 3/week", "cadence: 3"), "style/linkedin", e,
			`cadence is "3"; write a whole number of pieces per day, week or month`},
		{"cadence as a list", nil, ed("style/linkedin.md", "cadence: 3/week", "cadence: [3, week]"), "style/linkedin", e,
			"style/linkedin.md: cadence is a list; write a whole number"},
		{"max_chars not a number", nil, ed("style/linkedin.md", "max_chars: 3000", "max_chars: lots"), "style/linkedin", e, "max_chars must be a whole number"},
		{"missing voice", nil, ed("brand.md", "## Voice", "## Tone"), "brand", e, "no \"## Voice\" section"},
		{"missing ICP", nil, ed("brand.md", "## ICP", "## Audience"), "brand", e, "no \"## ICP\" section"},
		{"bad platform file name", nil, func(t *testing.T, dir string) {
			write(t, dir, "style/Twitter X.md", "rules\n")
		}, "style", e, "style/twitter-x.md"},
		{"token budget", nil, ed("strategy.md", "## How we measure", strings.Repeat("x", 30_000)+"\n\n## How we measure"), "", w, "prompt tokens"},
		{"word budget", nil, ed("strategy.md", "## How we measure", strings.Repeat("a ", 1500)+"\n\n## How we measure"), "", w, "words"},
		{"forbidden phrase in a sample post", nil, ed("brand.md", "No new hires.", "No new hires. It was a seamless mess."),
			"brand", w, `uses the forbidden phrase "seamless"`},
		{"unknown file", nil, func(t *testing.T, dir string) { write(t, dir, "notes.txt", "hi") }, "", w, "notes.txt is not part of a Client OS"},
		{"document is a link inside the folder", nil, func(t *testing.T, dir string) {
			write(t, dir, "drafts/strategy.md", "# Strategy\n\n40 demos this quarter.\n")
			replaceWithLink(t, dir, "strategy.md", "drafts/strategy.md")
		}, "strategy", e, "strategy.md is a symbolic link; an OS folder holds only regular files — copy the file in instead"},
		{"document is a link to /etc/passwd", nil, func(t *testing.T, dir string) {
			replaceWithLink(t, dir, "strategy.md", "/etc/passwd")
		}, "strategy", e, "strategy.md is a symbolic link; an OS folder holds only regular files — copy the file in instead"},
		{"style guide is a link out of the folder", nil, func(t *testing.T, dir string) {
			replaceWithLink(t, dir, "style/evil.md", filepath.Join(copyExample(t), "style", "linkedin.md"))
		}, "style/evil", e, "style/evil.md is a symbolic link; an OS folder holds only regular files — copy the file in instead"},
		{"style folder is a link", nil, func(t *testing.T, dir string) {
			replaceWithLink(t, dir, "style", filepath.Join(copyExample(t), "style"))
		}, "style", e, "style/ is a symbolic link; an OS folder holds only regular files and folders — make style/ a real folder"},
		{"style is a file", nil, func(t *testing.T, dir string) {
			require.NoError(t, os.RemoveAll(filepath.Join(dir, "style")))
			write(t, dir, "style", "voice rules")
		}, "style", e, "style is a regular file, not a folder; make style/ a folder"},
		{"style guide is a named pipe", nil, func(t *testing.T, dir string) {
			fifotest.Make(t, filepath.Join(dir, "style", "tiktok.md"))
		}, "style/tiktok", e, "style/tiktok.md is a named pipe (FIFO); an OS folder holds only regular files — replace it with a regular file"},
		{"document is a named pipe", nil, func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "decisions.md")))
			fifotest.Make(t, filepath.Join(dir, "decisions.md"))
		}, "decisions", e, "decisions.md is a named pipe (FIFO)"},
		{"document is a socket", nil, func(t *testing.T, dir string) {
			l, err := net.Listen("unix", filepath.Join(dir, "style", "x.md"))
			require.NoError(t, err)
			t.Cleanup(func() { l.Close() })
		}, "style/x", e, "style/x.md is a socket; an OS folder holds only regular files"},
	}
}

// replaceWithLink puts a symbolic link to target at dir/name, in place of what was there.
func replaceWithLink(t *testing.T, dir, name, target string) {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.RemoveAll(path))
	require.NoError(t, os.Symlink(target, path))
}

// TestLintFindings mutates one file of the example per case, checks the finding, and checks that an
// import of a folder with an error writes nothing while warnings do not block it.
func TestLintFindings(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	for i, tc := range lintCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copyExample(t)
			if tc.mutate != nil {
				tc.mutate(t, dir)
			}
			var fs []clientos.Finding
			fifotest.RequireReturns(t, dir, func() { fs = clientos.LintDir(dir, tc.platforms) })
			requireFinding(t, fs, tc.doc, tc.severity, tc.phrase)

			if tc.platforms != nil {
				return // bound platforms come from channel bindings, tested in TestLintBoundPlatforms
			}
			slug := "case-" + string(rune('a'+i/26)) + string(rune('a'+i%26))
			ctx := context.Background()
			var res clientos.ImportResult
			var err error
			fifotest.RequireReturns(t, dir, func() { res, err = clientos.ImportDir(ctx, db.Pool, slug, "", dir, "tester") })
			if tc.severity == clientos.SeverityWarning {
				require.NoError(t, err)
				requireFinding(t, res.Warnings, tc.doc, tc.severity, tc.phrase)
				return
			}
			var fe *clientos.FindingsError
			require.True(t, errors.As(err, &fe), "import must be refused, got %v", err)
			requireFinding(t, fe.Findings, tc.doc, tc.severity, tc.phrase)
			require.Zero(t, count(t, db.Pool, `SELECT count(*) FROM clients WHERE slug = $1`, slug))
		})
	}
	t.Cleanup(func() {
		// Only the warning cases may have written anything.
		warnings := 0
		for _, tc := range lintCases() {
			if tc.severity == clientos.SeverityWarning {
				warnings++
			}
		}
		require.Equal(t, warnings, count(t, db.Pool, `SELECT count(*) FROM clients`))
		require.Equal(t, 6*warnings, count(t, db.Pool, `SELECT count(*) FROM os_versions`))
		require.Equal(t, warnings, count(t, db.Pool, `SELECT count(*) FROM audit_log`))
	})
}

func requireFinding(t *testing.T, fs []clientos.Finding, doc string, sev clientos.Severity, phrase string) {
	t.Helper()
	for _, f := range fs {
		if f.Document == doc && f.Severity == sev && strings.Contains(f.Message, phrase) {
			return
		}
	}
	t.Fatalf("no %s finding for %q containing %q in:\n%s", sev, doc, phrase, findingsText(fs))
}

func findingsText(fs []clientos.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  [" + f.Document + "] " + f.String() + "\n")
	}
	return b.String()
}

func TestLintMessagesNameTheFile(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	edit(t, dir, "pillars.md", "weight: 30", "weight: 35")
	fs := clientos.LintDir(dir, nil)
	require.Len(t, fs, 1)
	require.Equal(t, "error: pillars.md: pillar weights sum to 105, not 100; adjust them so they add up to exactly 100", fs[0].String())
}

func TestLintStoredAndBoundPlatforms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, res, snap := storedExample(t)
	require.Empty(t, snap.Lint(nil))

	_, err := db.Pool.Exec(ctx, `INSERT INTO channel_bindings (channel_id, client_id, platform, daily_cap, created_by)
		VALUES ('C1', $1, 'x', 3, 'U1')`, res.Client.ID)
	require.NoError(t, err)
	platforms, err := clientos.BoundPlatforms(ctx, db.Pool, res.Client.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"x"}, platforms)
	requireFinding(t, snap.Lint(platforms), "style/x", clientos.SeverityError, "style/x.md is missing")

	// A re-import is refused now that the client is bound to a platform without a style guide.
	_, err = clientos.ImportDir(ctx, db.Pool, "northwind", "", exampleDir, "tester")
	var fe *clientos.FindingsError
	require.ErrorAs(t, err, &fe)
	requireFinding(t, fe.Findings, "style/x", clientos.SeverityError, "channels are bound to it")
}

func TestLintDocument(t *testing.T) {
	t.Parallel()
	fs := clientos.LintDocument("style/LinkedIn", "rules")
	require.True(t, clientos.HasErrors(fs))
	require.Contains(t, fs[0].Message, "is not a Client OS document")

	fs = clientos.LintDocument("decisions", "- one\n- two\n")
	require.Empty(t, fs)
}

// TestByteOrderMarkIsDropped gives every document the byte order mark some editors write: the
// folder lints clean, and importing it over the example changes nothing.
func TestByteOrderMarkIsDropped(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	for doc, content := range readTree(t, dir) {
		write(t, dir, doc, "\uFEFF"+content)
	}
	require.Empty(t, clientos.LintDir(dir, nil))
	require.Empty(t, clientos.LintDocument("pillars", "\uFEFF"+readTree(t, exampleDir)["pillars.md"]))

	db, _ := importExample(t, "northwind")
	res, err := clientos.ImportDir(context.Background(), db.Pool, "northwind", "", dir, "tester")
	require.NoError(t, err)
	for _, d := range res.Documents {
		require.False(t, d.Changed, "%s: the byte order mark is not part of the document", d.Document)
	}
	_, changed, err := clientos.SaveDocument(context.Background(), db.Pool, res.Client.ID, "brand",
		"\uFEFF"+readTree(t, exampleDir)["brand.md"], "tester", "edit")
	require.NoError(t, err)
	require.False(t, changed, "a save drops the byte order mark too")
}
