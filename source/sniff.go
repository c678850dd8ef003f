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

	"github.com/gogs/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// kinds maps the media types read to a Kind.
var kinds = map[string]string{
	"text/html": KindHTML, "application/xhtml+xml": KindHTML,
	"text/markdown": KindMarkdown, "text/x-markdown": KindMarkdown,
	"application/pdf": KindPDF, "application/x-pdf": KindPDF,
	"text/plain": KindText,
}

// kindOf decides how to read a body. A PDF's own header wins over any declared type; then the
// declared type, unless it says nothing (empty, octet-stream), when the bytes are sniffed. A
// body declared as text whose bytes are binary (an image, an archive, a program) is refused.
func kindOf(body []byte, contentType string, link *url.URL) (string, error) {
	if isPDF(body) {
		return KindPDF, nil
	}
	sniffed := mediaType(http.DetectContentType(body))
	mt := mediaType(contentType)
	if mt == "" || mt == "application/octet-stream" {
		mt = sniffed
		if mt == "text/plain" && extension(link) == ".pdf" {
			mt = "application/pdf"
		}
	}
	kind, ok := kinds[mt]
	if !ok {
		return "", unreadable(nil, "it is %s, and I read only web pages, plain text, Markdown and PDF", mt)
	}
	if kind != KindPDF && !strings.HasPrefix(sniffed, "text/") {
		return "", unreadable(nil, "it is served as %s but its bytes are %s, not text; I read only web pages, "+
			"plain text, Markdown and PDF", mt, describeBinary(sniffed))
	}
	if kind == KindText {
		if e := extension(link); e == ".md" || e == ".markdown" {
			return KindMarkdown, nil
		}
	}
	return kind, nil
}

// isPDF says whether body starts, after any white space, with a PDF header.
func isPDF(body []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(body[:min(len(body), 1024)], " \t\r\n\f\x00"), []byte("%PDF-"))
}

func describeBinary(mt string) string {
	if mt == "application/octet-stream" {
		return "binary data"
	}
	return mt
}

func extension(link *url.URL) string {
	if link == nil {
		return ""
	}
	return strings.ToLower(path.Ext(link.Path))
}

// sampleSize is how much of an undeclared body the charset detector looks at.
const sampleSize = 64 << 10

// decode converts body to UTF-8. A BOM, a charset in contentType or (for a page) in a <meta>
// tag wins. Undeclared bytes that are valid UTF-8 are UTF-8; other undeclared bytes are told by
// their statistics (ICU's detector: Shift_JIS, EUC-JP, GB18030, Big5, EUC-KR, the windows and
// ISO code pages), and refused when it cannot tell.
func decode(body []byte, contentType string, page bool) (string, error) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	declared := certain || page && metaCharset(body)
	switch {
	case name == "utf-8" && (declared || utf8.Valid(body)), !declared && utf8.Valid(body):
		return strings.ToValidUTF8(strings.TrimPrefix(string(body), "\uFEFF"), "\uFFFD"), nil
	case declared:
		return transcode(body, enc.NewDecoder())
	}
	return guessCharset(body, page)
}

func transcode(body []byte, t transform.Transformer) (string, error) {
	b, err := io.ReadAll(transform.NewReader(bytes.NewReader(body), t))
	if err != nil {
		return "", unreadable(err, "its text encoding could not be read")
	}
	return string(b), nil
}

// multiByteCharsets are the detector's answers that need its high confidence: on bytes of no
// known charset it still gives them a middling one.
var multiByteCharsets = map[string]bool{"Shift_JIS": true, "EUC-JP": true, "GB18030": true, "Big5": true,
	"EUC-KR": true, "ISO-2022-JP": true, "ISO-2022-KR": true, "ISO-2022-CN": true}

// guessCharset decodes undeclared bytes by the charset the detector is sure enough of, when the
// text it gives reads as text (see plausible), and refuses them otherwise.
func guessCharset(body []byte, page bool) (string, error) {
	refuse := unreadable(nil, "it does not say its character set and I could not tell which it is; "+
		"paste the key passage instead")
	detector := chardet.NewTextDetector()
	if page {
		detector = chardet.NewHtmlDetector()
	}
	best, err := detector.DetectBest(body[:min(len(body), sampleSize)])
	if err != nil || best.Confidence < 10 || multiByteCharsets[best.Charset] && best.Confidence < 50 {
		return "", refuse
	}
	enc, _ := charset.Lookup(best.Charset)
	if enc == nil {
		return "", refuse
	}
	text, err := transcode(body, enc.NewDecoder())
	if err != nil {
		return "", err
	}
	if !plausible(text[:min(len(text), 4*sampleSize)]) {
		return "", refuse
	}
	return text, nil
}

// plausible says whether at least 90% of a text's non-ASCII characters are letters, digits,
// punctuation, spaces or currency signs — as in any language's prose, and unlike the box
// drawing, symbols and replacement characters bytes read in the wrong charset give.
func plausible(text string) bool {
	all, good := 0, 0
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		all++
		if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsPunct(r) ||
			unicode.IsSpace(r) || unicode.Is(unicode.Sc, r) || unicode.IsMark(r)) {
			good++
		}
	}
	return good*10 >= all*9
}

// metaCharset says whether a page's first KB declares a charset this package knows in a <meta>
// tag, as browsers look for it.
func metaCharset(body []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), 1024)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "meta" && metaDeclares(z) {
				return true
			}
		}
	}
}

func metaDeclares(z *html.Tokenizer) bool {
	label := ""
	for {
		key, val, more := z.TagAttr()
		switch strings.ToLower(string(key)) {
		case "charset":
			label = string(val)
		case "content":
			if _, cs, ok := strings.Cut(strings.ToLower(string(val)), "charset="); ok && label == "" {
				label = strings.Trim(cs, `"' ;`)
			}
		}
		if !more {
			break
		}
	}
	enc, _ := charset.Lookup(strings.TrimSpace(label))
	return enc != nil
}
