package source

import (
	"bytes"
	"context"
	"net/url"
	"strings"
)

// ReadFile reads an attached file: its body by the content type the file's host declares, with
// the name's extension deciding when that type says nothing useful (a .md sent as text/plain).
// The title is the file's name.
func ReadFile(ctx context.Context, body []byte, contentType, name string) (Document, error) {
	doc, err := Read(ctx, body, contentType, &url.URL{Path: "/" + name})
	if err != nil {
		return doc, err
	}
	if t := strings.TrimSpace(name); t != "" {
		doc.Title = t
	}
	return doc, nil
}

// CheckSize refuses, before any byte is read, a file whose declared size is over limit.
func CheckSize(size, limit int64) error {
	if size > limit {
		return overLimit("it is %s, over the %s limit", sizeText(size), sizeText(limit))
	}
	return nil
}

// LimitedBuffer collects at most Max bytes: a write past it fails with an *Unreadable naming the
// limit, so a body larger than declared is refused rather than cut.
type LimitedBuffer struct {
	buf bytes.Buffer
	Max int64
}

func (b *LimitedBuffer) Write(p []byte) (int, error) {
	if int64(b.buf.Len()+len(p)) > b.Max {
		return 0, overLimit("it is larger than the %s limit", sizeText(b.Max))
	}
	return b.buf.Write(p)
}

// Bytes is what was written.
func (b *LimitedBuffer) Bytes() []byte { return b.buf.Bytes() }
