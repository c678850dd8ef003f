package source

import (
	"context"
	"net/url"
	"strings"
	"unicode"
)

// Read turns a body into a Document by what it really is: HTML (main text only), plain text,
// Markdown or PDF. A PDF is known by its first bytes whatever type it is served as, and a
// binary served as text is refused; an empty or generic content type is sniffed from the body
// and the link's extension. Reading stops at the limits (MaxTextBytes, MaxInflatedBytes,
// MaxReadTime) with a *TooLarge, and when ctx is done. Any refusal is an *Unreadable.
func Read(ctx context.Context, body []byte, contentType string, link *url.URL) (Document, error) {
	ctx, cancel := withReadTime(ctx)
	defer cancel()
	kind, err := kindOf(body, contentType, link)
	if err != nil {
		return Document{Kind: kind}, err
	}
	var doc Document
	switch kind {
	case KindHTML:
		doc, err = readHTML(ctx, body, contentType, link)
	case KindPDF:
		doc, err = readPDF(ctx, body)
	default:
		doc, err = readText(ctx, body, contentType)
	}
	doc.Kind = kind
	if stop := stopped(ctx); stop != nil {
		return Document{Kind: kind}, stop
	}
	if err == nil && strings.TrimSpace(doc.Text) == "" {
		err = unreadable(nil, "it has no text")
	}
	return doc, err
}

// readText decodes plain text or Markdown to UTF-8 by its declared charset, or by sniffing.
func readText(ctx context.Context, body []byte, contentType string) (Document, error) {
	text, err := decode(body, contentType, false)
	if err != nil {
		return Document{}, err
	}
	if err := limitError(ctx, checkText(text)); err != nil {
		return Document{}, err
	}
	text = tidy(text)
	return Document{Title: firstLine(text), Text: text}, nil
}

// checkText refuses a text past MaxTextBytes.
func checkText(text string) error {
	if len(text) > MaxTextBytes {
		return errTextCap
	}
	return nil
}

// tidy normalises line ends and spaces and keeps at most one blank line between paragraphs.
func tidy(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := true
	for _, l := range lines {
		l = strings.TrimRightFunc(strings.Map(dropControl, l), unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out, blank = append(out, l), false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func dropControl(r rune) rune {
	if r == '\t' || !unicode.IsControl(r) {
		if r == '\u00a0' {
			return ' '
		}
		return r
	}
	return -1
}

// firstLine is a plain-text title: the first line, without Markdown heading marks, cut to 200.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSpace(strings.TrimLeft(line, "# "))
	if r := []rune(line); len(r) > 200 {
		line = string(r[:199]) + "…"
	}
	return line
}
