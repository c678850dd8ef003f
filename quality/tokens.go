// Package quality measures how good a piece is, as pure functions over plain text and values: the
// human edit ratio (how much of the AI's text a person changed before approving it) and the voice
// match (how close a draft reads to the client's approved writing, with the reasons in plain words).
// It does no I/O; callers pass the texts and the Client OS in.
package quality

import (
	"unicode"
	"unicode/utf8"
)

// MaxTextBytes bounds the text any measure reads; longer input is measured on its first
// MaxTextBytes (cut at a character boundary), so every measure stays linear and bounded.
const MaxTextBytes = 256 << 10

// clip cuts s to MaxTextBytes without splitting a character.
func clip(s string) string {
	if len(s) <= MaxTextBytes {
		return s
	}
	cut := MaxTextBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// isCJK reports the scripts written without spaces between words: each character is counted as
// a word of its own.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isEmoji reports pictographs and symbols used as emoji (the modifiers and joiners that build
// sequences are not counted on their own).
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return !(r >= 0x1F3FB && r <= 0x1F3FF) // skin tones modify the emoji before them
	case r >= 0x2600 && r <= 0x27BF:
		return true
	case r == 0x2B50 || r == 0x2B55 || r == 0x2B06 || r == 0x2B07 || r == 0x2B05 || r == 0x2934 || r == 0x2935:
		return true
	}
	return false
}

// joiner reports the invisible characters inside emoji sequences: they belong to no token.
func joiner(r rune) bool {
	return r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// tokens splits text into word tokens, ignoring white space entirely: runs of other characters
// separated by space, with every CJK character and every emoji a token of its own. It is the unit
// the edit ratio counts.
func tokens(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, text[start:end])
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case unicode.IsSpace(r) || joiner(r):
			flush(i)
		case isCJK(r) || isEmoji(r):
			flush(i)
			out = append(out, text[i:i+utf8.RuneLen(r)])
		case start < 0:
			start = i
		}
	}
	flush(len(text))
	return out
}
