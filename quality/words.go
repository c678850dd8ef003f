package quality

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word lists for the English-only measures.
var (
	firstPersonWords  = wordSet("i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've we'd we'll")
	secondPersonWords = wordSet("you your yours yourself yourselves you're you've you'd you'll")
	hedgeWords        = wordSet("might maybe perhaps possibly potentially arguably likely somewhat seems seem could may generally typically often usually fairly relatively")
	// functionWords are the commonest English words; their share of a text tells English apart
	// from German, French or Spanish cheaply.
	functionWords = wordSet("the and of to a in is it that for you i we on with this was are be as at have not but my our your they what so if or an from by can do just more all about when how")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// countSentence adds one sentence's words, hashtags and end mark; a piece of text with no word
// (an emoji or a hashtag line) is not a sentence.
func countSentence(s *textStats, sentence string) {
	words := 0
	for _, field := range strings.Fields(sentence) {
		switch {
		case len(field) > 1 && (field[0] == '#' || strings.HasPrefix(field, "＃")):
			s.hashtags++
		case strings.Contains(field, "://") || strings.HasPrefix(field, "www."):
		default:
			words += countWords(s, field)
		}
	}
	if words == 0 {
		return
	}
	s.sentences++
	switch endMark(sentence) {
	case '?', '？':
		s.questions++
	case '!', '！':
		s.exclamations++
	}
}

// countWords counts the words in one space-free field: letter and digit runs (with inner
// apostrophes and hyphens), and each CJK character on its own.
func countWords(s *textStats, field string) int {
	n := 0
	var word strings.Builder
	flush := func() {
		if w := strings.Trim(word.String(), "'-"); w != "" {
			n++
			countWord(s, strings.ToLower(w))
		}
		word.Reset()
	}
	for _, r := range field {
		switch {
		case isCJK(r):
			flush()
			n++
			s.words++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-':
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return n
}

func countWord(s *textStats, w string) {
	s.words++
	s.syllables += syllables(w)
	if firstPersonWords[w] {
		s.first++
	}
	if secondPersonWords[w] {
		s.second++
	}
	if hedgeWords[w] {
		s.hedges++
	}
	if functionWords[w] {
		s.function++
	}
}

// syllables estimates an English word's syllables from its vowel groups; a silent final e drops one.
func syllables(w string) int {
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if n > 1 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") {
		n--
	}
	return max(n, 1)
}

// endMark is the sentence's last punctuation, looking past closing quotes, brackets and emoji.
func endMark(sentence string) rune {
	rs := []rune(sentence)
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		if unicode.IsSpace(r) || isEmoji(r) || joiner(r) || strings.ContainsRune("\"')”»", r) {
			continue
		}
		return r
	}
	return 0
}

// matchTells lists the tells found in the lowercased text, each once, in list order. A tell
// matches at word boundaries, so "robust" does not match "robustness" but "delve" matches "delve".
func matchTells(lower string, tells []string) []string {
	var found []string
	for _, t := range tells {
		if t != "" && containsPhrase(lower, t) {
			found = append(found, t)
		}
	}
	return found
}

func containsPhrase(text, phrase string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(phrase)
		if boundaryBefore(text, start) && boundaryAfter(text, end) {
			return true
		}
		from = start + 1
	}
}

func boundaryBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i == 0 || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

func boundaryAfter(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return i >= len(text) || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}
