package clientos_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

// TestLintWarnsWhenABriefTakesOver90Seconds: only the platform whose brief is too long is named, with
// its longest parts, longest first, and the file each comes from.
func TestLintWarnsWhenABriefTakesOver90Seconds(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	long := strings.Repeat("- Say it once, plainly, then stop.\n", 20) // 120 words
	edit(t, dir, "style/linkedin.md", "- Links go in the first comment, not the body.\n",
		"- Links go in the first comment, not the body.\n"+long)
	fs := clientos.LintDir(dir, nil)
	require.Len(t, fs, 1, "%v", fs)
	f := fs[0]
	require.Equal(t, clientos.SeverityWarning, f.Severity)
	require.Empty(t, f.Document)
	require.Regexp(t, `^the linkedin brief takes about 1\d\d seconds to read \(\d+ words at 238 a minute\), over the 90 seconds a contractor should need; shorten its longest parts: linkedin rules in style/linkedin\.md \(1\d\d words\), sample posts in brand\.md \(\d+ words\), pillars in pillars\.md \(\d+ words\)$`, f.Message)

	o, _ := clientos.LoadDir(dir, nil)
	rs := clientos.BriefReadings(o)
	require.Equal(t, "blog", rs[0].Platform)
	require.False(t, rs[0].Over())
	require.True(t, rs[1].Over())
	require.Equal(t, "blog 88 s (346 words), linkedin 119 s (469 words)", clientos.FormatReadings(rs))
}

// TestBriefReadingsWithoutAStyleGuide: an OS with no style guide still has one brief to time.
func TestBriefReadingsWithoutAStyleGuide(t *testing.T) {
	t.Parallel()
	o := &clientos.OS{Brand: clientos.Brand{Voice: "Plain.", ICP: "Controllers."}}
	rs := clientos.BriefReadings(o)
	require.Len(t, rs, 1)
	require.Empty(t, rs[0].Platform)
	require.Equal(t, "8 s (31 words)", clientos.FormatReadings(rs))
}

// BenchmarkBriefReadings is what lint adds to every check: one brief per platform, rendered and timed.
func BenchmarkBriefReadings(b *testing.B) {
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(b, fs)
	for b.Loop() {
		if len(clientos.BriefReadings(o)) != 2 {
			b.Fatal("two platforms, two briefs")
		}
	}
}
