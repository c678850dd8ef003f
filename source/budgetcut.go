package source

import (
	"fmt"
	"strings"
)

// Cut is a text cut to a token budget, with what was left out: the model is told, so it does
// not take the kept passages for the whole source.
type Cut struct {
	Text  string
	Total int        // words in the whole text
	Gaps  []WordSpan // the runs of words left out, in order
}

// WordSpan is a run of words of a text, counted from 1.
type WordSpan struct{ First, Last int }

// Omitted is how many words were left out.
func (c Cut) Omitted() int {
	n := 0
	for _, g := range c.Gaps {
		n += g.Last - g.First + 1
	}
	return n
}

// Note says in one sentence how many words were left out and where; "" when none were.
func (c Cut) Note() string {
	if len(c.Gaps) == 0 {
		return ""
	}
	where := make([]string, len(c.Gaps))
	for i, g := range c.Gaps {
		where[i] = fmt.Sprintf("words %s–%s", thousands(g.First), thousands(g.Last))
	}
	return fmt.Sprintf("This text was cut to fit: %s of its %s words were left out, each place marked %s (%s). "+
		"Do not assume what the missing parts say.", thousands(c.Omitted()), thousands(c.Total), gap,
		strings.Join(where, ", "))
}

// gapsOf is the runs of words in the passages not kept.
func gapsOf(passages []string, keep []bool) []WordSpan {
	var gaps []WordSpan
	word := 1
	for i, p := range passages {
		n := len(strings.Fields(p))
		switch {
		case keep[i] || n == 0:
		case len(gaps) > 0 && gaps[len(gaps)-1].Last == word-1:
			gaps[len(gaps)-1].Last += n
		default:
			gaps = append(gaps, WordSpan{First: word, Last: word + n - 1})
		}
		word += n
	}
	return gaps
}
