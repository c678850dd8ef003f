package source

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// readPDF reads a PDF's text layer, page by page. A password-protected PDF, a scan without a text
// layer and a damaged file each get their own reason.
func readPDF(body []byte) (doc Document, err error) {
	defer func() {
		if p := recover(); p != nil { // the parser panics on some malformed files
			doc, err = Document{}, unreadable(fmt.Errorf("pdf parser: %v", p), "the PDF is damaged")
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return Document{}, unreadable(err, "the PDF is password-protected; attach an unprotected copy or paste the key passage")
	case err != nil && strings.Contains(err.Error(), "encrypt"):
		return Document{}, unreadable(err, "the PDF is encrypted in a way I can't open; attach an unprotected copy or paste the key passage")
	case err != nil:
		return Document{}, unreadable(err, "the PDF is damaged")
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		page := r.Page(i)
		if page.V.IsNull() {
			continue
		}
		text, err := page.GetPlainText(nil)
		if err != nil {
			return Document{}, unreadable(err, "page %d of the PDF is damaged", i)
		}
		b.WriteString(text)
		b.WriteString("\n\n")
	}
	text := tidy(b.String())
	if strings.TrimSpace(text) == "" {
		return Document{}, unreadable(nil, "the PDF has no text layer (it may be a scan); paste the key passage instead")
	}
	return Document{Title: pdfTitle(r, text), Text: text}, nil
}

// pdfTitle is the document's Title entry, else its first line.
func pdfTitle(r *pdf.Reader, text string) string {
	if t := strings.TrimSpace(r.Trailer().Key("Info").Key("Title").Text()); t != "" {
		return t
	}
	return firstLine(text)
}
