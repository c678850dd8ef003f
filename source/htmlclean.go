package source

import (
	"strings"

	"golang.org/x/net/html"
)

// Readability keeps an article's own boilerplate: captions and photo credits, share buttons,
// "read more" teasers and lists of related stories. Their words are another story's — "car
// sales plunge nearly 17 percent" — and would reach the model as the source's, so the article
// is pruned of them before its text is taken.

// maxBoilerplate is the longest text, in bytes, a block may have and still be taken for a
// label, a teaser or a credit: prose runs longer.
const maxBoilerplate = 240

// teaserStarts are how blocks begin that introduce other stories, label a share bar or
// credit a picture.
var teaserStarts = []string{"read more", "read also", "read next", "also read", "see also", "more from",
	"more on ", "more stories", "more news", "you may also like", "you might also like", "recommended",
	"most read", "most popular", "share this", "share on", "share:", "photo:", "photos:", "photo by",
	"photograph:", "photo credit", "picture:", "pictures:", "image:", "images:", "image by", "image credit",
	"video:", "(photo", "(image", "credit:", "credits:", "tags:", "filed under", "posted in", "posted by",
	"sign up for", "subscribe to", "advertisement", "on this page", "in this article",
	// German news sites' labels of the same things.
	"lesen sie auch", "lesen sie mehr", "mehr zum thema", "weitere artikel", "das könnte sie auch interessieren",
	"auch interessant", "meistgelesen", "teilen:", "foto:", "fotos:", "bild:", "bilder:", "anzeige"}

// creditMarks are what a picture credit holds, anywhere in a short block.
var creditMarks = []string{"photo:", "image:", "picture:", "photo credit", "image credit", "getty images",
	"/reuters", "/ reuters", "/afp", "/shutterstock", "/alamy"}

// relatedWords may follow "related" in a teaser's label.
var relatedWords = []string{"", " stories", " articles", " posts", " content", " reading", " coverage", " links"}

// isTeaser says whether a lower-cased block is a teaser, a label or a credit.
func isTeaser(lower string) bool {
	for _, p := range teaserStarts {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	for _, m := range creditMarks {
		if strings.Contains(lower, m) {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(lower, "related"); ok {
		for _, w := range relatedWords {
			if r, ok := strings.CutPrefix(rest, w); ok && (r == "" || strings.IndexAny(r[:1], ":»›") == 0) {
				return true
			}
		}
	}
	return false
}

// shareWords are the words of a share bar.
var shareWords = map[string]bool{"share": true, "on": true, "this": true, "post": true, "article": true,
	"story": true, "facebook": true, "twitter": true, "x": true, "linkedin": true, "email": true, "e-mail": true,
	"whatsapp": true, "copy": true, "link": true, "print": true, "pinterest": true, "reddit": true, "tweet": true,
	"via": true, "save": true, "comment": true, "comments": true, "mail": true}

// pruneBoilerplate removes n's boilerplate blocks. It works bottom up, in one pass: an element
// is judged by the text its children left, so pruning costs time linear in the page.
func pruneBoilerplate(n *html.Node) blockStats {
	var s blockStats
	if n.Type == html.TextNode {
		for _, w := range strings.Fields(n.Data) {
			s.text += len(w) + 1
		}
		return s
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		cs := pruneBoilerplate(c)
		if c.Type == html.ElementNode && isBoilerplate(c, cs) {
			n.RemoveChild(c)
		} else {
			s.text, s.links, s.anchors, s.items = s.text+cs.text, s.links+cs.links, s.anchors+cs.anchors, s.items+cs.items
		}
		c = next
	}
	if n.Type == html.ElementNode {
		switch n.Data {
		case "a":
			s.links, s.anchors = s.text, s.anchors+1
		case "li":
			s.items++
		}
	}
	return s
}

// blockStats measures an element's text: words are counted with one space each.
type blockStats struct {
	text    int // bytes of text
	links   int // bytes of text in links
	anchors int // links
	items   int // list items
}

// isBoilerplate says whether an element is a caption, a pull-out, a list of links (about one
// link an item: a list of prose with links in it stays), or a short block that is a teaser, a
// credit, a share bar or a lone link.
func isBoilerplate(n *html.Node, s blockStats) bool {
	switch n.Data { // Readability renames elements without setting their atom
	case "figcaption", "aside":
		return true
	case "ul", "ol":
		return s.text > 0 && 10*s.links >= 7*s.text && 2*s.anchors <= 3*s.items && s.text <= 120*s.items
	case "p", "div", "section", "span", "figure", "h2", "h3", "h4", "h5", "h6":
	default:
		return false
	}
	if s.text == 0 || s.text > maxBoilerplate {
		return false
	}
	lower := strings.ToLower(collapsedText(n))
	return isTeaser(lower) || onlyShareWords(lower) ||
		s.text < 120 && s.links >= s.text && (n.Data == "p" || n.Data == "div")
}

// collapsedText is an element's text with white space collapsed.
func collapsedText(n *html.Node) string {
	var words []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			words = append(words, strings.Fields(n.Data)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(words, " ")
}

// onlyShareWords says whether a block is made of share-bar words, one of them naming a share.
func onlyShareWords(lower string) bool {
	words := strings.FieldsFunc(lower, func(r rune) bool { return r == ' ' || r == ':' || r == '|' || r == '·' })
	named := false
	for _, w := range words {
		if !shareWords[w] {
			return false
		}
		named = named || sharePlaces[w]
	}
	return named
}

// sharePlaces are the share-bar words that name a share, not just go with one.
var sharePlaces = map[string]bool{"share": true, "tweet": true, "facebook": true, "twitter": true,
	"linkedin": true, "whatsapp": true, "email": true, "e-mail": true, "pinterest": true, "reddit": true}
