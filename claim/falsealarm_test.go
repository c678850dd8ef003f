package claim_test

import "testing"

// The cases below are mostly false alarms to avoid: a claim in a text and a source that backs it,
// spelled another way.

func TestUnsupportedIgnoresInvisibleCharacters(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
		{"soft hyphen in a source word", `She said "reconciliation takes forever here".`,
			"\"Recon\u00adcil\u00adiation takes forever here,\" she said.", []string{}},
		{"soft hyphen in a draft word", "She said \"recon\u00adciliation takes forever here\".",
			`"Reconciliation takes forever here," she said.`, []string{}},
		{"zero-width space inside a figure", "Now 61% of CFOs agree.", "61\u200b% of CFOs", []string{}},
		{"zero-width joiner and word joiner", "It cost $4.2M.", "it cost $4.\u200d2\u2060 million", []string{}},
		{"byte order mark before a figure", "It cost $4.2M.", "\ufeffIt cost $4.2M", []string{}},
		{"zero-width characters in the draft", "It cost $4.\u200b2M over 9\u200c days.", "it cost $4.2M in 9 days", []string{}},
		{"non-breaking spaces", "it takes 9 days", "it takes 9\u00a0days", []string{}},
		{"narrow no-break space in money", "It cost €3 bn.", "it cost €3\u202fbn", []string{}},
		{"invented figure still flagged", "Now 87\u00ad% of CFOs agree.", "61% of respondents",
			[]string{"percent: 87% of CFOs"}},
	})
}

func TestUnsupportedQuotes(t *testing.T) {
	t.Parallel()
	const said = `"We won back three days in the close, and nobody reads the memo anymore," said Dana.`
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
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

func TestUnsupportedReadsNumberWordsAndScales(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
		{"nine days", "The close takes 9 days.", "The close takes nine days.", []string{}},
		{"seven percent", "Only 7% automate.", "Only seven percent automate.", []string{}},
		{"three years", "It took 3 years.", "It took three years.", []string{}},
		{"twenty-five", "We asked 25 teams; 25 days later", "twenty-five teams answered in twenty five days", []string{}},
		{"hundreds and thousands", "We asked 1,250 leaders and 120 teams.",
			"one thousand two hundred and fifty leaders, a hundred and twenty teams", []string{}},
		{"a dozen", "It saves 12 hours.", "It saves a dozen hours.", []string{}},
		{"half", "Now 50% of CFOs agree.", "Half of CFOs agree.", []string{}},
		{"million in words", "It cost $3M.", "It cost three million dollars.", []string{}},
		{"German number words", "Der Abschluss dauert 12 Tage, 25 Teams", "zwölf Tage, fünfundzwanzig Teams", []string{}},
		{"number words in a quote", `She said "we won back 3 days this quarter".`,
			`"We won back three days this quarter," she said.`, []string{}},
		{"a word that only ends in a number word", "It takes 1 day.", "Someone said so.", []string{"number: 1 day"}},
		{"trillion spellings", "A $1.2T market, $1.2tn, $1.2trn", "a $1.2 trillion market", []string{}},
		{"a lone T is no trillion", "It runs 5 T-Mobile stores.", "", []string{}},
		{"mln and bln", "It cost €4 mln and €2 bln.", "it cost €4 million and €2 billion", []string{}},
		{"pc for percent", "87pc of CFOs agree", "87% of CFOs", []string{}},
		{"per cent", "87% of CFOs agree", "87 per cent of CFOs", []string{}},
		{"Prozent", "87% of CFOs agree", "87 Prozent der CFOs", []string{}},
		{"thousands dot", "It took 1,200 hours.", "Es dauerte 1.200 hours.", []string{}},
		{"thousands comma backs the dot", "It took 1.200 hours.", "It took 1,200 hours.", []string{}},
		{"number words do not back another figure", "The close takes 8 days.", "The close takes nine days.",
			[]string{"number: 8 days"}},
		{"seven is not seventy percent", "Only 70% automate.", "Only seven percent automate.",
			[]string{"percent: 70%"}},
	})
}

func TestExtractLeavesOutNoise(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
		{"US phone number", "Call (415) 555-0134 or 415-555-0134 to book.", "", []string{}},
		{"international phone number", "Call +1 415 555 0134 or +49 30 1234567.", "", []string{}},
		{"toll-free number", "Call 1-800-555-0199.", "", []string{}},
		{"thousands dots are no phone number", "It cost €12.500.000; 415.555.0134 is the line.", "",
			[]string{"money: €12.500.000"}},
		{"24/7", "Support runs 24/7 and 24x7.", "", []string{}},
		{"page numbers", "See page 14, pages 20-22 and p. 37.", "", []string{}},
		{"versions", "Version 2.0 and version 12.4 ship today; v. 3.1 is next.", "", []string{}},
		{"labels", "Step 12, Chapter 11, Section 4.2, Figure 13 and Table 10.", "", []string{}},
		{"year inside a title", "Get the Finance Ops Playbook 2025 today.", "", []string{}},
		{"year inside a study's title", "The Close Benchmark 2025 is out.", "", []string{"study: The Close Benchmark"}},
		{"year inside a longer title", "Read the State of Finance Ops 2026 now.", "", []string{}},
		{"year after one capital is a date", "Since 2019 closes got slower.", "", []string{"date: 2019"}},
		{"figures beside noise still count", "Call 415-555-0134: 87% of CFOs lose 12 days (page 14).", "",
			[]string{"percent: 87% of CFOs", "number: 12 days"}},
	})
}

func TestDatesAndTimesAreNotFigures(t *testing.T) {
	t.Parallel()
	requireUnsupported(t, unsupported, []unsupportedCase[string]{
		{"a day of the month backs no figure", "It takes 12 days.", "Published March 12, 2019.",
			[]string{"number: 12 days"}},
		{"a year backs no figure", "It cost $2,025.", "Published in 2025.", []string{"money: $2,025"}},
		{"a numeric date backs no figure", "It takes 12 days.", "Published 12/04/2025.", []string{"number: 12 days"}},
		{"a clock time backs no figure", "It takes 30 minutes.", "The call starts at 9:30 am.",
			[]string{"number: 30 minutes"}},
		{"clock times are not claims", "Join at 10:15, 14:00 Uhr or 9 a.m.", "", []string{}},
		{"numeric dates are dates", "Since 12/04/2025, 12.04.2025 and 3/7/25 it ran.", "",
			[]string{"date: 12/04/2025", "date: 12.04.2025", "date: 3/7/25"}},
		{"a numeric date backs the written date", "On 12 April 2025 it shipped.", "Shipped: 12/04/2025", []string{}},
		{"either reading of an ambiguous date", "On April 12, 2025 and December 4, 2025 it shipped.",
			"Shipped: 12/04/2025", []string{}},
		{"a date more precise than the source", "On 12/04/2025 it shipped.", "It shipped in April 2025.",
			[]string{"date: 12/04/2025"}},
		{"a month backed by a numeric date", "In April 2025 it shipped.", "Shipped: 12/04/2025", []string{}},
		{"an unambiguous numeric date", "On 13 April 2025 it shipped.", "Shipped: 4/13/2025", []string{}},
		{"another day", "On 14 April 2025 it shipped.", "Shipped: 4/13/2025", []string{"date: 14 April 2025"}},
	})
}
