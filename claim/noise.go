package claim

import (
	"regexp"
	"unicode"
	"unicode/utf8"
)

// noiseRes find figures that state nothing checkable: phone numbers, 24/7, and numbers that
// label something (page 14, Version 2.0, step 3).
var noiseRes = []*regexp.Regexp{
	regexp.MustCompile(`\+\d{1,3}(?:[ .-]?\(?\d+\)?){2,5}`),
	regexp.MustCompile(`(?:\(\d{2,4}\)|\b\d{2,4})[ .-]\d{3,4}[ .-]\d{4}\b`), // not 12.500.000
	regexp.MustCompile(`(?i)\b(?:24/7|24x7|24/365|365/24)\b`),
	regexp.MustCompile(`(?i)\b(?:pages?|pp?\.|version|ver\.|v\.|chapter|section|§|step|slide|figure|fig\.|` +
		`table|no\.|nr\.|episode|part|vol\.|volume|level|tier|phase|item|rule|article|art\.)\s?#?` +
		`\d+(?:[.,]\d+)*(?:\s?-\s?\d+)?`),
}

// maskNoise blanks the noise in masked, so none of it is read as a date or a figure.
func maskNoise(masked []byte) {
	for _, re := range noiseRes {
		for _, m := range re.FindAllIndex(masked, -1) {
			for i := m[0]; i < m[1]; i++ {
				masked[i] = ' '
			}
		}
	}
}

// inTitle says whether the year at start ends a name in title case ("Close Benchmark 2025"):
// the two words before it are capitalised. A year after one capitalised word ("Since 2019") is a
// date.
func inTitle(text string, start int) bool {
	i := start
	for range 2 {
		if i == 0 || text[i-1] != ' ' {
			return false
		}
		j := i - 1
		for j > 0 && text[j-1] != ' ' && text[j-1] != '\n' {
			j--
		}
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(r) {
			return false
		}
		i = j
	}
	return true
}

// dropTitleYears drops bare years that end a title.
func dropTitleYears(text string, dates []Claim) []Claim {
	out := dates[:0]
	for _, d := range dates {
		if !(len(d.key) == 4 && d.end-d.start == 4 && inTitle(text, d.start)) {
			out = append(out, d)
		}
	}
	return out
}
