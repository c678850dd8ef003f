package source_test

import (
	"fmt"
	"strings"
)

// The HTML corpus: pages built as news sites, blogs and vendors build them, with what a reader
// should keep (the article's own prose) written out by hand. The boilerplate inside the
// article — captions, photo credits, share buttons, "read more" teasers, related-story lists —
// is what the figures of another story ride in on.

type corpusPage struct {
	Name, Category string
	HTML           string
	Want           string // "" when a reader should refuse the page
	ContentType    string // the header's, when not "text/html; charset=utf-8"
	// Floor is the precision the page is held to when the reader falls short of the corpus's
	// 0.95 on it: its measured figure, so that it cannot get worse unnoticed.
	Floor float64
}

func (c corpusPage) contentType() string {
	if c.ContentType == "" {
		return "text/html; charset=utf-8"
	}
	return c.ContentType
}

// page wraps an article in a site's chrome: navigation, a header, a sidebar and a footer.
func page(title, article string) string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li>
<li><a href="/tech">Technology</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main>` + article + `</main>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/a">Oil prices jump 9 percent</a></li>
<li><a href="/b">Five stocks to watch</a></li></ol></aside>
<footer><p>© 2026 Example Media. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`
}

func paras(ps ...string) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	return b.String()
}

var (
	closeParas = []string{
		"Finance teams still need nine days on average to close the books each month, according to a survey of 412 finance leaders published on Tuesday by the research firm Ledger Insights.",
		"The survey found that reconciliation between subsidiaries remains the slowest step, and that 61 percent of respondents blame manual handoffs between accounting and treasury teams for the delay.",
		"Companies that automated their reconciliation closed in five and a half days, the report said, while those relying on spreadsheets took nearly eleven days to finish the same work.",
		"The authors recommend that controllers start with intercompany matching, which accounts for a third of the hours spent on the close at the median company in the sample.",
	}
	salesParas = []string{
		"Retail sales in the region rose 3.4 percent in March from a year earlier, the statistics office said on Friday, beating the 2.1 percent economists had expected.",
		"Spending on furniture and electronics led the gains, while clothing sales were flat for the third month running as shoppers held back on seasonal purchases.",
		"Economists said the figures suggest households are coping better with higher borrowing costs than many had feared at the start of the year.",
		"The central bank is due to set interest rates next week, and most analysts expect it to keep its main rate unchanged at 4.25 percent.",
	}
	blogParas = []string{
		"When we moved our month-end close from spreadsheets to a shared ledger, the first thing we noticed was how much time had gone into chasing approvals by email.",
		"We started small. One entity, one bank account, and a checklist that everyone on the team could see. Within two months the checklist had replaced our weekly status meeting.",
		"The hardest part was not the software but agreeing on who owns each account. Once every account had a named owner, the open items list shrank by half.",
		"If you are planning a similar change, write down your current close calendar first. You cannot shorten a process that nobody has mapped.",
	}
	pressParas = []string{
		"Acme Ledger today announced a new reconciliation engine that matches bank transactions to invoices in real time for mid-sized companies.",
		"Early customers report closing their books in four days instead of eight, the company said, after replacing manual matching with rules their controllers can edit.",
		"The engine is available from June in Europe and North America and is included in all paid plans at no extra cost.",
		"Acme Ledger builds accounting software for finance teams at growing companies and employs 240 people in Berlin and Toronto.",
	}
	docsParas = []string{
		"A reconciliation rule compares two lists of transactions and marks the pairs that belong together, such as a bank payment and the invoice it settles.",
		"Each rule has a tolerance for amounts and dates. A tolerance of two days lets a payment that clears on Monday match an invoice paid on Saturday.",
		"Rules run in order, and the first rule that matches a pair wins. Put the strictest rules first so that loose rules only see what is left.",
	}
	guideParas = []string{
		"Closing faster starts with a calendar that everyone can see. These are the steps that made the biggest difference for the teams we spoke to:",
	}
	guideList = []string{
		"Reconcile cash daily instead of at month end, so surprises surface early.",
		"Give every balance sheet account a named owner and a due date.",
		"Post accruals from a standing template rather than from memory.",
	}
	guideEnd = "Teams that followed all three steps cut their close by an average of three days within a quarter."
)

const shareBar = `<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email</a> <a href="#">Copy link</a></div>`

func newsWithCaptionPage() string {
	return page("Close survey", `<article><h1>Finance teams still need nine days to close</h1>
