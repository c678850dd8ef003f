package clientos_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestParseCadence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want clientos.Cadence
		err  string
	}{
		{"3/week", clientos.Cadence{Count: 3, Per: clientos.PerWeek}, ""},
		{" 3 / Week ", clientos.Cadence{Count: 3, Per: clientos.PerWeek}, ""},
		{"1/day", clientos.Cadence{Count: 1, Per: clientos.PerDay}, ""},
		{"12/months", clientos.Cadence{Count: 12, Per: clientos.PerMonth}, ""},
		{"20/day", clientos.Cadence{Count: 20, Per: clientos.PerDay}, ""},
		{"140/week", clientos.Cadence{Count: 140, Per: clientos.PerWeek}, ""},
		{"560/month", clientos.Cadence{Count: 560, Per: clientos.PerMonth}, ""},
		{"0/week", clientos.Cadence{}, "is 0/week; a cadence is at least 1 a week — to plan nothing, leave cadence out"},
		{"50/day", clientos.Cadence{}, "is 50/day, more than the 20 a day one team can approve"},
		{"141/week", clientos.Cadence{}, "is 141/week, more than the 140 a week (20 a day) one team can approve"},
		{"561/month", clientos.Cadence{}, "is 561/month, more than the 560 a month (20 a day)"},
		{"three a week", clientos.Cadence{}, `is "three a week"; write a whole number of pieces per day, week or month, e.g. cadence: 3/week`},
		{"3", clientos.Cadence{}, `is "3"; write a whole number`},
		{"-1/week", clientos.Cadence{}, `is "-1/week"; write a whole number`},
		{"3/fortnight", clientos.Cadence{}, `is "3/fortnight"; count per day, week or month`},
		{"9999999/week", clientos.Cadence{}, `is "9999999/week"; write a whole number`},
		{"", clientos.Cadence{}, `is ""; write a whole number`},
	} {
		c, err := clientos.ParseCadence(tc.text)
		if tc.err != "" {
			require.ErrorContains(t, err, tc.err, tc.text)
			continue
		}
		require.NoError(t, err, tc.text)
		require.Equal(t, tc.want, c, tc.text)
		require.True(t, c.IsSet())
	}
}

func TestCadenceCheckCap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cadence string
		cap     int
		err     string
	}{
		{"3/week", 1, ""},
		{"7/week", 1, ""},
		{"8/week", 1, "cadence 8/week is more than a daily cap of 1 allows (at most 7 a week); lower the cadence, or raise the cap with /mos cap"},
		{"3/day", 3, ""},
		{"20/day", 3, "cadence 20/day is more than a daily cap of 3 allows (at most 3 a day)"},
		{"84/month", 3, ""},
		{"85/month", 3, "(at most 84 a month, counting a 28-day month)"},
		{"1/month", 0, "cadence 1/month is more than a daily cap of 0 allows (at most 0 a month"},
	} {
		c, err := clientos.ParseCadence(tc.cadence)
		require.NoError(t, err)
		err = c.CheckCap(tc.cap)
		if tc.err == "" {
			require.NoError(t, err, "%s with cap %d", tc.cadence, tc.cap)
		} else {
			require.ErrorContains(t, err, tc.err, "%s with cap %d", tc.cadence, tc.cap)
		}
	}
	require.NoError(t, clientos.Cadence{}.CheckCap(0), "no cadence always fits")
}

func TestCadenceDescribe(t *testing.T) {
	t.Parallel()
	require.Equal(t, "3 LinkedIn posts a week", clientos.Cadence{Count: 3, Per: clientos.PerWeek}.Describe("linkedin"))
	require.Equal(t, "1 X post a day", clientos.Cadence{Count: 1, Per: clientos.PerDay}.Describe("x"))
	require.Equal(t, "2 Threads posts a month", clientos.Cadence{Count: 2, Per: clientos.PerMonth}.Describe("threads"))
	require.Equal(t, "4 blog posts a month", clientos.Cadence{Count: 4, Per: clientos.PerMonth}.Describe("blog"))
	require.Equal(t, "3/week", clientos.Cadence{Count: 3, Per: clientos.PerWeek}.String())
}

