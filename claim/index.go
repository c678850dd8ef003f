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
	words     string // wordsKey of all sources
	figures   map[figure][]int32
	found     []occurrence
	sentences []sentence
	dates     map[string]bool
}

// figure is a value found in a source. unit is anyUnit in a second entry of each figure, for
// claims that accept any unit.
type figure struct {
	kind, unit string
	value      string // the value to ten significant digits, so 4.2M and 4,200,000 are one figure
}

// occurrence is one place a figure stands in the sources, with what it is about there.
type occurrence struct {
	sentence int32  // in index.sentences
	at       int32  // where the figure starts in its sentence
	unit     string // its unit ("day"), or "" for none
	noun     string // the content word right after it ("engineers" in "120 engineers"), stemmed
	dir      int8   // the way the words beside it say it goes
}

// sentence is one sentence of a source: its text, its content words stemmed (" word word "), and
// the paragraph it belongs to, so a figure's context may reach a neighbouring sentence of it.
type sentence struct {
	text, words string
	paragraph   int32
}

// maxOccurrences bounds the places kept for one figure: the first ones decide, and a long source
// full of one number costs no more than one with a few.
const maxOccurrences = 64

const anyUnit = "*"

func valueKey(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

func newIndex(ctx context.Context, sources []string) (*index, error) {
	ix := &index{figures: map[figure][]int32{}, dates: map[string]bool{}}
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

// add indexes one normalised chunk, number words as digits: its words, dates, sentences and figures.
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
	ix.addFigures(chunk, string(masked))
}

// check says whether the sources back c; when they do not, c comes back with the reason and,
// for a figure the sources hold about something else or going the other way, what they say.
func (ix *index) check(c Claim) (Claim, bool) {
	var ok bool
	switch c.Kind {
	case KindQuote:
		ok = containsInOrder(ix.words, c.parts)
	case KindStudy:
		ok = strings.Contains(ix.words, c.key)
	case KindDate:
		ok = ix.supportsDate(c)
	default:
		return ix.checkFigure(c)
	}
	if !ok {
		c.Reason = ReasonMissing
	}
	return c, ok
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
