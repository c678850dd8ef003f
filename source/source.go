// Package source reads what a piece is built from — a web page, a text or Markdown file, a PDF —
// safely and into plain text: the fetcher dials only public addresses (or hosts an operator
// allowed), follows few redirects, stops slow and huge answers, and keeps only the main text of a
// page, so scripts, navigation and cookie banners never reach the model.
package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Kinds of document the package reads.
const (
	KindHTML     = "html"
	KindText     = "text"
	KindMarkdown = "markdown"
	KindPDF      = "pdf"
)

// Document is a source read into text.
type Document struct {
	URL      string // what was asked for
	FinalURL string // where the last redirect ended
	Kind     string // one of the Kind constants
	Title    string
	Text     string // the main text, UTF-8, paragraphs separated by blank lines
}

// Hash is the SHA-256 of the text, so two reads of a source can be compared.
func (d Document) Hash() string {
	sum := sha256.Sum256([]byte(d.Text))
	return hex.EncodeToString(sum[:])
}

// Unreadable says in plain words why a source could not be read. Reason completes the sentence
// "I couldn't read the source (…)".
type Unreadable struct {
	Reason string
	Err    error // the underlying error, for logs; may be nil
}

func (u *Unreadable) Error() string {
	if u.Err != nil {
		return fmt.Sprintf("source: %s: %v", u.Reason, u.Err)
	}
	return "source: " + u.Reason
}

func (u *Unreadable) Unwrap() error { return u.Err }

func unreadable(err error, format string, args ...any) *Unreadable {
	return &Unreadable{Reason: fmt.Sprintf(format, args...), Err: err}
}

// ReasonOf is the plain-words reason of err: an *Unreadable's reason, or a generic one.
func ReasonOf(err error) string {
	var u *Unreadable
	if errors.As(err, &u) {
		return u.Reason
	}
	return "something went wrong while reading it"
}
