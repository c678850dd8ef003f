package claim

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"
)

// chunkSize bounds the text one pass of the patterns reads: a long source is indexed a chunk at a
// time, so the work grows linearly with it and a cancelled context stops it between chunks.
const chunkSize = 16 << 10

// index is what the sources contain, in the forms claims are compared in.
type index struct {
	words   string // wordsKey of all sources
	figures map[figure]bool
	dates   map[string]bool
}

// figure is a value found in a source. unit is anyUnit in a second entry of each figure, for
// claims that accept any unit.
type figure struct {
	kind, unit string
	value      string // the value to ten significant digits, so 4.2M and 4,200,000 are one figure
}

const anyUnit = "*"

func valueKey(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

func newIndex(ctx context.Context, sources []string) (*index, error) {
	ix := &index{figures: map[figure]bool{}, dates: map[string]bool{}}
	var words strings.Builder
	words.WriteByte(' ')
	for _, s := range sources {
		for s != "" {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var chunk string
			chunk, s = nextChunk(s, chunkSize)
			ix.add(digitsForWords(normalize(chunk)), &words)
		}
	}
	ix.words = words.String()
	return ix, nil
}

// nextChunk cuts about size bytes off the front of s, at a paragraph, line or sentence end or a
// space when there is one in the second half, so patterns rarely lose a match to the cut.
func nextChunk(s string, size int) (chunk, rest string) {
	if len(s) <= size {
		return s, ""
	}
	cut := strings.LastIndex(s[:size], "\n\n")
	if cut < size/2 {
		cut = strings.LastIndexByte(s[:size], '\n')
	}
	if cut < size/2 {
		cut = strings.LastIndex(s[:size], ". ") + 1 // a sentence's end, keeping its full stop
	}
	if cut < size/2 {
		cut = strings.LastIndexByte(s[:size], ' ')
	}
	if cut < size/2 {
		cut = size
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut], s[cut:]
}

// add indexes one normalised chunk, number words as digits: its words, dates and figures.
func (ix *index) add(chunk string, words *strings.Builder) {
	writeWords(words, chunk)
	masked := []byte(chunk)
	maskTimes(masked)
	for _, d := range extractDates(string(masked), masked) {
		for _, key := range strings.Split(d.key, "|") {
			ix.dates[key] = true
		}
	}
	// Dates and clock times are blanked now: "March 12, 2019" does not back "12 days".
	chunk = string(masked)
	for _, c := range extractNumbers(chunk) {
		ix.addFigure(c.Kind, c.unit, c.value)
		if c.alt != c.value {
			ix.addFigure(c.Kind, c.unit, c.alt)
		}
	}
	// A bare number in a source backs the same figure wherever it appears ("3 ways" is not a
	// claim in a piece, but "3" in a source table still supports "3 days").
	for _, m := range numberPattern.findAll(chunk) {
		if v, _, ok := parseNumber(group(chunk, m, 3)); ok && group(chunk, m, 4) == "" && group(chunk, m, 5) == "" {
			next, _ := wordAfter(chunk, m[1])
			ix.addFigure(KindNumber, units[strings.ToLower(next)], v)
			ix.addFigure(KindNumber, units[strings.ToLower(next)], otherReading(group(chunk, m, 3), v))
		}
	}
}

func (ix *index) addFigure(kind, unit string, v float64) {
	k := valueKey(v)
	ix.figures[figure{kind, unit, k}] = true
	ix.figures[figure{kind, anyUnit, k}] = true
}

func (ix *index) supports(c Claim) bool {
	switch c.Kind {
	case KindQuote:
		return containsInOrder(ix.words, c.parts)
	case KindStudy:
		return strings.Contains(ix.words, c.key)
	case KindDate:
		return ix.supportsDate(c)
	}
	return ix.supportsFigure(c)
}

// supportsFigure compares values: a percentage needs a percentage, money the same currency (or a
// plain number), a number with a unit the same unit (or none).
func (ix *index) supportsFigure(c Claim) bool {
	v := valueKey(c.value)
	switch c.Kind {
	case KindPercent:
		return ix.figures[figure{KindPercent, anyUnit, v}]
	case KindMoney:
		return ix.figures[figure{KindNumber, "", v}] || ix.figures[figure{KindMoney, c.unit, v}]
	}
	for _, kind := range []string{KindNumber, KindMoney} {
		if c.unit == "" && ix.figures[figure{kind, anyUnit, v}] ||
			c.unit != "" && (ix.figures[figure{kind, c.unit, v}] || ix.figures[figure{kind, "", v}]) {
			return true
		}
	}
	return false
}

// supportsDate accepts the same date (either reading of 04/12/2025), a more precise one ("March 2026" backed by "12 March
// 2026"), or the date's words anywhere in the sources ("March" and "2026" in "March to May 2026").
func (ix *index) supportsDate(c Claim) bool {
	for k := range ix.dates {
		for _, key := range strings.Split(c.key, "|") {
			if k == key || strings.HasPrefix(k, key+"-") {
				return true
			}
		}
	}
	for _, w := range strings.Fields(wordsKey(c.Text)) {
		if !strings.Contains(ix.words, " "+w+" ") && !strings.Contains(ix.words, " "+strings.TrimLeft(w, "0")+" ") {
			return false
		}
	}
	return true
}
