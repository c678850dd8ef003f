package clientos

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxClientNameChars bounds a client's display name: it heads every prompt and Slack message.
const MaxClientNameChars = 80

// CleanText is the one sanitiser for text a person types (names, briefs, comments, instructions,
// pillars, cells of an imported file): it drops invalid UTF-8, terminal escape sequences (ANSI
// colours, cursor moves, window titles), other control characters and invisible direction
// overrides, which can hide or disguise text in a terminal, in Slack or in a prompt. A multiline
// text keeps its tabs and line breaks (as "\n"); a single-line one has every run of white space,
// line breaks included, turned into one space. Surrounding white space is trimmed. Length limits
// are the caller's, counted on the result.
func CleanText(s string, multiline bool) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if n := escapeLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) || invisibleFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	if !multiline {
		return strings.Join(strings.Fields(b.String()), " ")
	}
	return strings.TrimSpace(b.String())
}

// escapeLen is the length of the terminal escape sequence s starts with, or 0: CSI (ESC [ … final
// byte, or the 8-bit CSI), OSC, DCS and similar strings (ESC ] … BEL or ESC \), or ESC and one
// character.
func escapeLen(s string) int {
	switch {
	case strings.HasPrefix(s, "\x1b["):
		return csiLen(s, 2)
	case strings.HasPrefix(s, "\u009b"):
		return csiLen(s, len("\u009b"))
	case len(s) >= 2 && s[0] == 0x1b && strings.IndexByte("]PX^_", s[1]) >= 0:
		return stringSeqLen(s)
	case len(s) >= 2 && s[0] == 0x1b:
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
	return 0
}

// csiLen skips parameter and intermediate bytes up to and including the final byte (0x40–0x7E).
func csiLen(s string, start int) int {
	for i := start; i < len(s); i++ {
		if c := s[i]; c >= 0x40 && c <= 0x7e {
			return i + 1
		} else if c < 0x20 || c > 0x3f {
			return i // malformed: drop what was read; the rest is judged on its own
		}
	}
	return len(s)
}

// stringSeqLen runs to BEL or ESC \ (the string terminator), or to the end of s.
func stringSeqLen(s string) int {
	for i := 2; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
	}
	return len(s)
}

// invisibleFormat reports the invisible characters that reorder or hide text: direction marks,
// embeddings, overrides and isolates, and the byte order mark. Joiners stay (emoji need them).
func invisibleFormat(r rune) bool {
	switch {
	case r == '\u200e' || r == '\u200f' || r == '\u061c' || r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// Quote is s quoted for a message, control characters escaped and cut to 40 characters, so a
// refusal never echoes a pasted novel or a terminal escape.
func Quote(s string) string {
	const most = 40
	if utf8.RuneCountInString(s) <= most {
		return fmt.Sprintf("%q", s)
	}
	runes := []rune(s)
	return fmt.Sprintf("%q… (%d characters)", string(runes[:most]), len(runes))
}

// CleanClientName cleans a client's display name (one line) and refuses an empty or too long one.
func CleanClientName(name string) (string, error) {
	clean := CleanText(name, false)
	if clean == "" {
		return "", fmt.Errorf("the client name %s has no visible characters; give the name people know the company by, e.g. \"Northwind Ledger\"", Quote(name))
	}
	if n := utf8.RuneCountInString(clean); n > MaxClientNameChars {
		return "", fmt.Errorf("the client name is %d characters long; the limit is %d — give the name people know the company by, e.g. \"Northwind Ledger\"",
			n, MaxClientNameChars)
	}
	return clean, nil
}
