package clientos_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestBriefGolden(t *testing.T) {
	t.Parallel()
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(t, fs)
	o.Name = "Northwind Ledger"
	li, ok := o.Style("linkedin")
	require.True(t, ok)
	text := clientos.Brief(o, []clientos.Style{li})
	requireGolden(t, "northwind-linkedin-brief.golden.md", text)
}

// TestExampleBriefsReadIn90Seconds: the example passes the method's own test on every platform, and
// the brief says so in its second line.
func TestExampleBriefsReadIn90Seconds(t *testing.T) {
	t.Parallel()
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(t, fs)
	rs := clientos.BriefReadings(o)
	require.Len(t, rs, len(o.Styles))
	for _, r := range rs {
		require.LessOrEqual(t, r.Seconds, clientos.BriefReadSeconds, "the %s brief", r.Platform)
		s, _ := o.Style(r.Platform)
		require.Contains(t, clientos.Brief(o, []clientos.Style{s}), "\n\n_"+r.String()+"._\n")
	}
	require.Greater(t, clientos.ReadingOf(clientos.Render(o).Text).Seconds, 2*clientos.BriefReadSeconds,
		"the prompt still carries the whole OS, far more than the brief")
}

// TestBriefPutsWhatAContractorNeedsFirst: voice do and don't, the ICP in one line, what never to
// write, pillars in one line each, the platform's rules, two samples, then the files for the rest.
func TestBriefPutsWhatAContractorNeedsFirst(t *testing.T) {
	t.Parallel()
	o := &clientos.OS{
		Brand: clientos.Brand{
			Forbidden:     []string{"synergy"},
			Substitutions: []clientos.Substitution{{Avoid: "leverage", Prefer: "use"}},
			Voice:         "- **Plain words.** No jargon at all.\n- Avoid exclamation marks. They shout.\n- Calm, e.g. when things break. Always.",
			ICP:           "- **Who:** controllers at mid-size firms. They own the close.\n- **Team:** four to twelve.",
			Samples:       []clientos.Sample{{Title: "One", Body: "A."}, {Title: "Two", Body: "B."}, {Title: "Three", Body: "C."}},
		},
		Strategy:  "Grow.",
		Pillars:   []clientos.Pillar{{Name: "Close", Weight: 100, Description: "Faster closes — calendars; owners."}},
		Decisions: []string{"No pricing.", "No competitor names."},
		Styles:    []clientos.Style{{Platform: "blog", Rules: "- Long."}, {Platform: "linkedin", MaxChars: 3000, Rules: "- Short."}},
	}
	li, _ := o.Style("linkedin")
	text := clientos.Brief(o, []clientos.Style{li})
	require.True(t, strings.HasPrefix(text, "# Writing for the client: the 90-second brief\n\n_"), text)
	want := []string{
		"\n## Voice\n\n- **Do:** Plain words. Calm, e.g. when things break.\n- **Don't:** Avoid exclamation marks.\n",
		"\n## Who we write for\n\ncontrollers at mid-size firms.\n",
		"\n## Never write\n\n- \"synergy\"\n- Swap \"leverage\" → \"use\"\n",
		"\n## Pillars (one per piece)\n\n- **Close** (100%): Faster closes\n",
		"\n## Style guide: linkedin\n\nLimits: at most 3000 characters.\n\n- Short.\n",
		"\n## Two sample posts (match the voice, not the words)\n\n### One\n\nA.\n\n### Two\n\nB.\n",
		"\n## The rest of the OS\n\ndecisions.md (2 locked decisions: final) · brand.md (calls to action, 3 samples) · pillars.md · strategy.md · style/blog.md\n",
	}
	at := 0
	for _, w := range want {
		i := strings.Index(text, w)
		require.GreaterOrEqual(t, i, at, "want, in this order:\n%s\ngot:\n%s", w, text)
		at = i
	}
	require.NotContains(t, text, "Three")
	require.NotContains(t, text, "No pricing", "decisions are named, not repeated")
}

// TestBriefOfASmallOS: a tiny OS has one sample, no "Don't" line and no pillar clause to cut.
func TestBriefOfASmallOS(t *testing.T) {
	t.Parallel()
	o := &clientos.OS{
		Brand:   clientos.Brand{Voice: "Plain and calm", ICP: "Controllers", Samples: []clientos.Sample{{Title: "One", Body: "We closed in five days."}}},
		Pillars: []clientos.Pillar{{Name: "Close", Weight: 100}},
	}
	text := clientos.Brief(o, nil)
	require.Contains(t, text, "\n## Voice\n\n- **Do:** Plain and calm.\n\n## Who we write for\n\nControllers.\n")
	require.NotContains(t, text, "Don't")
	require.Contains(t, text, "\n- **Close** (100%)\n")
	require.Contains(t, text, "\n## A sample post (match the voice, not the words)\n\n### One\n\nWe closed in five days.\n")
	require.Contains(t, text, "\n## The rest of the OS\n\nbrand.md (calls to action) · pillars.md\n")
	require.Contains(t, text, "seconds to read._\n")
}

func TestReadingOfCountsWordsNotMarks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text           string
		words, seconds int
	}{
		{"", 0, 0},
		{"## Voice\n\n- **Do:** plain → words", 4, 2},
		{"- --- → ** 3000 #CFO", 2, 1},
		{strings.Repeat("word ", 238), 238, 60},
		{strings.Repeat("word ", 239), 239, 61}, // rounded up
		{strings.Repeat("word ", 357), 357, 90},
		{strings.Repeat("word ", 358), 358, 91},
	} {
		r := clientos.ReadingOf(tc.text)
		require.Equal(t, clientos.Reading{Words: tc.words, Seconds: tc.seconds}, r, "%.40q", tc.text)
		require.Equal(t, tc.seconds > 90, r.Over())
	}
}
