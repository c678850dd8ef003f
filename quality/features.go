package quality

import (
	"strings"
	"unicode"
)

// The style features a text is measured on, in the order reasons are broken ties by.
const (
	featSentenceWords = iota
	featParagraphSentences
	featFirstPerson
	featSecondPerson
	featQuestions
	featExclamations
	featHedges
	featGrade
	featHashtags
	featEmoji
	featLinks
	featLists
	featTells
	featCount
)

// features are one text's measures; valid is false where the text has nothing to measure (an
// emoji-only post has no sentence length).
type features struct {
	value   [featCount]float64
	valid   [featCount]bool
	english bool // judged English: the language-dependent measures apply
	known   bool // long enough to judge the language at all
	tells   []string
}

// textStats are the counts features are computed from.
type textStats struct {
	words, sentences, paragraphs, lines, listLines          int
	questions, exclamations, hashtags, emoji, links         int
	first, second, hedges, syllables, function, cjk, latins int
}

func (f *features) set(i int, v float64) { f.value[i], f.valid[i] = v, true }

// measure computes the features of text, matching the lowercased AI tells.
func measure(text string, tells []string) features {
	text = strings.ReplaceAll(clip(text), "\r\n", "\n")
	text = strings.ReplaceAll(text, "’", "'")
	s := countText(text)
	var f features
	f.known = s.cjk > 0 || s.words >= 8
	f.english = f.known && s.cjk*3 < s.latins && float64(s.function) >= 0.12*float64(s.words)
	if s.sentences > 0 {
		f.set(featSentenceWords, float64(s.words)/float64(s.sentences))
		f.set(featQuestions, float64(s.questions)/float64(s.sentences))
		f.set(featExclamations, float64(s.exclamations)/float64(s.sentences))
	}
	if s.paragraphs > 0 && s.sentences > 0 {
		f.set(featParagraphSentences, float64(s.sentences)/float64(s.paragraphs))
	}
	if s.words > 0 {
		per100 := 100 / float64(s.words)
		f.set(featFirstPerson, float64(s.first)*per100)
		f.set(featSecondPerson, float64(s.second)*per100)
		f.set(featHedges, float64(s.hedges)*per100)
	}
	if s.sentences > 0 && s.words > 0 {
		f.set(featGrade, fleschKincaid(s))
	}
	if s.lines > 0 {
		f.set(featEmoji, float64(s.emoji)/float64(s.lines))
		f.set(featLists, float64(s.listLines)/float64(s.lines))
	}
	f.set(featHashtags, float64(s.hashtags))
	f.set(featLinks, float64(s.links))
	f.tells = matchTells(strings.ToLower(text), tells)
	f.set(featTells, float64(len(f.tells)))
	return f
}

// fleschKincaid is the Flesch–Kincaid grade level, kept within 0–20 so one odd text cannot dominate.
func fleschKincaid(s textStats) float64 {
	g := 0.39*float64(s.words)/float64(s.sentences) + 11.8*float64(s.syllables)/float64(s.words) - 15.59
	return min(max(g, 0), 20)
}

// countText walks the text once per line and once per word.
func countText(text string) textStats {
	var s textStats
	for _, para := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		s.paragraphs++
		for _, line := range strings.Split(para, "\n") {
			countLine(&s, strings.TrimSpace(line))
		}
	}
	return s
}

func countLine(s *textStats, line string) {
	if line == "" {
		return
	}
	s.lines++
	if isListLine(line) {
		s.listLines++
	}
	s.links += strings.Count(line, "http://") + strings.Count(line, "https://") + strings.Count(line, "www.")
	for _, r := range line {
		switch {
		case isEmoji(r):
			s.emoji++
		case isCJK(r):
			s.cjk++
		case r < unicode.MaxLatin1 && unicode.IsLetter(r):
			s.latins++
		}
	}
	for _, sentence := range splitSentences(line) {
		countSentence(s, sentence)
	}
}

// isListLine reports a line starting as a bullet or numbered item, or with an emoji used as one.
func isListLine(line string) bool {
	for _, p := range []string{"- ", "* ", "• ", "→", "->", "– "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	i := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsDigit(r) })
	if i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')') {
		return true
	}
	first := []rune(line)[0]
	return isEmoji(first)
}

// splitSentences cuts a line after . ! ? … and their full-width forms.
func splitSentences(line string) []string {
	var out []string
	start := 0
	rs := []rune(line)
	for i, r := range rs {
		if !strings.ContainsRune(".!?…。！？", r) {
			continue
		}
		if i+1 < len(rs) && (strings.ContainsRune(".!?…。！？\"')", rs[i+1]) || !(unicode.IsSpace(rs[i+1]) || isCJK(rs[i+1]) || r >= 0x3000)) {
			continue // "3.5", "e.g.", "?!": not the end yet
		}
		out = append(out, string(rs[start:i+1]))
		start = i + 1
	}
	if start < len(rs) {
		out = append(out, string(rs[start:]))
	}
	return out
}
