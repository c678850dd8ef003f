package claim

import (
	"strings"
)

// index is what the sources contain, in the forms claims are compared in.
type index struct {
	words  string // wordsKey of all sources
	values []Claim
	dates  map[string]bool
}

func newIndex(sources []string) *index {
	ix := &index{dates: map[string]bool{}}
	var all []string
	for _, s := range sources {
		all = append(all, normalize(s))
	}
	joined := strings.Join(all, "\n\n")
	ix.words = wordsKey(joined)
	for _, c := range Extract(joined) {
		switch {
		case c.hasValue:
			ix.values = append(ix.values, c)
		case c.Kind == KindDate:
			ix.dates[c.key] = true
		}
	}
	// A bare number in a source backs the same figure wherever it appears ("3 ways" is not a
	// claim in a piece, but "3" in a source table still supports "3 days").
	for _, m := range numberRe.FindAllStringSubmatchIndex(joined, -1) {
		if v, _, ok := parseNumber(group(joined, m, 3)); ok && group(joined, m, 4) == "" && group(joined, m, 5) == "" {
			next, _ := wordAfter(joined, m[1])
			ix.values = append(ix.values, Claim{Kind: KindNumber, value: v, hasValue: true, unit: units[strings.ToLower(next)]})
		}
	}
	return ix
}

func (ix *index) supports(c Claim) bool {
	switch c.Kind {
	case KindQuote, KindStudy:
		return strings.Contains(ix.words, c.key)
	case KindDate:
		return ix.supportsDate(c)
	}
	for _, s := range ix.values {
		if sameFigure(c, s) {
			return true
		}
	}
	return false
}

// sameFigure compares values: a percentage needs a percentage, money the same currency (or a
// plain number), a number with a unit the same unit (or none).
func sameFigure(c, s Claim) bool {
	if !closeEnough(c.value, s.value) {
		return false
	}
	switch c.Kind {
	case KindPercent:
		return s.Kind == KindPercent
	case KindMoney:
		return s.Kind == KindNumber && s.unit == "" || s.Kind == KindMoney && s.unit == c.unit
	default:
		return s.Kind != KindPercent && (c.unit == "" || s.unit == "" || c.unit == s.unit)
	}
}

func closeEnough(a, b float64) bool {
	d := a - b
	return d < 1e-9*max(1, a) && d > -1e-9*max(1, a)
}

// supportsDate accepts the same date, a more precise one ("March 2026" backed by "12 March
// 2026"), or the date's words anywhere in the sources ("March" and "2026" in "March to May 2026").
func (ix *index) supportsDate(c Claim) bool {
	for k := range ix.dates {
		if k == c.key || strings.HasPrefix(k, c.key+"-") {
			return true
		}
	}
	for _, w := range strings.Fields(wordsKey(c.Text)) {
		if !strings.Contains(ix.words, " "+w+" ") && !strings.Contains(ix.words, " "+strings.TrimLeft(w, "0")+" ") {
			return false
		}
	}
	return true
}
