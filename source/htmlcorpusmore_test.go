package source_test

import (
	"strings"

	"golang.org/x/text/encoding/japanese"
)

// More pages of the HTML corpus: layouts the first six do not have — a story in plain divs with
// a gallery, share bars above and below a post, a docs page with an "on this page" list, a press
// release with its boilerplate, a German story, a Japanese page in Shift_JIS that does not say
// so, a page of two sentences, and a page built by JavaScript that a reader must refuse.

var (
	galleryParas = []string{
		"Freight rates on the main Asia to Europe route fell 8 percent last week, the third weekly decline in a row, as new vessels added capacity faster than demand grew.",
		"Forwarders said shippers were booking later and in smaller lots, and that the spread between contract and spot prices had narrowed to its lowest level since the spring.",
		"Carriers have answered by cancelling sailings. Analysts counted 27 blank sailings scheduled for the next month, up from 19 in the month before.",
	}
	shareBlogParas = []string{
		"Every finance team I have worked with keeps a spreadsheet nobody is allowed to touch. Ours tracked accruals, and it had grown to forty tabs over six years.",
		"Replacing it took a quarter. We listed every tab, asked who read it, and deleted the ones nobody could name a reader for. Twenty-six tabs went in the first week.",
		"What is left now lives in the ledger as standing entries, reviewed once a month by the person who owns the account rather than by whoever has time.",
	}
	apiDocsParas = []string{
		"The export endpoint returns every journal entry posted in a period as a list of lines, each with its account, amount, currency and the user who approved it.",
		"Requests are paged. Each response holds at most 500 lines and a cursor; pass the cursor back to read the next page until the response has none.",
		"Amounts are strings in the entry's currency with a dot as the decimal separator, so that no precision is lost on the way through a client's number type.",
	}
	releaseParas = []string{
		"Northwind Analytics today released its annual Finance Operations Benchmark, based on interviews with 630 controllers at companies with between 200 and 5,000 employees.",
		"The benchmark finds that the median company closes its books in eight working days, one day faster than a year ago, and that the fastest quarter of companies close in four.",
		"\"Teams that close fastest are not the ones with the most tools, but the ones where every account has an owner,\" said Priya Shah, head of research at Northwind Analytics.",
		"About Northwind Analytics: Northwind Analytics publishes research on finance operations and is based in Dublin.",
	}
	germanParas = []string{
		"Die Zahl der Firmenpleiten in Deutschland ist im ersten Halbjahr um 14 Prozent gestiegen, wie das Statistische Bundesamt am Donnerstag mitteilte.",
		"Besonders betroffen waren kleine Handelsunternehmen und das Gastgewerbe. Die Forderungen der Gläubiger summierten sich auf rund 18 Milliarden Euro.",
		"Ökonomen rechnen damit, dass die Zahl der Insolvenzen auch im zweiten Halbjahr hoch bleibt, weil viele Betriebe unter den gestiegenen Zinsen leiden.",
	}
	shortPara  = "The office will be closed on Friday for the bank holiday. Invoices sent that day will be processed on Monday."
	sjisParas  = []string{"月末の決算には平均で九日かかると、経理担当者四百人を対象にした調査で分かりました。", "照合作業の多くは今も表計算ソフトで手作業で行われています。", "自動化を進めた企業では、決算の期間が半分ほどに短くなったということです。"}
	jsShellApp = `<!doctype html><html><head><meta charset="utf-8"><title>Dashboard</title>
<script src="/static/app.3f9a.js" defer></script></head><body><div id="root"></div>
<noscript>You need to enable JavaScript to run this app.</noscript></body></html>`
)

// galleryPage is a story in plain divs, with a gallery of captioned photos and a teaser list.
func galleryPage() string {
	return page("Freight", `<div class="story"><h1>Freight rates slide for a third week</h1>
<div class="byline">By Tom Shipper · 3 min read</div>
<div class="gallery"><figure><img src="/1.jpg" alt=""><figcaption>Containers stacked at the port of Rotterdam. Photo: Reuters</figcaption></figure>
<figure><img src="/2.jpg" alt=""><figcaption>A crane unloads a ship in Hamburg. Image: Port Authority</figcaption></figure></div>`+
		paras(galleryParas[:2]...)+
		`<p>Read also: <a href="/air">Air cargo volumes jump 11 percent in June</a></p>`+
		paras(galleryParas[2:]...)+
		`<div class="more"><h3>More stories</h3><ul><li><a href="/x1">Port strike ends after 9 days</a></li>
<li><a href="/x2">Diesel prices rise for a fifth month</a></li></ul></div></div>`)
}

