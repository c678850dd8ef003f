package claim

import (
	"fmt"
	"strings"
)

var months = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12}

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December|` +
	`Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

// datePatterns are tried in order; a span matched by one is masked for the rest (and for numbers).
var datePatterns = []struct {
	pattern pattern
	key     func(m []string) string
}{
	{newPattern(`\b(\d{4})-(\d{2})-(\d{2})\b`, dateStart), func(m []string) string { return m[1] + "-" + m[2] + "-" + m[3] }},
	{newPattern(`\b`+monthRe+` (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`, dateStart),
		func(m []string) string { return ymd(m[3], m[1], m[2]) }},
	{newPattern(`\b(\d{1,2})(?:st|nd|rd|th)?\.? (?:of )?`+monthRe+`,? (\d{4})\b`, dateStart),
		func(m []string) string { return ymd(m[3], m[2], m[1]) }},
	{newPattern(`\b`+monthRe+`,? (\d{4})\b`, dateStart), func(m []string) string { return ymd(m[2], m[1], "") }},
	{newPattern(`\b(Q[1-4]|H[12]) (\d{4})\b`, dateStart), func(m []string) string { return m[2] + "-" + m[1] }},
	{newPattern(`\b(1[89]\d{2}|20\d{2})\b`, dateStart), func(m []string) string { return m[1] }},
}

func ymd(year, month, day string) string {
	k := fmt.Sprintf("%s-%02d", year, months[strings.ToLower(strings.TrimSuffix(month, "."))])
	if day != "" {
		k += "-" + fmt.Sprintf("%02s", day)
	}
	return k
}

// extractDates finds dates and blanks their spans in masked, so their digits are not numbers too.
func extractDates(text string, masked []byte) []Claim {
	var out []Claim
	current := text // masked as a string, made again only after a pattern masked something
	for _, d := range datePatterns {
		found := d.pattern.findAll(current)
		for _, idx := range found {
			m := make([]string, len(idx)/2)
			for g := range m {
				if idx[2*g] >= 0 {
					m[g] = text[idx[2*g]:idx[2*g+1]]
				}
			}
			out = append(out, Claim{Kind: KindDate, Text: m[0], key: d.key(m), start: idx[0], end: idx[1]})
			for i := idx[0]; i < idx[1]; i++ {
				masked[i] = ' '
			}
		}
		if len(found) > 0 {
			current = string(masked)
		}
	}
	return out
}
