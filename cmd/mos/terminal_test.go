package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTerminalTextDropsControls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"plain text with tabs and line breaks", "a\tb\nc\n", "a\tb\nc\n"},
		{"a screen clear", "\x1b[2J\x1b[Hhello", "hello"},
		{"colours", "\x1b[1;31mred\x1b[0m", "red"},
		{"an OSC 8 hyperlink", "see \x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\.", "see here."},
		{"a window title ended by BEL", "\x1b]0;owned\x07title", "title"},
		{"8-bit CSI and OSC", "a\u009b2Jb\u009d0;x\u009cc", "abc"},
		{"an unterminated OSC loses its line only", "Title: a\x1b]8;;http://x title\nHook: rest\n", "Title: a\nHook: rest\n"},
		{"an unterminated CSI", "a\x1b[12", "a"},
		{"ESC then a line break", "a\x1b\nb", "a\nb"},
		{"ESC and one character", "a\x1bcb\x1b7c", "abc"},
		{"direction overrides and isolates", "a\u202eb\u202cc\u2066d\u2069e\u200ff", "abcdef"},
		{"other controls", "a\x00b\x07c\x7fd\u0085e", "abcde"},
		{"carriage returns", "a\r\nb\rc", "a\nb\nc"},
		{"broken UTF-8", "a\xffb", "a\uFFFDb"},
	} {
		require.Equal(t, tc.want, terminalText(tc.in), tc.name)
	}
}

// BenchmarkTerminalText: a megabyte of model text dense with escapes is cleaned in one pass.
func BenchmarkTerminalText(b *testing.B) {
	s := strings.Repeat("Most CFOs \x1b]8;;https://x.example/\x1b\\blame\x1b]8;;\x1b\\ people\u202e.\n", 1<<20/60)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		terminalText(s)
	}
}
