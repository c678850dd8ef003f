package source_test

import (
	"bytes"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"

	"github.com/mos-hq/mos/source"
)

var update = flag.Bool("update", false, "rewrite the fixture PDFs in testdata")

// articlePage is a news page the way sites serve them: the article among scripts, navigation,
// a cookie banner, a sidebar and a footer.
const articlePage = `<!doctype html><html><head><title>Close survey 2026 | Ledger News</title>
<script>window.tracker = {secret: "TRACKING-SCRIPT-TEXT"}; document.write("SCRIPT-WRITTEN");</script>
<style>body { color: red } .STYLE-TEXT {}</style></head><body>
<div class="cookie-banner gdpr popup">We use cookies COOKIE-BANNER-TEXT. <button>Accept all</button></div>
<nav class="menu"><a href="/">Home NAV-TEXT</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<main><article>
<h1>The month-end close still takes 9 days</h1>
<p>Our 2026 close survey asked 412 finance leaders how long their month-end close takes. The median
answer was 9 days, unchanged from last year, and 61% of respondents said handoffs between teams were
the main cause of delay.</p>
<p>Teams that automated bank reconciliation closed in 5.5 days on average. Those still matching
transactions in spreadsheets needed 11 days. "We stopped chasing approvals by email and won back three
days," said Dana Whitfield, controller at a logistics firm.</p>
<p>The survey ran from March to May 2026 and was weighted by company size. Full tables are in the
appendix, including results by industry and region.</p>
</article></main>
<aside class="sidebar">SIDEBAR-TEXT Subscribe to our newsletter</aside>
<footer>FOOTER-TEXT © 2026 Ledger News. All rights reserved.</footer>
<script>trackPageView("SCRIPT-AT-END")</script>
</body></html>`

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestReadHTMLKeepsOnlyTheMainText(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), []byte(articlePage), "text/html; charset=utf-8", mustURL(t, "https://news.example/close"))
	require.NoError(t, err)
	require.Equal(t, source.KindHTML, doc.Kind)
	require.Contains(t, doc.Title, "Close survey 2026")
	require.Contains(t, doc.Text, "The median answer was 9 days")
	require.Contains(t, doc.Text, "closed in 5.5 days on average")
	require.Contains(t, doc.Text, "weighted by company size")
	for _, junk := range []string{"TRACKING-SCRIPT-TEXT", "SCRIPT-WRITTEN", "SCRIPT-AT-END", "STYLE-TEXT",
		"COOKIE-BANNER-TEXT", "NAV-TEXT", "SIDEBAR-TEXT", "FOOTER-TEXT"} {
		require.NotContains(t, doc.Text, junk)
	}
}

func TestReadHTMLRefusesAPageThatIsAllScript(t *testing.T) {
	t.Parallel()
	page := `<html><head><script src="/app.js"></script></head><body><div id="root"></div>
<script>window.__STATE__ = {"article": "the whole article lives in JavaScript and never in the HTML itself, ` +
		strings.Repeat("more state ", 200) + `"}; render(window.__STATE__);</script></body></html>`
	_, err := source.Read(t.Context(), []byte(page), "text/html", mustURL(t, "https://spa.example/"))
	requireReason(t, err, "no readable text")
}

func TestReadDecodesCharsets(t *testing.T) {
	t.Parallel()
	want := "Die Abschlussquote stieg auf 9,4 % — für Café-Betreiber gilt: Größe zählt. " +
		strings.Repeat("Der Monatsabschluss dauert weiterhin neun Tage für die meisten Finanzteams. ", 3)
	latin1, err := charmap.Windows1252.NewEncoder().String(want)
	require.NoError(t, err)
	sjisWant := "月末決算には平均9日かかります。" + strings.Repeat("財務チームの多くが手作業で照合しています。", 5)
	sjis, err := japanese.ShiftJIS.NewEncoder().String(sjisWant)
	require.NoError(t, err)
	cyrWant := "Закрытие месяца занимает 9 дней. " + strings.Repeat("Финансовые команды всё ещё сверяют вручную. ", 4)
	cyr, err := charmap.Windows1251.NewEncoder().String(cyrWant)
	require.NoError(t, err)
	page := func(meta, body string) []byte {
		return []byte("<html><head>" + meta + "<title>t</title></head><body><article><p>" + body + "</p></article></body></html>")
	}
	cases := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"text declared in the header", "text/plain; charset=windows-1252", []byte(latin1), want},
		{"text undeclared, not UTF-8", "text/plain", []byte(latin1), want},
		{"html declared in the header", "text/html; charset=iso-8859-1", page("", latin1), want},
		{"html declared in a meta tag", "text/html", page(`<meta charset="shift_jis">`, sjis), sjisWant},
		{"html declared in http-equiv", "text/html", page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, cyr), cyrWant},
		{"html undeclared, not UTF-8", "text/html", page("", latin1), want},
		{"html undeclared UTF-8 past the first KB", "text/html", page(strings.Repeat("<!-- pad -->", 200), want), want},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			doc, err := source.Read(t.Context(), c.body, c.contentType, mustURL(t, "https://example.com/a"))
			require.NoError(t, err)
			require.Contains(t, strings.Join(strings.Fields(doc.Text), " "), strings.TrimSpace(c.want))
		})
	}
}

