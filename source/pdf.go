package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// readPDF reads a PDF's text layer, page by page, within the limits: the file is read through
// ctx (a cancelled read stops the parser at its next read), content streams inflate through a
// shared budget of MaxInflatedBytes, and the text stops at MaxTextBytes. A password-protected
// PDF, a scan without a text layer and a damaged file each get their own reason.
func readPDF(ctx context.Context, body []byte) (doc Document, err error) {
	defer func() {
		if p := recover(); p != nil { // the parser panics on some malformed files
			doc, err = Document{}, unreadable(fmt.Errorf("pdf parser: %v", p), "the PDF is damaged")
		}
		if stop := stopped(ctx); stop != nil {
			doc, err = Document{}, stop
		}
	}()
	r, err := pdf.NewReader(ctxReaderAt{ctx, bytes.NewReader(body)}, int64(len(body)))
	if err != nil {
		return Document{}, openError(err)
	}
	x := &pdfText{ctx: ctx, out: &textSink{max: MaxTextBytes}, left: MaxInflatedBytes}
	err = walkPages(ctx, r.Trailer().Key("Root").Key("Pages"), x.page)
	if err = limitError(ctx, err); err != nil {
		var u *Unreadable
		if errors.As(err, &u) {
			return Document{}, u
		}
		return Document{}, unreadable(err, "the PDF is damaged")
	}
	raw := x.out.String()
	switch {
	case strings.TrimSpace(raw) == "":
		return Document{}, unreadable(nil, "the PDF has no text layer (it may be a scan); paste the key passage instead")
	case unreadableText(raw):
		return Document{}, unreadable(nil, noTextLayer)
	}
	text := tidy(raw)
	return Document{Title: pdfTitle(r, text), Text: text}, nil
}

// openError words the parser's refusal to open a file.
func openError(err error) error {
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return unreadable(err, "the PDF is password-protected; attach an unprotected copy or paste the key passage")
	case strings.Contains(err.Error(), "encrypt"):
		return unreadable(err, "the PDF is encrypted in a way I can't open; attach an unprotected copy or paste the key passage")
	}
	return unreadable(err, "the PDF is damaged")
}

// walkPages visits the pages under the page tree node root in order, checking ctx at each node.
// A tree deeper than 64 levels or larger than maxPDFPageNodes (a loop, or a bomb) is too large.
func walkPages(ctx context.Context, root pdf.Value, visit func(pdf.Page) error) error {
	type item struct {
		node  pdf.Value
		depth int
	}
	stack := []item{{root, 0}}
	for nodes := 0; len(stack) > 0; nodes++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if nodes > maxPDFPageNodes {
			return tooLarge("it has more than %s pages", thousands(maxPDFPageNodes))
		}
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		kids := it.node.Key("Kids")
		if it.node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			if err := visit(pdf.Page{V: it.node}); err != nil {
				return err
			}
			continue
		}
		if it.depth >= 64 {
			return unreadable(nil, "the PDF's page tree is nested too deeply; it is damaged")
		}
		for i := kids.Len() - 1; i >= 0 && len(stack) <= maxPDFPageNodes; i-- {
			stack = append(stack, item{kids.Index(i), it.depth + 1})
		}
	}
	return nil
}

// pdfTitle is the document's Title entry, else its first line.
func pdfTitle(r *pdf.Reader, text string) string {
	// An AES-encrypted title keeps its padding bytes: control codes, dropped.
	if t := strings.TrimSpace(strings.Map(dropControl, r.Trailer().Key("Info").Key("Title").Text())); t != "" {
		return firstLine(t)
	}
	return firstLine(text)
}
