package source

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// noTextLayer is the reason given for a PDF whose text is missing or unreadable.
const noTextLayer = "this PDF has no readable text layer — paste the key passage"

// readableShare is the least share of a PDF's visible characters that must be letters or digits,
// and junkShare the most that may be replacement characters, private-use glyphs or control codes,
// for its text to be worth passing on: a font without a usable encoding gives glyph numbers
// that read as symbols and control codes, not words.
const (
	readableShare = 0.55
	junkShare     = 0.10
)

// leaders are the characters that fill a line between a title and its page number.
const leaders = ".·…-_–—"

// unreadableText says whether extracted text is mostly not letters and digits: glyph codes
// shown as bytes, replacement characters or symbols.
func unreadableText(text string) bool {
	var visible, readable, junk int
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\n' || r == '\t' || r == '\r' || r == ' ' || r == '\u00a0':
			continue
		case strings.ContainsRune(leaders, r): // a contents page's dot leaders are neither
			continue
		case r == utf8.RuneError, unicode.Is(unicode.Co, r), unicode.IsControl(r), !unicode.IsPrint(r) && !unicode.IsSpace(r):
			junk++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			readable++
		}
		visible++
	}
	if visible == 0 {
		return true
	}
	return float64(readable) < readableShare*float64(visible) || float64(junk) > junkShare*float64(visible)
}
