package clientos

import (
	"fmt"
	"strings"
	"unicode"
)

// Reading is how long a text takes to read at ReadingWPM.
type Reading struct {
	Words   int
	Seconds int // rounded up
}

// ReadingOf counts the words a reader reads in text: runs of non-space characters holding a letter
// or a digit, so Markdown marks ("-", "**", "###") and lone arrows are not counted.
func ReadingOf(text string) Reading {
	words := 0
	for _, f := range strings.Fields(text) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			words++
		}
	}
	return Reading{Words: words, Seconds: (words*60 + ReadingWPM - 1) / ReadingWPM}
}

// String is "342 words: about 87 seconds to read".
func (r Reading) String() string {
	return fmt.Sprintf("%d words: about %d seconds to read", r.Words, r.Seconds)
}

// Over reports whether the text takes longer than the brief's target.
func (r Reading) Over() bool { return r.Seconds > BriefReadSeconds }

// items are a Markdown body's list items or, when it has none, its paragraphs (headings skipped),
// each on one line.
func items(body string) []string {
	if bs := bullets(body); len(bs) > 0 {
		return bs
	}
	var out []string
	for para := range strings.SplitSeq(body, "\n\n") {
		var lines []string
		for line := range strings.SplitSeq(para, "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				lines = append(lines, t)
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, " "))
		}
	}
	return out
}

// lead is the gist of a list item: its opening bold phrase ("**Concrete before clever.** Every
// claim…"), or its first sentence; a bold label ending in a colon ("**Who:** CFOs…") is dropped.
func lead(item string) string {
	item = strings.TrimSpace(item)
	if rest, ok := strings.CutPrefix(item, "**"); ok {
		if bold, after, ok := strings.Cut(rest, "**"); ok {
			bold = strings.TrimSpace(bold)
			if strings.HasSuffix(bold, ":") {
				return firstSentence(after)
			}
			return endSentence(bold)
		}
	}
	return firstSentence(item)
}

// clause is the first clause of text (up to a dash, semicolon, colon or the end of its first
// sentence), at most maxWords words.
func clause(text string, maxWords int) string {
	c := strings.TrimSuffix(firstSentence(text), ".")
	for _, sep := range []string{" — ", " – ", "; ", ": "} {
		if i := strings.Index(c, sep); i > 0 {
			c = c[:i]
		}
	}
	if words := strings.Fields(c); len(words) > maxWords {
		c = strings.Join(words[:maxWords], " ") + "…"
	}
	return strings.TrimRight(c, ",")
}

// firstSentence is text up to the end of its first sentence, which ends in a full stop, question or
// exclamation mark followed by a space; abbreviations such as "e.g." do not end it.
func firstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	for i := 0; i < len(text)-1; i++ {
		if strings.IndexByte(".?!", text[i]) < 0 || text[i+1] != ' ' {
			continue
		}
		if text[i] == '.' && isAbbreviation(text[:i+1]) {
			continue
		}
		return text[:i+1]
	}
	return endSentence(text)
}

func isAbbreviation(upToDot string) bool {
	word := upToDot[strings.LastIndexByte(upToDot, ' ')+1:]
	word = strings.TrimLeft(word, "(\"'")
	switch strings.ToLower(word) {
	case "e.g.", "i.e.", "vs.", "etc.", "approx.", "no.", "mr.", "ms.", "dr.":
		return true
	}
	return false
}

// endSentence adds a full stop to text that does not end a sentence.
func endSentence(text string) string {
	text = strings.TrimSpace(text)
	if text == "" || strings.ContainsAny(text[len(text)-1:], ".?!") {
		return text
	}
	return strings.TrimRight(text, ",;:") + "."
}

// isNegative reports whether a voice lead says what not to do ("We never mock spreadsheets.").
func isNegative(lead string) bool {
	l := strings.ToLower(lead)
	l = strings.TrimPrefix(l, "we ")
	for _, p := range []string{"never ", "no ", "don't ", "do not ", "avoid ", "not ", "without "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
