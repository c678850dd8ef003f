package claim

import (
	"regexp"
	"slices"
	"strings"
)

// addFigures indexes the sentences of one chunk and every figure in them, with what each is
// about. text is the chunk with its dates and times blanked, so they are no figures.
func (ix *index) addFigures(chunk, text string) {
	first := int32(len(ix.sentences))
	starts := ix.addSentences(chunk)
	matches := numberPattern.findAll(text)
	s := 0
	for k, m := range matches {
		for s+1 < len(starts) && starts[s+1] <= m[0] {
			s++
		}
		from, to := starts[s], len(text)
		if s+1 < len(starts) {
			to = starts[s+1]
		}
		if k > 0 {
			from = max(from, between(text, matches[k-1][1], m[0]))
		}
		if k+1 < len(matches) {
			to = min(to, between(text, m[1], matches[k+1][0]))
		}
		ix.addMatch(text, m, occurrence{sentence: first + int32(s), at: int32(m[0] - starts[s]),
			noun: nounAfter(text, m[1]), dir: directionNear(text, from, m[0], m[1], to)})
	}
}

// between is where the words between two figures, in text[from:to], stop belonging to the first:
// at the last comma, semicolon or colon, else in the middle (moved on to the end of a word).
func between(text string, from, to int) int {
	if from >= to {
		return from
	}
	if clause := strings.LastIndexAny(text[from:to], ",;:"); clause >= 0 {
		return from + clause
	}
	mid := (from + to) / 2
	for mid < to && isWordByte(text[mid]) {
		mid++
	}
	return mid
}

// addSentences splits text into sentences, adds them, and returns where each begins.
func (ix *index) addSentences(text string) []int {
	var starts []int
	var paragraph int32 // a new chunk starts a new paragraph
	if n := len(ix.sentences); n > 0 {
		paragraph = ix.sentences[n-1].paragraph + 1
	}
	for start := 0; start < len(text); {
		_, end := sentenceAround(text, start, start)
		end = min(len(text), end+1) // keep the full stop
		if strings.TrimSpace(text[start:end]) != "" {
			starts = append(starts, start)
			ix.sentences = append(ix.sentences, sentence{text: text[start:end], paragraph: paragraph,
				words: " " + strings.Join(contextWords(text, start, end, false, -1), " ") + " "})
		}
		if strings.HasPrefix(text[end-1:], "\n\n") {
			paragraph++
		}
		start = end
	}
	return starts
}

// ratio finds "3 in 4" and "3 out of 4" after a number: a share, indexed as a percentage.
var ratio = regexp.MustCompile(`\A (?:in|out of|von) (\d{1,3})\b`)

// addMatch indexes one number of the sources under each figure it may back: as the claim it would
// be in a piece, and as a bare number (a source table's "9" still backs "9 days" beside "Days").
func (ix *index) addMatch(text string, m []int, occ occurrence) {
	if m[6] == 0 || boundaryBefore(text, m[6]) {
		if c, ok := numberClaim(text, m); ok {
			at := occ
			if c.Kind != KindNumber {
				at.unit = ""
			} else {
				at.unit = c.unit
			}
			ix.addFigure(c.Kind, c.unit, c.value, at)
			if c.alt != c.value {
				ix.addFigure(c.Kind, c.unit, c.alt, at)
			}
		}
	}
	raw := group(text, m, 3)
	v, _, ok := parseNumber(raw)
	if !ok || group(text, m, 4) != "" || group(text, m, 5) != "" {
		return
	}
	next, _ := wordAfter(text, m[1])
	occ.unit = units[strings.ToLower(next)]
	ix.addFigure(KindNumber, occ.unit, v, occ)
	if alt := otherReading(raw, v); alt != v {
		ix.addFigure(KindNumber, occ.unit, alt, occ)
	}
	if r := ratio.FindStringSubmatch(text[m[1]:min(len(text), m[1]+16)]); r != nil {
		if whole, _, _ := parseNumber(r[1]); whole > 0 && v <= whole {
			occ.noun = ""
			ix.addFigure(KindPercent, "", 100*v/whole, occ)
		}
	}
}

func (ix *index) addFigure(kind, unit string, v float64, occ occurrence) {
	k := valueKey(v)
	at := int32(len(ix.found))
	ix.found = append(ix.found, occ)
	for _, f := range []figure{{kind, unit, k}, {kind, anyUnit, k}} {
		if len(ix.figures[f]) < maxOccurrences {
			ix.figures[f] = append(ix.figures[f], at)
		}
	}
}

