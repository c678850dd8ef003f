package claim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
)

// flag is a claim Unsupported returned, as a test states it.
type flag struct{ text, reason, source string }

func flagsOf(t *testing.T, text string, sources ...string) []flag {
	t.Helper()
	cs, err := claim.Unsupported(context.Background(), text, sources...)
	require.NoError(t, err)
	out := []flag{}
	for _, c := range cs {
		out = append(out, flag{c.Text, c.Reason, c.Source})
	}
	return out
}

func TestUnsupportedChecksFiguresInTheirContext(t *testing.T) {
	t.Parallel()
	const survey = "Our survey of 412 finance leaders found that 61% want a faster close. " +
		"Separately, 23% of the companies we audited had restated earnings."
	requireUnsupported(t, flagsOf, []unsupportedCase[flag]{
		{"same subject", "61% of finance leaders want a faster close.", survey, []flag{}},
		{"about something else", "61% of the companies had restated earnings.", survey,
			[]flag{{"61% of the companies", claim.ReasonElsewhere,
				"Our survey of 412 finance leaders found that 61% want a faster close."}}},
		{"steps are not days", "Onboarding takes 9 days.", "Onboarding takes 9 steps. See page 9.",
			[]flag{{"9 days", claim.ReasonElsewhere, "Onboarding takes 9 steps."}}},
		{"a page is not hours", "It takes 12 hours.", "See page 12 for details.",
			[]flag{{"12 hours", claim.ReasonElsewhere, "See page 12 for details."}}},
		{"a unit backs a count of nothing else", "We hired 14 engineers.", "We release every 14 days.",
			[]flag{{"14", claim.ReasonElsewhere, "We release every 14 days."}}},
		{"the neighbouring sentence names it", "61% of CFOs agree.",
			"We asked 412 CFOs about their close. 61% said: too slow.", []flag{}},
		{"a paragraph break ends the neighbourhood", "61% of CFOs agree.",
			"We asked 412 CFOs about it.\n\n61% said: too slow.",
			[]flag{{"61% of CFOs", claim.ReasonElsewhere, "61% said: too slow."}}},
		{"a figure that names its own noun needs it", "61% of CFOs agree.",
			"We asked 412 CFOs about it. 61% of controllers said: too slow.",
			[]flag{{"61% of CFOs", claim.ReasonElsewhere, "61% of controllers said: too slow."}}},
		{"words between two figures belong to the nearer", "Northwind is cutting 120 jobs and hiring 450 engineers.",
			"Northwind will cut 450 jobs. It plans to hire 120 engineers.",
			[]flag{{"120", claim.ReasonElsewhere, "It plans to hire 120 engineers."},
				{"450", claim.ReasonElsewhere, "Northwind will cut 450 jobs."}}},
		{"three in four", "75% of CFOs say so.", "Three in four CFOs say so.", []flag{}},
		{"3 out of 4", "75% of CFOs say so.", "3 out of 4 CFOs say so.", []flag{}},
		{"invented", "87% of CFOs say so.", survey, []flag{{"87% of CFOs", claim.ReasonMissing, ""}}},
		{"a figure with nothing around it stands alone", "$412 million!", "Revenue: $412 million.", []flag{}},
	})
}

func TestUnsupportedChecksDirections(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, flagsOf, []unsupportedCase[flag]{
		{"flipped", "Revenue fell 7% in 2024.", "Revenue rose 7% in 2024.",
			[]flag{{"7%", claim.ReasonDirection, "Revenue rose 7% in 2024."}}},
		{"the same way in other words", "Revenue dropped 7%.", "Revenue fell 7% last year.", []flag{}},
		{"a direction after the figure", "Costs saw a 3% decrease.", "Costs rose 3%.",
			[]flag{{"3%", claim.ReasonDirection, "Costs rose 3%."}}},
		{"no direction in the source", "Revenue fell 7%.", "Revenue changed by 7%.", []flag{}},
		{"no direction in the text", "Revenue moved 7%.", "Revenue rose 7%.", []flag{}},
		{"a bound is no direction", "More than 40% of CFOs agree.", "Errors fell 40% for CFOs.", []flag{}},
		{"up to is no direction", "Up to 40% of CFOs agree.", "40% fewer CFOs agree.", []flag{}},
		{"each figure its own direction", "Revenue fell 7% while costs rose 3%.",
			"Revenue rose 7%, and costs rose 3%.", []flag{{"7%", claim.ReasonDirection, "Revenue rose 7%, and costs rose 3%."}}},
		{"one place the same way is enough", "Revenue fell 7%.", "Revenue rose 7% in May. Revenue fell 7% in June.", []flag{}},
		{"German", "Der Umsatz stieg um 7%.", "Der Umsatz sank um sieben Prozent.",
			[]flag{{"7%", claim.ReasonDirection, "Der Umsatz sank um 7 Prozent."}}},
		{"money", "IT spending will drop by $2.5M.", "IT spending will increase by $2.5M.",
			[]flag{{"$2.5M", claim.ReasonDirection, "IT spending will increase by $2.5M."}}},
	})
}

func TestUnsupportedSaysWhatTheSourceSays(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Finance teams everywhere still work by hand ", 12) + "and 61% of controllers want it faster " +
		strings.Repeat("because the close keeps them late every month ", 12) + "."
	got := flagsOf(t, "61% of CFOs agree.", long)
	require.Len(t, got, 1)
	require.Equal(t, claim.ReasonElsewhere, got[0].reason)
	require.Contains(t, got[0].source, "61% of controllers want it faster")
	require.LessOrEqual(t, len(got[0].source), 250)
	require.True(t, strings.HasPrefix(got[0].source, "…") && strings.HasSuffix(got[0].source, "…"), got[0].source)

	require.Equal(t, []flag{{`"we never close late"`, claim.ReasonMissing, ""}, {"2019", claim.ReasonMissing, ""}},
		flagsOf(t, `She said "we never close late" in 2019.`, long), "quotes and dates are missing or backed")
}

// FuzzUnsupported: on any text and source the check ends without a panic, and every flag is a claim
// of the text with a reason; only a figure carries what the source says.
func FuzzUnsupported(f *testing.F) {
	for _, bc := range benchCases {
		f.Add(bc.draft, bc.source)
	}
	f.Fuzz(func(t *testing.T, text, source string) {
		flags, err := claim.Unsupported(context.Background(), text, source)
		require.NoError(t, err)
		extracted := map[string]bool{}
		for _, c := range claim.Extract(text) {
			extracted[c.Kind+c.Text] = true
		}
		for _, c := range flags {
			require.True(t, extracted[c.Kind+c.Text], "%s: %s", c.Kind, c.Text)
			require.Contains(t, []string{claim.ReasonMissing, claim.ReasonElsewhere, claim.ReasonDirection}, c.Reason)
			require.True(t, c.Source == "" || c.Kind == claim.KindPercent || c.Kind == claim.KindMoney ||
				c.Kind == claim.KindNumber, "%s: %s", c.Kind, c.Source)
		}
	})
}
