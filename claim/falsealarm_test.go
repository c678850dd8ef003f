package claim_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// falseAlarm is a claim in a text and a source that backs it, spelled another way.
type falseAlarm struct {
	name, text, source string
	want               []string
}

func runFalseAlarms(t *testing.T, cases []falseAlarm) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, c.want, unsupported(t, c.text, c.source))
		})
	}
}

func TestUnsupportedIgnoresInvisibleCharacters(t *testing.T) {
	t.Parallel()
	runFalseAlarms(t, []falseAlarm{
		{"soft hyphen in a source word", `She said "reconciliation takes forever here".`,
			"\"Recon\u00adcil\u00adiation takes forever here,\" she said.", []string{}},
		{"soft hyphen in a draft word", "She said \"recon\u00adciliation takes forever here\".",
			`"Reconciliation takes forever here," she said.`, []string{}},
		{"zero-width space inside a figure", "Now 61% of CFOs agree.", "61\u200b% of respondents", []string{}},
		{"zero-width joiner and word joiner", "It cost $4.2M.", "a bill of $4.\u200d2\u2060 million", []string{}},
		{"byte order mark before a figure", "It cost $4.2M.", "\ufeff$4.2M was spent", []string{}},
		{"zero-width characters in the draft", "It cost $4.\u200b2M over 9\u200c days.", "$4.2M in 9 days", []string{}},
		{"non-breaking spaces", "it takes 9 days", "it takes 9\u00a0days", []string{}},
		{"narrow no-break space in money", "It cost €3 bn.", "a bill of €3\u202fbn", []string{}},
		{"invented figure still flagged", "Now 87\u00ad% of CFOs agree.", "61% of respondents",
			[]string{"percent: 87% of CFOs"}},
	})
}

func TestUnsupportedQuotes(t *testing.T) {
	t.Parallel()
	const said = `"We won back three days in the close, and nobody reads the memo anymore," said Dana.`
	runFalseAlarms(t, []falseAlarm{
		{"ellipsis character", `Dana: "We won back three days … nobody reads the memo anymore."`, said, []string{}},
		{"three dots", `Dana: "We won back three days... nobody reads the memo anymore."`, said, []string{}},
		{"bracketed ellipsis", `Dana: "We won back three days in the close […] nobody reads the memo."`, said, []string{}},
		{"bracketed dots", `Dana: "We won back [...] the close, and nobody reads the memo anymore."`, said, []string{}},
		{"parts out of order", `Dana: "nobody reads the memo anymore … we won back three days."`, said,
			[]string{`quote: "nobody reads the memo anymore … we won back three days."`}},
		{"a part not in the source", `Dana: "We won back three days … and automation changed everything."`, said,
			[]string{`quote: "We won back three days … and automation changed everything."`}},
		{"curly quotes and an em dash", "Dana: \u201cWe won back three days in the close \u2014 and nobody reads the memo\u201d",
			`"We won back three days in the close - and nobody reads the memo anymore"`, []string{}},
		{"single curly quotes in the source", `"We lose a week every month," said a CFO.`,
			"\u2018We lose a week every month,\u2019 said a CFO.", []string{}},
		{"invented quote in single curly quotes", "\u2018We lose a week,\u2019 said a CFO.", said,
			[]string{"quote: \u2018We lose a week,\u2019"}},
		{"single curly quote with an apostrophe inside", "\u2018We don\u2019t close on time anymore,\u2019 said a CFO.", said,
			[]string{"quote: \u2018We don't close on time anymore,\u2019"}},
		{"apostrophes alone are not quotes", "The CFO\u2019s team and the auditors\u2019 view.", said, []string{}},
	})
}