func TestReadTextAndMarkdown(t *testing.T) {
	t.Parallel()
	md := "# Close benchmarks 2026\n\r\nMedian close: **9 days**.\r\n\n\n\nBest quartile: 4 days.\n"
	doc, err := source.Read(t.Context(), []byte(md), "text/markdown", nil)
	require.NoError(t, err)
	require.Equal(t, source.KindMarkdown, doc.Kind)
	require.Equal(t, "Close benchmarks 2026", doc.Title)
	require.Equal(t, "# Close benchmarks 2026\n\nMedian close: **9 days**.\n\nBest quartile: 4 days.", doc.Text)

	doc, err = source.Read(t.Context(), []byte(md), "text/plain", mustURL(t, "https://example.com/notes.md"))
	require.NoError(t, err)
	require.Equal(t, source.KindMarkdown, doc.Kind)

	_, err = source.Read(t.Context(), []byte("  \n\n "), "text/plain", nil)
	requireReason(t, err, "it has no text")
}

func TestReadRefusesOtherContentTypes(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]string{
		"image/png":        "it is image/png",
		"application/json": "it is application/json",
		"application/zip":  "it is application/zip",
		"video/mp4":        "it is video/mp4",
	} {
		_, err := source.Read(t.Context(), []byte("\x89PNG....."), ct, nil)
		requireReason(t, err, want)
		requireReason(t, err, "I read only web pages, plain text, Markdown and PDF")
	}
	// No declared type: sniffed from the bytes.
	_, err := source.Read(t.Context(), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", nil)
	requireReason(t, err, "it is image/png")
}

func requireReason(t *testing.T, err error, want string) {
	t.Helper()
	require.Error(t, err)
	var u *source.Unreadable
	require.ErrorAs(t, err, &u)
	require.Contains(t, u.Reason, want)
}

// pdfFixtures are built by buildPDF and kept in testdata so they can be opened by hand too.
var pdfFixtures = map[string]testPDF{
	"text.pdf": {Title: "Close Survey 2026", Pages: []string{
		"The month-end close still takes 9 days.\nMedian answer from 412 finance leaders.",
		"Teams that automated reconciliation closed in 5.5 days (see p. 2)."}},
	"scan.pdf":      {Title: "Scanned report", Pages: []string{"", ""}, NoText: true},
	"protected.pdf": {Title: "Board pack", Pages: []string{"Confidential: revenue grew 31%."}, UserPassword: "s3cret"},
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestPDFFixturesAreCurrent(t *testing.T) {
	for name, spec := range pdfFixtures {
		got := buildPDF(spec)
		path := filepath.Join("testdata", name)
		if *update {
			require.NoError(t, os.MkdirAll("testdata", 0o755))
			require.NoError(t, os.WriteFile(path, got, 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./source -run TestPDFFixturesAreCurrent -update")
		require.Equal(t, want, got, "%s is stale; rerun with -update", name)
	}
}

func TestReadPDF(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), readFixture(t, "text.pdf"), "application/pdf", nil)
	require.NoError(t, err)
	require.Equal(t, source.KindPDF, doc.Kind)
	require.Equal(t, "Close Survey 2026", doc.Title)
	require.Contains(t, doc.Text, "The month-end close still takes 9 days.")
	require.Contains(t, doc.Text, "closed in 5.5 days (see p. 2)")

	// Served without a type, named .pdf: sniffed.
	doc, err = source.Read(t.Context(), readFixture(t, "text.pdf"), "application/octet-stream", mustURL(t, "https://x.example/r.pdf"))
	require.NoError(t, err)
	require.Equal(t, source.KindPDF, doc.Kind)
}

func TestReadPDFWithoutATextLayer(t *testing.T) {
	t.Parallel()
	_, err := source.Read(t.Context(), readFixture(t, "scan.pdf"), "application/pdf", nil)
	requireReason(t, err, "the PDF has no text layer (it may be a scan)")
}

func TestReadPasswordProtectedPDF(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "protected.pdf")
	_, err := source.Read(t.Context(), body, "application/pdf", nil)
	requireReason(t, err, "the PDF is password-protected")

	// The fixture is a real encrypted PDF: with its password the text is there.
	tries := 0
	r, err := pdf.NewReaderEncrypted(bytes.NewReader(body), int64(len(body)), func() string {
		tries++
		if tries > 1 {
			return ""
		}
		return "s3cret"
	})
	require.NoError(t, err)
	text, err := r.Page(1).GetPlainText(nil)
	require.NoError(t, err)
	require.Contains(t, text, "revenue grew 31%")
}

func TestReadDamagedPDF(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "text.pdf")
	for name, b := range map[string][]byte{
		"truncated": body[:len(body)/2],
		"garbage":   append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("(((<<"), 100)...),
	} {
		_, err := source.Read(t.Context(), b, "application/pdf", nil)
		requireReason(t, err, "the PDF is damaged")
		_ = name
	}
}