<p class="byline">By Anna Reporter, Markets Correspondent · 10 March 2026</p>`+shareBar+
		`<figure><img src="/close.jpg" alt=""><figcaption>Accountants at work in Frankfurt. Photo: Jan Müller/Example Images</figcaption></figure>`+
		paras(closeParas[:2]...)+
		`<p><strong>Read more:</strong> <a href="/cars">Car sales plunge nearly 17 percent as dealers cut stock</a></p>`+
		paras(closeParas[2:]...)+
		`<div class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/r1">Why CFOs are hiring again after three lean years</a></li>
<li><a href="/r2">Bank fees rise 12 percent for small firms</a></li>
<li><a href="/r3">Auditors warn on cash controls at 40 percent of listed companies</a></li></ul></div></article>`)
}

func newsWithTeasersPage() string {
	return page("Retail sales", `<article><h1>Retail sales beat forecasts</h1>`+
		paras(salesParas[:2]...)+
		`<aside class="related"><p>Related: <a href="/jobs">Unemployment falls to 4.1 percent</a></p></aside>`+
		paras(salesParas[2:]...)+
		`<p>(Photo by Maria Lopez/Getty Images)</p>
<p>Share this article</p>
<h3>More from Markets</h3><ul><li><a href="/m1">Gold climbs 2 percent on rate bets</a></li>
<li><a href="/m2">Shipping costs double in a month</a></li><li><a href="/m3">Ten charts on the housing market</a></li></ul></article>`)
}

func blogPage() string {
	return page("Our close", `<article><h1>What we learned moving our close off spreadsheets</h1>
<div class="post-meta">Posted by Sam Controller in Finance Ops</div>`+
		paras(blogParas...)+
		`<p><a href="/blog/next">Read more posts like this »</a></p>
<div class="tags">Tags: <a href="/t/close">close</a>, <a href="/t/ledger">ledger</a></div>
<div class="social-share"><span>Share this post:</span> <a href="#">LinkedIn</a> <a href="#">Twitter</a></div>
<section class="related-posts"><h2>You may also like</h2><ul><li><a href="/p1">Seven habits of fast-closing teams</a></li>
<li><a href="/p2">Our 2025 finance stack</a></li></ul></section></article>`)
}

func pressPage() string {
	return page("Press", `<article><h1>Acme Ledger launches real-time reconciliation</h1>`+
		`<figure><img src="/p.png" alt="Product screenshot"><figcaption>Image credit: Acme Ledger</figcaption></figure>`+
		paras(pressParas...)+
		`<p>Media contact: <a href="mailto:press@acme.example">press@acme.example</a></p>
<ul class="share"><li><a href="#">Tweet</a></li><li><a href="#">Share</a></li></ul></article>`)
}

func docsPage() string {
	return page("Rules", `<article><h1>Reconciliation rules</h1>`+paras(docsParas...)+
		`<h2>See also</h2><ul><li><a href="/d/tolerances">Tolerances</a></li><li><a href="/d/order">Rule order</a></li>
<li><a href="/d/import">Importing bank statements</a></li><li><a href="/d/api">The rules API</a></li></ul></article>`)
}

// guidePage has a list that is prose: it must be kept whole.
func guidePage() string {
	var items strings.Builder
	for _, it := range guideList {
		fmt.Fprintf(&items, "<li>%s</li>", strings.Replace(it, "named owner", `<a href="/owners">named owner</a>`, 1))
	}
	return page("Guide", `<article><h1>Three steps to a faster close</h1>`+paras(guideParas...)+
		"<ul>"+items.String()+"</ul>"+paras(guideEnd)+`<p>Photo credit: Lee Park</p></article>`)
}

func htmlCorpus() []corpusPage {
	join := func(ps ...[]string) string {
		var all []string
		for _, p := range ps {
			all = append(all, p...)
		}
		return strings.Join(all, "\n\n")
	}
	return append([]corpusPage{
		{Name: "news-caption-related", Category: "news", HTML: newsWithCaptionPage(), Want: join(closeParas)},
		{Name: "news-teasers-credits", Category: "news", HTML: newsWithTeasersPage(), Want: join(salesParas)},
		{Name: "blog-share-tags", Category: "blog", HTML: blogPage(), Want: join(blogParas)},
		{Name: "press-release", Category: "vendor", HTML: pressPage(), Want: join(pressParas, []string{"Media contact: press@acme.example"})},
		{Name: "docs-see-also", Category: "docs", HTML: docsPage(), Want: join(docsParas)},
		{Name: "guide-with-list", Category: "guide", HTML: guidePage(), Want: join(guideParas, guideList, []string{guideEnd})},
	}, moreHTMLPages()...)
}
