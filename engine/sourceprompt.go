package engine

import (
	"github.com/mos-hq/mos/source"
)

// UnreadableNote is what people see on a piece whose source could not be read; %s is the reason.
const UnreadableNote = "I couldn't read the source (%s). This piece is written from your brief only — " +
	"paste the key passage or attach the file."

// sourceRule is the instruction on facts that goes before a prompt's data when the source was read
// (or tried): facts come only from what the data and the Client OS hold, so the model invents none.
// It says nothing of the source's content, which stays in the data.
func sourceRule(src Source) string {
	switch {
	case src.Read == nil:
		return ""
	case !src.Read.Readable():
		return "The source could not be read (source_unreadable in the data says why). Use no numbers, dates, " +
			"quotes or studies except those in the brief, the source_excerpt and the Client OS.\n"
	}
	return "Use facts — numbers, percentages, money, dates, quotes, named studies — only from the source_text " +
		"of the data, the source_excerpt and the Client OS. If a fact is in none of them, leave it out.\n"
}

// sourceTextData is what was read from the source, as a prompt's data carries it: the text cut to
// a token budget around the brief, its title and the day it was read; or why it could not be read.
type sourceTextData struct {
	SourceTitle      string `json:"source_title,omitempty"`
	SourceReadOn     string `json:"source_read_on,omitempty"`
	SourceText       string `json:"source_text,omitempty"`
	SourceUnreadable string `json:"source_unreadable,omitempty"`
}

func sourceTextOf(src Source, brief string) sourceTextData {
	read := src.Read
	switch {
	case read == nil:
		return sourceTextData{}
	case !read.Readable():
		return sourceTextData{SourceUnreadable: read.Reason}
	}
	return sourceTextData{SourceTitle: read.Title, SourceReadOn: read.FetchedAt.UTC().Format("2006-01-02"),
		SourceText: source.Budget(read.Text, brief, sourceTokenBudget)}
}
