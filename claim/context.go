package claim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A figure is about something: the words around it ("CFOs", "days to close") and whether it goes up
// or down ("rose 7%"). A figure is backed only where the source says it about the same thing.

// Directions of a figure.
const (
	down int8 = -1
	up   int8 = 1
)

// directions are the words that say which way a figure goes (English and German).
var directions = func() map[string]int8 {
	d := map[string]int8{}
	for _, w := range strings.Fields(`rose rise rises rising risen up increase increased increases increasing
		grew grow grows growing grown growth gain gains gained higher more jump jumped jumps climb climbed
		climbs soar soared surge surged boost boosted raise raised raises expand expanded added plus stieg
		gestiegen steigt wuchs höher mehr`) {
		d[w] = up
	}
	for _, w := range strings.Fields(`fell fall falls falling fallen down decrease decreased decreases decreasing
		decline declined declines declining drop dropped drops dropping shrank shrink shrinks shrunk fewer less
		lower loss losses lost lose cut cuts slid slide slowed plunge plunged plummeted dip dipped slump slumped
		reduce reduced reduction sank minus cutting fiel gesunken sinkt sank weniger niedriger`) {
		d[w] = down
	}
	return d
}()

// bounds are direction words that bound a figure instead ("more than 40%", "up to 9 days").
var bounds = map[string]string{"more": "than", "less": "than", "fewer": "than", "up": "to", "mehr": "als",
	"weniger": "als"}

// stopWords carry no subject: a figure's context is the rest of the words around it.
var stopWords = func() map[string]bool {
	s := map[string]bool{}
	for _, w := range strings.Fields(`the and for from with but are was were been being has have had its this that
		these those they their them our you your his her she him who which what when where than then also now
		about into over under per some all any each most many much very just only not nor yet there here
		said say says saying according report reported reports found find finds show shows showed shown
		will would could should may might can did does one out off via while whereas since still
		der die das den dem des und oder ein eine einen einem einer auf mit von für bei ist sind war
		wurde wurden nach als auch sich`) {
		s[w] = true
	}
	return s
}()

// stem folds the usual English endings, so "closed", "closes" and "closing" meet "close", "CFOs"
// meets "CFO" and "quarterly" meets "quarter".
func stem(w string) string {
	w = strings.ToLower(w)
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		w = w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		w = w[:len(w)-1]
	}
	for _, suffix := range []string{"ing", "ed", "ly"} {
		if len(w) > len(suffix)+3 && strings.HasSuffix(w, suffix) {
			w = w[:len(w)-len(suffix)]
			break
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// span is a word's place in a text.
type span struct{ start, end int }

// letterWords lists the runs of letters in text[from:to]: the words a context is made of.
func letterWords(text string, from, to int) []span {
	var out []span
	for i := from; i < to; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i
		for j < to {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		if j < len(text) && isDigit(text[j]) || i > 0 && isDigit(text[i-1]) {
			i = j // part of a code like Q3 or 2x: no word
			continue
		}
		out = append(out, span{i, j})
		i = j
	}
	return out
}

// contentWord is w stemmed when it says what a figure is about, "" when it does not.
func contentWord(w string) string {
	lower := strings.ToLower(w)
	if utf8.RuneCountInString(lower) < 3 || stopWords[lower] || directions[lower] != 0 {
		return ""
	}
	if _, ok := numberWordValue(lower); ok || multipliers[lower] > 0 || scales[lower] > 0 {
		return ""
	}
	return stem(lower)
}

// contextWords are at most max content words of text[from:to], nearest to the figure first:
// backwards from to when before is set, else forwards from from.
func contextWords(text string, from, to int, before bool, limit int) []string {
	words := letterWords(text, from, to)
	var out []string
	for k := range words {
		w := words[k]
		if before {
			w = words[len(words)-1-k]
		}
		if c := contentWord(text[w.start:w.end]); c != "" {
			out = append(out, c)
		}
		if len(out) == limit {
			break
		}
	}
	return out
}

// directionNear is the way the nearest direction word within four words of the figure at
// start..end says it goes, looking in text[from:to]; the word before wins a tie.
func directionNear(text string, from, start, end, to int) int8 {
	before, after := letterWords(text, from, start), letterWords(text, end, to)
	for k := range 4 {
		if k < len(before) {
			if d := directionOf(text, before[len(before)-1-k]); d != 0 {
				return d
			}
		}
		if k < len(after) {
			if d := directionOf(text, after[k]); d != 0 {
				return d
			}
		}
	}
	return 0
}

func directionOf(text string, w span) int8 {
	word := strings.ToLower(text[w.start:w.end])
	d := directions[word]
	if d == 0 {
		return 0
	}
	if next, ok := bounds[word]; ok {
		if rest := strings.TrimLeft(text[w.end:min(len(text), w.end+8)], " "); strings.HasPrefix(strings.ToLower(rest), next+" ") {
			return 0
		}
	}
	return d
}

// maxSentence bounds how far a sentence reaches: a table or a list without full stops is read in
// pieces of about this size, so the context of a figure stays near it.
const maxSentence = 400

// sentenceEnds says whether a sentence ends at text[j]: a line break, or a full stop, question
// or exclamation mark before a space or the end (not the point in 4.5).
func sentenceEnds(text string, j int) bool {
	switch text[j] {
	case '\n':
		return true
	case '.', '!', '?':
		return j+1 == len(text) || text[j+1] == ' ' || text[j+1] == '\n' || text[j+1] == '"' || text[j+1] == '\''
	}
	return false
}

// sentenceAround is the sentence holding text[start:end], at most maxSentence bytes either side.
func sentenceAround(text string, start, end int) (int, int) {
	from := start
	for from > 0 && start-from < maxSentence && !sentenceEnds(text, from-1) {
		from--
	}
	to := end
	for to < len(text) && to-end < maxSentence && !sentenceEnds(text, to) {
		to++
	}
	return from, to
}

// setContexts gives each figure of cs (the claims of norm, in text order) the words around it and
// its direction. The words between two figures belong to the nearer one; a figure's words stay in
// its sentence.
func setContexts(norm string, cs []Claim) {
	var figs []int
	for i, c := range cs {
		if c.Kind != KindQuote && c.Kind != KindStudy {
			figs = append(figs, i)
		}
	}
	for k, i := range figs {
		c := &cs[i]
		if c.Kind == KindDate {
			continue
		}
		from, to := sentenceAround(norm, c.start, c.end)
		if k > 0 {
			from = max(from, between(norm, cs[figs[k-1]].end, c.start))
		}
		if k+1 < len(figs) {
			to = min(to, between(norm, c.end, cs[figs[k+1]].start))
		}
		c.context = append(contextWords(norm, from, c.start, true, 6), contextWords(norm, c.end, to, false, 6)...)
		c.dir = directionNear(norm, from, c.start, c.end, to)
	}
}
