package source

import (
	"regexp"
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

// teaser matches the start of a block that introduces other stories, labels a share bar or
// credits a picture.
var teaser = regexp.MustCompile(`^(?:read (?:more|also|next)|also read|see also|more (?:from|on|stories|news)|` +
	`related(?: stories| articles| posts| content| reading| coverage| links)?\s*[:»›]|related(?: stories| articles| posts| content| reading| coverage| links)?$|` +
	`you (?:may|might) also like|recommended|most (?:read|popular)|share (?:this|on)|share:|` +
	`\(?(?:photo|photograph|picture|image|video)s?(?: credit)?\s*(?::|by\b)|credits?:|tags:|filed under|posted (?:in|by)|` +
	`sign up for|subscribe to|advertisement$)`)

// credit matches a picture credit anywhere in a short block.
var credit = regexp.MustCompile(`(?:\b(?:photo|image|picture)(?: credit)?\s*:|getty images|` +
	`/\s*(?:reuters|ap|afp|shutterstock|alamy|epa)\b)`)

// shareWords are the words of a share bar.
var shareWords = map[string]bool{"share": true, "on": true, "this": true, "post": true, "article": true,
	"story": true, "facebook": true, "twitter": true, "x": true, "linkedin": true, "email": true, "e-mail": true,
	"whatsapp": true, "copy": true, "link": true, "print": true, "pinterest": true, "reddit": true, "tweet": true,
	"via": true, "save": true, "comment": true, "comments": true, "mail": true}

// pruneBoilerplate removes n's boilerplate blocks, depth first.
func pruneBoilerplate(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			if isBoilerplate(c) {
				n.RemoveChild(c)
			} else {
				pruneBoilerplate(c)
			}
		}
		c = next
	}
}

// isBoilerplate says whether an element is a caption, a pull-out, a list of links (about one
// link an item: a list of prose with links in it stays), or a short block that is a teaser, a
// credit, a share bar or a lone link.
func isBoilerplate(n *html.Node) bool {
	switch n.Data { // Readability renames elements without setting their atom
	case "figcaption", "aside":
		return true
	case "ul", "ol":
		t := textAndLinks(n, maxListSample)
		return len(t.text) > 0 && float64(t.links) >= 0.7*float64(len(t.text)) &&
			2*t.anchors <= 3*t.items && len(t.text) <= 120*t.items
	case "p", "div", "section", "span", "figure", "h2", "h3", "h4", "h5", "h6":
	default:
		return false
	}
	t := textAndLinks(n, maxBoilerplate+1)
	if t.cut || len(t.text) == 0 || len(t.text) > maxBoilerplate {
		return false
	}
	lower := strings.ToLower(t.text)
	return teaser.MatchString(lower) || credit.MatchString(lower) || onlyShareWords(lower) ||
		len(t.text) < 120 && t.links >= len(t.text) && (n.Data == "p" || n.Data == "div")
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

// maxListSample is how much of a list's text is read to judge whether it is a list of links.
const maxListSample = 4096

// blockText is an element's text, with white space collapsed, and how much of it is in links.
type blockText struct {
	text    string
	links   int  // bytes of text in links
	anchors int  // links
	items   int  // list items
	cut     bool // the element holds more than was read
}

// textAndLinks reads an element's text up to about limit bytes or 4×limit nodes, so judging a
// page's elements costs at most that per element, whatever the nesting.
func textAndLinks(n *html.Node, limit int) blockText {
	var b strings.Builder
	var out blockText
	visited := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		if visited++; visited > 4*limit || b.Len() > limit {
			out.cut = true
			return
		}
		if n.Type == html.TextNode {
			for _, w := range strings.Fields(n.Data) {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(w)
				if inLink {
					out.links += len(w) + 1
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			link := c.Type == html.ElementNode && c.Data == "a"
			out.anchors += boolInt(link)
			out.items += boolInt(c.Type == html.ElementNode && c.Data == "li")
			walk(c, inLink || link)
		}
	}
	walk(n, false)
	out.text = b.String()
	out.links = min(out.links, len(out.text))
	return out
}
