package source

import (
	"context"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// minMainText is the least main text, in characters, that makes a page worth reading.
const minMainText = 80

// readHTML keeps a page's main text with Mozilla's Readability algorithm: scripts, styles,
// navigation, footers and cookie banners are dropped. A page of more than maxHTMLElements
// elements is refused before it is parsed.
func readHTML(ctx context.Context, body []byte, contentType string, link *url.URL) (Document, error) {
	decoded, err := decode(body, contentType, true)
	if err != nil {
		return Document{}, err
	}
	if err := limitError(ctx, countElements(ctx, decoded)); err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(decoded))
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		return Document{}, tooLarge("its HTML is nested deeper than a browser shows")
	}
	if err != nil {
		return Document{}, unreadable(err, "its HTML could not be parsed")
	}
	signs := readSigns(root)
	if link == nil {
		link = &url.URL{Scheme: "https", Host: "source.invalid", Path: "/"}
	}
	parser := readability.NewParser()
	parser.DisableJSONLD = true
	article, err := parser.ParseAndMutate(root, link)
	text := ""
	if err == nil && article.Node != nil {
		text = tidy(render.InnerText(article.Node))
	}
	if err := limitError(ctx, checkText(text)); err != nil {
		return Document{}, err
	}
	if len([]rune(text)) < minMainText {
		return Document{}, signs.tooLittle(text, err)
	}
	return Document{Title: tidy(article.Title()), Text: text}, nil
}

// countElements refuses a page of more than maxHTMLElements elements, checking ctx as it goes.
func countElements(ctx context.Context, page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	for n := 0; ; {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if n++; n > maxHTMLElements {
				return tooLarge("it has more than %d HTML elements", maxHTMLElements)
			}
			if n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
}

// pageSigns is what a page shows of how it was built, read before Readability changes the tree.
type pageSigns struct {
	scripts int    // <script> elements
	words   int    // words of visible body text (not in script, style, noscript or template)
	says    string // lower-cased body and noscript text, for "enable JavaScript" notices
}

func readSigns(root *html.Node) pageSigns {
	var s pageSigns
	var b strings.Builder
	var walk func(n *html.Node, hidden bool)
	walk = func(n *html.Node, hidden bool) {
		switch {
		case n.Type == html.ElementNode && n.Data == "script":
			s.scripts++
			return
		case n.Type == html.ElementNode && (n.Data == "style" || n.Data == "template"):
			return
		case n.Type == html.ElementNode && n.Data == "noscript":
			hidden = true
		case n.Type == html.TextNode:
			if !hidden {
				s.words += len(strings.Fields(n.Data))
			}
			if b.Len() < 64<<10 {
				b.WriteString(strings.ToLower(n.Data))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, hidden)
		}
	}
	walk(root, false)
	s.says = b.String()
	return s
}

// builtByScript says whether a page with little text shows signs of being drawn by JavaScript:
// scripts and a near-empty body, or a notice asking for JavaScript.
func (s pageSigns) builtByScript() bool {
	return s.scripts > 0 && (s.words <= 2 || strings.Contains(s.says, "javascript"))
}

// tooLittle is the refusal of a page whose main text is too short to work from.
func (s pageSigns) tooLittle(text string, err error) error {
	if s.builtByScript() {
		return unreadable(err, "the page has no readable text (it may be built by JavaScript)")
	}
	words := len(strings.Fields(text))
	if words == 0 {
		words = s.words
	}
	return unreadable(err, "the page has too little text to work from (%d %s); paste the key passage instead",
		words, plural(words, "word", "words"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
