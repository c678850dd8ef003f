package source_test

import (
	"strings"
	"unicode"
)

// wordScores is the word-level precision and recall of got against want: the share of got's
// words that are in want, and of want's words that are in got, counted as multisets of
// lower-cased words without the punctuation around them.
func wordScores(got, want string) (precision, recall float64) {
	g, w := words(got), words(want)
	pool := map[string]int{}
	for _, x := range w {
		pool[x]++
	}
	hits := 0
	for _, x := range g {
		if pool[x] > 0 {
			pool[x]--
			hits++
		}
	}
	if len(g) == 0 || len(w) == 0 {
		return 0, 0
	}
	return float64(hits) / float64(len(g)), float64(hits) / float64(len(w))
}

func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(s)) {
		if f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); f != "" {
			out = append(out, f)
		}
	}
	return out
}
