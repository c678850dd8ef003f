package source_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
)

// bigPage is about 1 MB of HTML: an article of 5,600 paragraphs among navigation, scripts, a
// cookie banner, sidebars and a footer, as news sites serve long reports.
func bigPage() []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><title>State of the close 2026</title>`)
	b.WriteString("<script>" + strings.Repeat("var tracker = {id: 1, secret: 'x'};", 2000) + "</script></head><body>")
	b.WriteString(`<div class="cookie-banner">We use cookies.</div><nav class="menu">`)
	for i := range 200 {
		fmt.Fprintf(&b, `<a href="/section/%d">Section %d</a> `, i, i)
	}
	b.WriteString("</nav><article><h1>State of the close 2026</h1>")
	for i := range 5600 {
		fmt.Fprintf(&b, "<p>Finding %d: finance teams that automated reconciliation closed in %d.%d days on "+
			"average, while %d%% of respondents still match transactions by hand in spreadsheets.</p>\n",
			i, 4+i%7, i%10, 10+i%80)
	}
	b.WriteString(`</article><aside class="sidebar">`)
	for i := range 300 {
		fmt.Fprintf(&b, `<div class="related"><a href="/r/%d">Related story %d</a></div>`, i, i)
	}
	b.WriteString("</aside><footer>© Ledger News</footer></body></html>")
	return []byte(b.String())
}

func fiftyPagePDF() []byte {
	pages := make([]string, 50)
	for p := range pages {
		lines := make([]string, 45)
		for l := range lines {
			lines[l] = fmt.Sprintf("Page %d line %d: the median close took %d days and %d%% blamed handoffs.", p+1, l+1, 5+l%6, 20+l%60)
		}
		pages[p] = strings.Join(lines, "\n")
	}
	return buildPDF(testPDF{Title: "Close benchmark 2026", Pages: pages})
}

// BenchmarkReadHTML1MB is the extraction of a 1 MB page (target: under 300 ms of our CPU).
func BenchmarkReadHTML1MB(b *testing.B) {
	page := bigPage()
	b.SetBytes(int64(len(page)))
	benchRead(b, page, "text/html; charset=utf-8")
}

// BenchmarkReadPDF50Pages is the extraction of a 50-page PDF (target: under 2 s of our CPU).
func BenchmarkReadPDF50Pages(b *testing.B) {
	pdf := fiftyPagePDF()
	b.SetBytes(int64(len(pdf)))
	benchRead(b, pdf, "application/pdf")
}

func benchRead(b *testing.B, body []byte, contentType string) {
	var doc source.Document
	for b.Loop() {
		var err error
		if doc, err = source.Read(b.Context(), body, contentType, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(source.EstimateTokens(doc.Text)), "tokens")
	b.ReportMetric(float64(source.EstimateTokens(source.Budget(doc.Text, "close reconciliation handoffs", 6000))), "budgeted-tokens")
}

func TestBenchInputsAreReadWhole(t *testing.T) {
	t.Parallel()
	page := bigPage()
	require.GreaterOrEqual(t, len(page), 1<<20)
	doc, err := source.Read(t.Context(), page, "text/html", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Finding 5599:")
	require.NotContains(t, doc.Text, "tracker")
	require.NotContains(t, doc.Text, "Related story")
	doc, err = source.Read(t.Context(), fiftyPagePDF(), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Page 50 line 45:")
}
