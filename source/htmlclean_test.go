package source_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
)

// TestReadHTMLCorpus: every page of the corpus keeps all of its article's words and little else,
// or is refused with a reason when it has no text to read.
func TestReadHTMLCorpus(t *testing.T) {
	t.Parallel()
	for _, c := range htmlCorpus() {
		t.Run(c.Name, func(t *testing.T) {
			doc, err := source.Read(t.Context(), []byte(c.HTML), c.contentType(), nil)
			if c.Want == "" {
				requireReason(t, err, "no readable text")
				return
			}
			require.NoError(t, err)
			p, r := wordScores(doc.Text, c.Want)
			require.Equal(t, 1.0, r, "recall; got:\n%s", doc.Text)
			floor := 0.95
			if c.Floor > 0 {
				floor = c.Floor
			}
			require.GreaterOrEqual(t, p, floor, "precision; got:\n%s", doc.Text)
		})
	}
}

func TestReadHTMLDropsTheArticlesBoilerplate(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), []byte(newsWithCaptionPage()), "text/html", nil)
	require.NoError(t, err)
	for _, gone := range []string{"Car sales plunge", "Photo: Jan Müller", "Share on Facebook", "Related stories",
		"Bank fees rise 12 percent"} {
		require.NotContains(t, doc.Text, gone)
	}
	doc, err = source.Read(t.Context(), []byte(newsWithTeasersPage()), "text/html", nil)
	require.NoError(t, err)
	for _, gone := range []string{"Unemployment falls", "Getty Images", "Share this article", "Gold climbs"} {
		require.NotContains(t, doc.Text, gone)
	}
}

// TestReadHTMLKeepsProseThatLooksLikeBoilerplate: a list of sentences with a link in them, a
// paragraph that starts with "Related", a heading that is a link and a long paragraph about
// photos are the article's own.
func TestReadHTMLKeepsProseThatLooksLikeBoilerplate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("The close survey asked controllers how long each step of the month-end close takes. ", 4)
	article := `<article><h1>Close</h1><p>` + long + `</p>
<h2><a href="#s">Findings</a></h2>
<p>Related costs rose 5 percent as teams hired contractors for the year-end close.</p>
<ul><li>Reconcile cash daily, as <a href="/a">the treasury guide</a> suggests, so surprises surface early.</li>
<li>Give every account a <a href="/b">named owner</a> and a due date before the close begins.</li></ul>
<p>Photo: the survey also asked about receipts, and 40 percent of teams still photograph paper receipts by hand before they file them, which adds a day to the close at most of the companies that answered the questions about expense reports. Teams that scan receipts save that day.</p>
<p>` + long + `</p></article>`
	doc, err := source.Read(t.Context(), []byte(page("Close", article)), "text/html", nil)
	require.NoError(t, err)
	for _, kept := range []string{"Findings", "Related costs rose 5 percent", "the treasury guide", "named owner",
		"40 percent of teams still photograph"} {
		require.Contains(t, doc.Text, kept)
	}
}
