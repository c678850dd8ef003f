package claim

import (
	"regexp"
	"strings"
	"unicode"
)

// studyRes find a named study: "according to Gartner", "a McKinsey survey", "Deloitte's 2025 CFO
// Signals report", "a study by the Hackett Group".
var studyRes = []*regexp.Regexp{
	regexp.MustCompile(`(?:[Aa]ccording to|[Ss]tudy by|[Ss]urvey by|[Rr]eport by|[Rr]esearch by|[Dd]ata from|[Ss]tudy from|[Rr]eport from)` +
		` (?:the )?((?:[A-Z][\w&.'-]*)(?: (?:of |for |and |& )?[A-Z][\w&.'-]*){0,5})`),
	regexp.MustCompile(`((?:[A-Z][\w&.-]*)(?: [A-Z][\w&.-]*){0,4})(?:'s)? (?:(?:\d{4}|[A-Z][\w-]*) ){0,3}` +
		`(?i:study|survey|report|research|index|poll|benchmark|census|barometer)\b`),
}

// notNames are capitalised words that start sentences, not organisations.
var notNames = map[string]bool{"a": true, "an": true, "the": true, "our": true, "this": true, "that": true,
	"new": true, "recent": true, "latest": true, "one": true, "another": true, "in": true, "every": true,
	"each": true, "their": true, "its": true, "his": true, "her": true, "my": true, "your": true, "we": true,
	"annual": true, "global": true}

func extractStudies(text string) []Claim {
	var out []Claim
	for _, re := range studyRes {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			name := trimName(text[m[2]:m[3]])
			if name == "" {
				continue
			}
			out = append(out, Claim{Kind: KindStudy, Text: strings.TrimSpace(text[m[0]:m[1]]),
				key: wordsKey(name), start: m[0], end: m[1]})
		}
	}
	return out
}

// trimName drops leading sentence words ("A", "New") and a possessive from a study's name.
func trimName(name string) string {
	words := strings.Fields(strings.TrimSuffix(name, "'s"))
	for len(words) > 0 && notNames[strings.ToLower(words[0])] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// wordsKey is text as lower-cased words without punctuation, number words as digits, so spacing,
// case, punctuation and "three" or "3" do not matter.
func wordsKey(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	writeWords(&b, digitsForWords(s))
	if b.Len() == 1 {
		return "  " // no words: a key no text contains
	}
	return b.String()
}

// writeWords writes the lower-cased words of s to b, each followed by a space.
func writeWords(b *strings.Builder, s string) {
	inWord := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		} else if inWord {
			b.WriteByte(' ')
			inWord = false
		}
	}
	if inWord {
		b.WriteByte(' ')
	}
}
