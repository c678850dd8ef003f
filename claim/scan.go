package claim

import (
	"regexp"
	"strings"
)

// pattern is a regular expression tried only where a match can begin, on a short window of text
// there. Searching a long text with an unanchored pattern costs far more per byte than this
// scan, which keeps the claim check fast and linear on long sources.
type pattern struct {
	anchored *regexp.Regexp
	canStart func(text string, i int) bool
}

// window is how much text one attempt reads. A match ending in its second half is tried again on
// the rest of the text: the patterns look at most 32 bytes past a match, so none is cut short.
const window = 96

func newPattern(expr string, canStart func(text string, i int) bool) pattern {
	return pattern{anchored: regexp.MustCompile(`\A(?:` + expr + `)`), canStart: canStart}
}

// findAll is what regexp's FindAllStringSubmatchIndex(text, -1) finds when every match begins
// where canStart says one can.
func (p pattern) findAll(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		if !p.canStart(text, i) {
			continue
		}
		if m := p.matchAt(text, i); m != nil {
			out = append(out, m)
			i = max(m[1], i+1) - 1
		}
	}
	return out
}

func (p pattern) matchAt(text string, i int) []int {
	end := min(len(text), i+window)
	m := p.anchored.FindStringSubmatchIndex(text[i:end])
	if m != nil && end < len(text) && m[1] > end-i-window/2 {
		m = p.anchored.FindStringSubmatchIndex(text[i:])
	}
	for g := range m {
		if m[g] >= 0 {
			m[g] += i
		}
	}
	return m
}

// isWordByte is regexp's \w: an ASCII letter, digit or underscore.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// wordStart is regexp's \b before a word byte at i.
func wordStart(text string, i int) bool { return i == 0 || !isWordByte(text[i-1]) }

// dateStart: every date begins with a digit or a capital (a month, Q3, H1) at a word start.
func dateStart(text string, i int) bool {
	return dateFirstBytes[text[i]] && wordStart(text, i)
}

var dateFirstBytes = func() (t [256]bool) {
	for _, b := range []byte("0123456789JFMASONDQH") {
		t[b] = true
	}
	return t
}()

// numberStart: a figure begins with a digit, a currency sign or a currency code.
func numberStart(text string, i int) bool {
	switch b := text[i]; {
	case isDigit(b) || b == '$':
		return true
	case b == 0xE2 || b == 0xC2: // the first byte of €, £ and ¥
		return strings.HasPrefix(text[i:], "€") || strings.HasPrefix(text[i:], "£") || strings.HasPrefix(text[i:], "¥")
	default:
		return strings.IndexByte("uUeEgG", b) >= 0 && wordStart(text, i)
	}
}
