package source

import (
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// minMainText is the least main text, in characters, that makes a page worth reading.
const minMainText = 80

// readHTML keeps a page's main text with Mozilla's Readability algorithm: scripts, styles,
// navigation, footers and cookie banners are dropped.
func readHTML(body []byte, contentType string, link *url.URL) (Document, error) {
	decoded, err := decode(body, contentType)
	if err != nil {
		return Document{}, unreadable(err, "its text encoding could not be read")
	}
	root, err := html.Parse(strings.NewReader(decoded))
	if err != nil {
		return Document{}, unreadable(err, "its HTML could not be parsed")
	}
	if link == nil {
		link = &url.URL{Scheme: "https", Host: "source.invalid", Path: "/"}
	}
	parser := readability.NewParser()
	parser.DisableJSONLD = true
	article, err := parser.ParseAndMutate(root, link)
	if err != nil || article.Node == nil {
		return Document{}, unreadable(err, "the page has no readable text (it may be built by JavaScript)")
	}
	text := tidy(render.InnerText(article.Node))
	if len([]rune(text)) < minMainText {
		return Document{}, unreadable(nil, "the page has no readable text (it may be built by JavaScript)")
	}
	return Document{Title: tidy(article.Title()), Text: text}, nil
}
