package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// terminalText is text the model (or a web page's title) wrote, made safe to print: escape
// sequences (screen clears, OSC 8 hyperlinks, window titles), other C0 and C1 control characters
// and invisible direction overrides are dropped, so the terminal shows what was written and does
// nothing else. Line breaks and tabs stay, a carriage return becomes a line break, and no
// sequence runs past a line break: an unterminated one costs the rest of its line, never the
// rest of the output.
func terminalText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f { // printable ASCII, the common case
			b.WriteByte(c)
			i++
			continue
		}
		if n := controlSequenceLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r' && !strings.HasPrefix(s[i:], "\n"):
			b.WriteByte('\n')
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// c1Strings are the 8-bit forms of OSC, DCS, SOS, PM and APC: each opens a string up to ST.
var c1Strings = []string{"\u009d", "\u0090", "\u0098", "\u009e", "\u009f"}

// controlSequenceLen is the length of the escape sequence s starts with, or 0: CSI (ESC [ or the
// 8-bit CSI, up to its final byte), a string (OSC, DCS, SOS, PM, APC up to BEL or ST), or ESC and
// one character.
func controlSequenceLen(s string) int {
	switch {
	case strings.HasPrefix(s, "\x1b["):
		return csiLen(s, 2)
	case strings.HasPrefix(s, "\u009b"):
		return csiLen(s, len("\u009b"))
	case len(s) >= 2 && s[0] == 0x1b && strings.IndexByte("]PX^_", s[1]) >= 0:
		return controlStringLen(s, 2)
	case len(s) >= 2 && s[0] == 0x1b && s[1] != '\n' && s[1] != '\t':
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
	if s[0] != 0xc2 { // every C1 control is encoded as 0xC2 and one byte
		return 0
	}
	for _, p := range c1Strings {
		if strings.HasPrefix(s, p) {
			return controlStringLen(s, len(p))
		}
	}
	return 0
}

// csiLen skips parameter and intermediate bytes up to and including the final byte (0x40–0x7E);
// anything else ends a malformed sequence, and is judged on its own.
func csiLen(s string, start int) int {
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c < 0x20 || c > 0x3f:
			return i
		}
	}
	return len(s)
}

// controlStringLen runs to BEL or ST (ESC \ or the 8-bit ST), or up to a line break.
func controlStringLen(s string, start int) int {
	for i := start; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == '\n':
			return i
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
	}
	return len(s)
}