// nounAfter is the content word right after a figure ("engineers" in "120 engineers", "CFOs" in
// "87% of CFOs"), stemmed; "" when none follows.
func nounAfter(text string, i int) string {
	w, end := wordAfter(text, i)
	if strings.EqualFold(w, "of") {
		if words := contextWords(text, end, min(len(text), end+40), false, 1); len(words) == 1 {
			return words[0]
		}
		return ""
	}
	return contentWord(w)
}

// checkFigure looks for a place where the sources give c's value about the same thing, going the
// same way. Failing that, c comes back flagged: going the other way there, about something else, or
// missing, with the sentence of the source that says so.
func (ix *index) checkFigure(c Claim) (Claim, bool) {
	elsewhere, flipped := int32(-1), int32(-1)
	for _, key := range figureKeys(c) {
		for _, at := range ix.figures[key] {
			occ := ix.found[at]
			switch {
			case !ix.sameSubject(c, occ):
				if elsewhere < 0 {
					elsewhere = at
				}
			case c.dir != 0 && occ.dir == -c.dir:
				if flipped < 0 {
					flipped = at
				}
			default:
				return c, true
			}
		}
	}
	switch {
	case flipped >= 0:
		c.Reason, c.Source = ReasonDirection, ix.says(ix.found[flipped])
	case elsewhere >= 0:
		c.Reason, c.Source = ReasonElsewhere, ix.says(ix.found[elsewhere])
	default:
		c.Reason = ReasonMissing
	}
	return c, false
}

// figureKeys are the entries that may back c: a percentage needs a percentage, money the same
// currency (or a plain number), a number with a unit the same unit (or none), a number any figure.
func figureKeys(c Claim) []figure {
	v := valueKey(c.value)
	switch {
	case c.Kind == KindPercent:
		return []figure{{KindPercent, anyUnit, v}}
	case c.Kind == KindMoney:
		return []figure{{KindMoney, c.unit, v}, {KindNumber, "", v}}
	case c.unit == "":
		return []figure{{KindNumber, anyUnit, v}, {KindMoney, anyUnit, v}}
	}
	return []figure{{KindNumber, c.unit, v}, {KindMoney, c.unit, v}, {KindNumber, "", v}, {KindMoney, "", v}}
}

// sameSubject says whether occ is about what c is about. A unit decides when both have one ("9
// days" backs "9 days"; "9 steps" and "page 9" back no days). Otherwise one of the words around
// c must be near occ.
func (ix *index) sameSubject(c Claim, occ occurrence) bool {
	if c.Kind == KindNumber && c.unit != "" {
		if occ.unit == c.unit {
			return true
		}
		return occ.unit == "" && occ.noun == "" && ix.near(occ, []string{stem(c.unit)})
	}
	if occ.unit != "" && !slices.Contains(c.context, stem(occ.unit)) {
		return false // "14 days" backs no "14 engineers"
	}
	return len(c.context) == 0 || ix.near(occ, c.context)
}

// near says whether one of words is in occ's sentence, or in a neighbouring sentence of the same
// paragraph when nothing names what occ counts right after it ("61%." after "Of 412 CFOs asked,").
func (ix *index) near(occ occurrence, words []string) bool {
	s := ix.sentences[occ.sentence]
	if containsWord(s.words, words) {
		return true
	}
	if occ.noun != "" {
		return false
	}
	for _, n := range []int32{occ.sentence - 1, occ.sentence + 1} {
		if n >= 0 && int(n) < len(ix.sentences) && ix.sentences[n].paragraph == s.paragraph &&
			containsWord(ix.sentences[n].words, words) {
			return true
		}
	}
	return false
}

func containsWord(key string, words []string) bool {
	for _, w := range words {
		if strings.Contains(key, " "+w+" ") {
			return true
		}
	}
	return false
}

// maxSays bounds the source text a flag carries.
const maxSays = 240

// says is the sentence of the sources occ stands in, cut to about maxSays bytes around it.
func (ix *index) says(occ occurrence) string {
	text := ix.sentences[occ.sentence].text
	if len(text) <= maxSays {
		return strings.Join(strings.Fields(text), " ")
	}
	from := max(0, int(occ.at)-maxSays/2)
	to := min(len(text), from+maxSays)
	from, to = wordEdge(text, from, false), wordEdge(text, to, true)
	said := strings.Join(strings.Fields(text[from:to]), " ")
	if from > 0 {
		said = "…" + said
	}
	if to < len(text) {
		said += "…"
	}
	return said
}

// wordEdge moves i to the nearest space (backwards when back is set), so a cut falls between words.
func wordEdge(text string, i int, back bool) int {
	for i > 0 && i < len(text) && text[i] != ' ' {
		if back {
			i--
		} else {
			i++
		}
	}
	return i
}
