package generate

import (
	"time"

	"github.com/mos-hq/mos/source"
)

// sourceTokenBudget bounds the source text sent with one request.
const sourceTokenBudget = 6000

// Text is one text a piece rests on as it was read — a source link, a pasted transcript, an
// attached file — or why it could not be read.
type Text struct {
	Origin   string // the engine's origin: link, transcript or file
	Title    string
	Body     string
	Readable bool
	Reason   string // why it was unreadable
	ReadAt   time.Time
}

// Source is what a generation may take facts from besides the brief and the Client OS: the
// source's type, link and pasted excerpt, what was read from the link (nil when it was not read)
// and the request's own inputs.
type Source struct {
	Type    string
	URL     string
	Excerpt string
	Link    *Text
	Inputs  []Text
}

// texts are the readable texts the piece rests on: the link's, then the transcript's and file's.
func (s Source) texts() []*Text {
	var out []*Text
	if s.Link != nil && s.Link.Readable {
		out = append(out, s.Link)
	}
	for i := range s.Inputs {
		if s.Inputs[i].Readable {
			out = append(out, &s.Inputs[i])
		}
	}
	return out
}

// attempted says whether anything the piece rests on was read or tried: a link, a transcript, a file.
func (s Source) attempted() bool { return s.Link != nil || len(s.Inputs) > 0 }

// readable says whether at least one of the piece's sources gave text.
func (s Source) readable() bool { return len(s.texts()) > 0 }

// sourceRule is the instruction on facts that goes before a prompt's data when the source was read
// (or tried): facts come only from what the data and the Client OS hold, so the model invents none.
// It says nothing of the source's content, which stays in the data.
func sourceRule(src Source) string {
	switch {
	case !src.attempted():
		return ""
	case !src.readable():
		return "The source could not be read (source_unreadable in the data says why). Use no numbers, dates, " +
			"quotes or studies except those in the brief, the source_excerpt and the Client OS.\n"
	case len(src.Inputs) > 0:
		return "Use facts — numbers, percentages, money, dates, quotes, named studies — only from the source_text " +
			"and the source_inputs texts of the data, the source_excerpt and the Client OS. If a fact is in none " +
			"of them, leave it out.\n"
	}
	return "Use facts — numbers, percentages, money, dates, quotes, named studies — only from the source_text " +
		"of the data, the source_excerpt and the Client OS. If a fact is in none of them, leave it out.\n"
}

// sourceTextData is what was read from the source, as a prompt's data carries it: the link's text
// cut to a token budget around the brief, its title and the day it was read, or why it could not be
// read; then the request's own inputs (a pasted transcript, an attached file) the same way.
type sourceTextData struct {
	SourceTitle      string            `json:"source_title,omitempty"`
	SourceReadOn     string            `json:"source_read_on,omitempty"`
	SourceText       string            `json:"source_text,omitempty"`
	SourceTextCut    string            `json:"source_text_cut,omitempty"` // how many words the budget left out, and where
	SourceUnreadable string            `json:"source_unreadable,omitempty"`
	SourceInputs     []sourceInputData `json:"source_inputs,omitempty"`
}

// sourceInputData is a pasted transcript or an attached file in a prompt's data.
type sourceInputData struct {
	Origin     string `json:"origin"` // transcript or file
	Title      string `json:"title,omitempty"`
	Text       string `json:"text,omitempty"`
	TextCut    string `json:"text_cut,omitempty"`
	Unreadable string `json:"unreadable,omitempty"`
}

func sourceTextOf(src Source, brief string) sourceTextData {
	var d sourceTextData
	// The budget is shared by every text read, so a piece with a link and a transcript costs no more.
	budget := sourceTokenBudget / max(1, len(src.texts()))
	switch read := src.Link; {
	case read == nil:
	case !read.Readable:
		d.SourceUnreadable = read.Reason
	default:
		d.SourceTitle, d.SourceReadOn = read.Title, read.ReadAt.UTC().Format("2006-01-02")
		cut := source.BudgetCut(read.Body, brief, budget)
		d.SourceText, d.SourceTextCut = cut.Text, cut.Note()
	}
	for _, in := range src.Inputs {
		item := sourceInputData{Origin: in.Origin, Title: in.Title, Unreadable: in.Reason}
		if in.Readable {
			cut := source.BudgetCut(in.Body, brief, budget)
			item.Text, item.TextCut = cut.Text, cut.Note()
		}
		d.SourceInputs = append(d.SourceInputs, item)
	}
	return d
}