// shareBarBlogPage is a post with share bars above and below it.
func shareBarBlogPage() string {
	bar := `<div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">LinkedIn</a> <a href="#">Email</a></div>`
	return page("Accruals", `<article><h1>The spreadsheet nobody was allowed to touch</h1>`+bar+
		paras(shareBlogParas...)+bar+
		`<p>Posted in <a href="/c/ops">Finance Ops</a></p><p>Sign up for our newsletter</p></article>`)
}

// apiDocsPage is a docs page with an "on this page" list and a list of links after the text.
func apiDocsPage() string {
	return page("Export", `<article><nav class="toc"><h4>On this page</h4><ul><li><a href="#a">Overview</a></li>
<li><a href="#b">Paging</a></li><li><a href="#c">Amounts</a></li></ul></nav>
<h1>Exporting journal entries</h1>`+paras(apiDocsParas...)+
		`<h3>Related links</h3><ul><li><a href="/d/auth">Authentication</a></li><li><a href="/d/limits">Rate limits</a></li>
<li><a href="/d/accounts">Accounts</a></li><li><a href="/d/changelog">Changelog</a></li></ul></article>`)
}

func releasePage() string {
	return page("Benchmark", `<article><h1>Northwind Analytics publishes its Finance Operations Benchmark</h1>`+
		`<p class="dateline">DUBLIN, 4 February 2026</p>`+paras(releaseParas...)+
		`<p>###</p><div class="share-buttons"><a href="#">Share on LinkedIn</a> <a href="#">Share on X</a></div></article>`)
}

func germanPage() string {
	html := page("Insolvenzen", `<article><h1>Mehr Firmenpleiten im ersten Halbjahr</h1>`+
		`<figure><img src="/i.jpg" alt=""><figcaption>Ein geschlossenes Geschäft in Köln. Foto: dpa</figcaption></figure>`+
		paras(germanParas[:2]...)+
		`<p>Lesen Sie auch: <a href="/z">Zahl der Arbeitslosen steigt auf 2,9 Millionen</a></p>`+
		paras(germanParas[2:]...)+`</article>`)
	return strings.Replace(html, "<html>", `<html lang="de">`, 1)
}

func shortPage() string {
	return page("Notice", `<article><p>`+shortPara+`</p></article>`)
}

// sjisPage is a Japanese page in Shift_JIS with no charset in the header or a meta tag.
func sjisPage() string {
	html := `<html><head><title>決算</title></head><body><nav><a href="/">ホーム</a> <a href="/keizai">経済</a></nav>
<article><h1>決算の調査</h1>` + paras(sjisParas...) + `</article><footer>著作権 例新聞社</footer></body></html>`
	out, err := japanese.ShiftJIS.NewEncoder().String(html)
	if err != nil {
		panic(err)
	}
	return out
}

func moreHTMLPages() []corpusPage {
	join := func(ps ...string) string { return strings.Join(ps, "\n\n") }
	return []corpusPage{
		{Name: "news-gallery-divs", Category: "news", HTML: galleryPage(), Want: join(galleryParas...)},
		{Name: "blog-share-bars", Category: "blog", HTML: shareBarBlogPage(), Want: join(shareBlogParas...)},
		// Kept: the "On this page" heading of the contents list, and the page's headline.
		{Name: "docs-link-lists", Category: "docs", HTML: apiDocsPage(), Want: join(apiDocsParas...)},
		{Name: "press-release-about", Category: "vendor", HTML: releasePage(), Want: join(releaseParas...)},
		// Kept: the teaser "Lesen Sie auch: …" — the cleaner knows English teaser labels only.
		{Name: "german-news", Category: "non-english", HTML: germanPage(), Want: join(germanParas...)},
		{Name: "shift-jis-undeclared", Category: "non-english", HTML: sjisPage(), Want: join(sjisParas...),
			ContentType: "text/html"},
		{Name: "very-short", Category: "short", HTML: shortPage(), Want: shortPara},
		{Name: "built-by-javascript", Category: "script", HTML: jsShellApp, Want: ""},
	}
}
