package source

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// Read turns a body into a Document by its content type: HTML (main text only), plain text,
// Markdown or PDF. An empty or garbled content type is sniffed from the body and the link's
// extension. Anything else is an *Unreadable naming what it was.
func Read(body []byte, contentType string, link *url.URL) (Document, error) {
	kind, err := kindOf(body, contentType, link)
	if err != nil {
		return Document{Kind: kind}, err
	}
	var doc Document
	switch kind {
	case KindHTML:
		doc, err = readHTML(body, contentType, link)
	case KindPDF:
		doc, err = readPDF(body)
	default:
		doc, err = readText(body, contentType)
	}
	doc.Kind = kind
	if err == nil && strings.TrimSpace(doc.Text) == "" {
		err = unreadable(nil, "it has no text")
	}
	return doc, err
}

// kindOf decides how to read a body. A declared type wins; text/plain named *.md is Markdown.
func kindOf(body []byte, contentType string, link *url.URL) (string, error) {
	mt := mediaType(contentType)
	if mt == "" || mt == "application/octet-stream" {
		mt = mediaType(http.DetectContentType(body))
		if mt == "text/plain" && extension(link) == ".pdf" {
			mt = "application/pdf"
		}
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return KindHTML, nil
	case "text/markdown", "text/x-markdown":
		return KindMarkdown, nil
	case "application/pdf", "application/x-pdf":
		return KindPDF, nil
	case "text/plain":
		if e := extension(link); e == ".md" || e == ".markdown" {
			return KindMarkdown, nil
		}
		return KindText, nil
	}
	return "", unreadable(nil, "it is %s, and I read only web pages, plain text, Markdown and PDF", mt)
}

func extension(link *url.URL) string {
	if link == nil {
		return ""
	}
	return strings.ToLower(path.Ext(link.Path))
}

// readText decodes plain text or Markdown to UTF-8 by its declared charset, or by sniffing.
func readText(body []byte, contentType string) (Document, error) {
	text, err := decode(body, contentType)
	if err != nil {
		return Document{}, unreadable(err, "its text encoding could not be read")
	}
	text = tidy(text)
	return Document{Title: firstLine(text), Text: text}, nil
}

// decode converts body to UTF-8: a BOM, a charset in contentType or a <meta> charset wins;
// undeclared bytes that are valid UTF-8 are UTF-8, anything else is read as the sniffed charset
// (windows-1252, as browsers assume, when nothing better is known).
func decode(body []byte, contentType string) (string, error) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if (!certain && utf8.Valid(body)) || name == "utf-8" {
		return strings.ToValidUTF8(strings.TrimPrefix(string(body), "\uFEFF"), "\uFFFD"), nil
	}
	b, err := io.ReadAll(transform.NewReader(bytes.NewReader(body), enc.NewDecoder()))
	return string(b), err
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
