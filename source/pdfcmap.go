package source

import (
	"errors"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// The library decodes a ToUnicode map's ranges by adding to the last byte only, so a range that
// spans more than 256 codes — <0000> <FFFF> <0000>, as some producers write for an identity map —
// decodes Greek, Cyrillic or Polish letters to Latin-1 junk; and it searches every range for
// every code. toUnicode reads the map itself: codes are numbers, ranges are searched by halving.

// maxCMapEntries bounds the entries kept from one map; a 512 KB map holds fewer.
const maxCMapEntries = 1 << 17

type toUnicode struct {
	width  int               // bytes per code: 1 or 2
	chars  map[uint32]string // single codes
	ranges []cmapRange       // sorted by lo
}

type cmapRange struct {
	lo, hi uint32
	dst    []uint16 // UTF-16 of the first code's text; later codes add to its last unit
	each   []string // or the text of each code, in order
}

// readToUnicode reads a ToUnicode map of one- or two-byte codes; ok is false for any other
// map, which is left to the library.
func readToUnicode(v pdf.Value) (m *toUnicode, ok bool) {
	rd := v.Reader()
	defer func() { _ = rd.Close() }()
	lx := newPDFLexer(io.LimitReader(rd, maxCMapBytes), maxCMapBytes)
	m = &toUnicode{chars: map[uint32]string{}}
	var args []pdfToken
	var arrays [][]string
	for entries := 0; entries < maxCMapEntries; entries++ {
		tok, err := lx.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		switch {
		case tok.kind == pdfArrayOpen:
			parts, err := readPDFArray(lx)
			if err != nil {
				return nil, false
			}
			arrays = append(arrays, tjTexts(parts))
			args = append(args, pdfToken{kind: pdfArrayOpen})
		case tok.kind == pdfOperator && strings.HasPrefix(tok.text, "end"):
			if !m.add(tok.text, args, arrays) {
				return nil, false
			}
			args, arrays = args[:0], arrays[:0]
		case tok.kind == pdfString:
			args = append(args, tok)
		case tok.kind == pdfOperator:
			args, arrays = args[:0], arrays[:0]
		}
	}
	sort.Slice(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
	return m, m.width == 1 || m.width == 2
}

func tjTexts(parts []tjPart) []string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p.isText {
			out = append(out, p.text)
		}
	}
	return out
}

// add takes the entries of one section: code space ranges, single codes or ranges.
func (m *toUnicode) add(op string, args []pdfToken, arrays [][]string) bool {
	switch op {
	case "endcodespacerange":
		for i := 0; i+1 < len(args); i += 2 {
			w := len(args[i].text)
			if m.width != 0 && m.width != w {
				return false // codes of mixed lengths
			}
			m.width = w
		}
	case "endbfchar":
		for i := 0; i+1 < len(args); i += 2 {
			m.chars[codeOf(args[i].text)] = utf16Text(args[i+1].text)
		}
	case "endbfrange":
		for i := 0; i+2 < len(args); i += 3 {
			r := cmapRange{lo: codeOf(args[i].text), hi: codeOf(args[i+1].text)}
			if args[i+2].kind == pdfArrayOpen {
				if len(arrays) == 0 {
					return false
				}
				r.each, arrays = arrays[0], arrays[1:]
			} else {
				r.dst = utf16Units(args[i+2].text)
			}
			m.ranges = append(m.ranges, r)
		}
	}
	return true
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

func utf16Text(s string) string { return string(utf16.Decode(utf16Units(s))) }

// Decode maps each code to its text; a code the map lacks reads as U+FFFD.
func (m *toUnicode) Decode(raw string) string {
	var b strings.Builder
	for i := 0; i+m.width <= len(raw); i += m.width {
		b.WriteString(m.text(codeOf(raw[i : i+m.width])))
	}
	return b.String()
}

func (m *toUnicode) text(code uint32) string {
	if s, ok := m.chars[code]; ok {
		return s
	}
	i := sort.Search(len(m.ranges), func(i int) bool { return m.ranges[i].lo > code }) - 1
	if i < 0 || code > m.ranges[i].hi {
		return "\uFFFD"
	}
	r, off := m.ranges[i], code-m.ranges[i].lo
	if r.each != nil {
		if int(off) < len(r.each) {
			return utf16Text(r.each[off])
		}
		return "\uFFFD"
	}
	if len(r.dst) == 0 {
		return "\uFFFD"
	}
	u := append([]uint16(nil), r.dst...)
	u[len(u)-1] += uint16(off)
	return string(utf16.Decode(u))
}
