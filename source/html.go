package source

import (
	"bytes"
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
	signs, err := scanPage(ctx, decoded)
	if err := limitError(ctx, err); err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(decoded))
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		return Document{}, tooLarge("its HTML is nested deeper than a browser shows")
	}
	if err != nil {
		return Document{}, unreadable(err, "its HTML could not be parsed")
	}
	if link == nil {
		link = &url.URL{Scheme: "https", Host: "source.invalid", Path: "/"}
	}
	parser := readability.NewParser()
	parser.DisableJSONLD = true
	article, err := parser.ParseAndMutate(root, link)
	text := ""
	if err == nil && article.Node != nil {
		pruneBoilerplate(article.Node)
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

// scanPage reads a page's tokens once, before it is parsed: it refuses a page of more than
// maxHTMLElements elements, checking ctx as it goes, and notes the signs of how it was built.
func scanPage(ctx context.Context, page string) (pageSigns, error) {
	var s pageSigns
	z := html.NewTokenizer(strings.NewReader(page))
	hidden := "" // the element whose text is not shown: script, style, template or noscript
	for n := 0; ; {
		switch z.Next() {
		case html.ErrorToken:
			return s, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if n++; n > maxHTMLElements {
				return s, tooLarge("it has more than %s HTML elements", thousands(maxHTMLElements))
			}
			if n%4096 == 0 && ctx.Err() != nil {
				return s, ctx.Err()
			}
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "template", "noscript":
				s.scripts += boolInt(string(name) == "script")
				hidden = string(name)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == hidden {
				hidden = ""
			}
		case html.TextToken:
			s.note(z.Text(), hidden)
		}
	}
}

// pageSigns is what a page shows of how it was built.
type pageSigns struct {
	scripts int  // <script> elements
	words   int  // words of shown text (not in script, style, template or noscript), up to 100
	asksJS  bool // its shown or noscript text mentions JavaScript
}

func (s *pageSigns) note(text []byte, hidden string) {
	if hidden == "script" || hidden == "style" || hidden == "template" {
		return
	}
	if !s.asksJS {
		s.asksJS = bytes.Contains(text, []byte("avascript")) || bytes.Contains(text, []byte("AVASCRIPT"))
	}
	if hidden == "" && s.words < 100 {
		s.words += countWords(text)
	}
}

// countWords counts runs of non-space bytes.
func countWords(text []byte) int {
	n, in := 0, false
	for _, c := range text {
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// builtByScript says whether a page with little text shows signs of being drawn by JavaScript:
// scripts and a near-empty body, or a notice asking for JavaScript.
func (s pageSigns) builtByScript() bool {
	return s.scripts > 0 && (s.words <= 2 || s.asksJS)
}

// tooLittle is the refusal of a page whose main text is too short to work from.
func (s pageSigns) tooLittle(text string, err error) error {
	if s.builtByScript() {
		return unreadable(err, "the page has no readable text (it may be built by JavaScript)")
	}
	words := len(strings.Fields(text))
	if text == "" && s.words >= 100 {
		return unreadable(err, "I could not find the page's main text; paste the key passage instead")
	}
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