// TestExampleCadenceIsParsed: the example plans LinkedIn only.
func TestExampleCadenceIsParsed(t *testing.T) {
	t.Parallel()
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(t, fs)
	li, _ := o.Style("linkedin")
	require.Equal(t, clientos.Cadence{Count: 3, Per: clientos.PerWeek}, li.Cadence)
	blog, _ := o.Style("blog")
	require.False(t, blog.Cadence.IsSet())
}

// TestCadenceAgainstBoundChannels: with the client's bindings known, a cadence must fit the caps of
// the channels bound to its platform; a cadence with no channel is a warning only when asked for.
func TestCadenceAgainstBoundChannels(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	edit(t, dir, "style/linkedin.md", "cadence: 3/week", "cadence: 8/week")
	docs := map[string]string{}
	for name, content := range readTree(t, dir) {
		docs[strings.TrimSuffix(name, ".md")] = content
	}
	lint := func(p clientos.Platforms) []clientos.Finding { return clientos.LintFor(docs, p) }

	require.Empty(t, lint(clientos.Platforms{}), "bindings unknown: syntax only")
	require.Empty(t, lint(clientos.Platforms{Bound: []string{"linkedin"}, Caps: map[string]int{"linkedin": 2}}), "2 a day allows 14 a week")
	requireFinding(t, lint(clientos.Platforms{Bound: []string{"linkedin"}, Caps: map[string]int{"linkedin": 1}}),
		"style/linkedin", clientos.SeverityError,
		"style/linkedin.md: cadence 8/week is more than a daily cap of 1 allows (at most 7 a week); lower the cadence, or raise the cap with /mos cap")

	require.Empty(t, lint(clientos.Platforms{Caps: map[string]int{}}), "an import does not warn before channels are bound")
	fs := lint(clientos.Platforms{Caps: map[string]int{}, WarnUnbound: true})
	requireFinding(t, fs, "style/linkedin", clientos.SeverityWarning,
		"style/linkedin.md: cadence 8/week plans 8 LinkedIn posts a week, but no channel is bound to linkedin, so none will be planned; bind one with /mos bind <client> linkedin, or leave cadence out")
	require.Len(t, fs, 1, "the blog has no cadence")
}

// TestBoundCapsAndImport: caps add up over the channels bound to a platform (two channels of one
// client and platform share its plan), and an import whose cadence they cannot meet is refused.
func TestBoundCapsAndImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, res := importExample(t, "northwind")
	caps, err := clientos.BoundCaps(ctx, db.Pool, res.Client.ID)
	require.NoError(t, err)
	require.NotNil(t, caps)
	require.Empty(t, caps)

	_, err = db.Pool.Exec(ctx, `INSERT INTO channel_bindings (channel_id, client_id, platform, daily_cap, created_by)
		VALUES ('C1', $1, 'linkedin', 0, 'U1'), ('C2', $1, 'linkedin', 1, 'U1'), ('C3', $1, 'blog', 2, 'U1')`, res.Client.ID)
	require.NoError(t, err)
	caps, err = clientos.BoundCaps(ctx, db.Pool, res.Client.ID)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"linkedin": 1, "blog": 2}, caps)

	dir := copyExample(t)
	edit(t, dir, "style/linkedin.md", "cadence: 3/week", "cadence: 2/day")
	_, err = clientos.ImportDir(ctx, db.Pool, "northwind", "", dir, "tester")
	var fe *clientos.FindingsError
	require.ErrorAs(t, err, &fe)
	requireFinding(t, fe.Findings, "style/linkedin", clientos.SeverityError, "cadence 2/day is more than a daily cap of 1 allows")
	require.Equal(t, 6, count(t, db.Pool, `SELECT count(*) FROM os_versions`), "nothing was written")

	// A cadence that fits is a new version like any edit, and the stored OS reads it back.
	edit(t, dir, "style/linkedin.md", "cadence: 2/day", "cadence: 5/week")
	again, err := clientos.ImportDir(ctx, db.Pool, "northwind", "", dir, "tester")
	require.NoError(t, err)
	require.Empty(t, again.Warnings)
	snap, err := clientos.Current(ctx, db.Pool, res.Client.ID)
	require.NoError(t, err)
	require.Equal(t, 2, snap.Versions()["style/linkedin"])
	o, err := snap.OS()
	require.NoError(t, err)
	li, _ := o.Style("linkedin")
	require.Equal(t, "5/week", li.Cadence.String())
}
