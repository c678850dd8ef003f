package claim

import (
	"fmt"
	"strconv"
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
	{newPattern(`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`, dateStart), numericDate},
	{newPattern(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`, dateStart), numericDate},
	{newPattern(`\b(\d{1,2})-(\d{1,2})-(\d{4})\b`, dateStart), numericDate},
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

// numericDate keys 12/04/2025, 12.04.2025 and 4/12/25: day and month are read both ways when
// both could be a month, as "key|key".
func numericDate(m []string) string {
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	year := m[3]
	if len(year) == 2 {
		year = "20" + year
	}
	var keys []string
	for _, dm := range [][2]int{{a, b}, {b, a}} {
		if day, month := dm[0], dm[1]; day >= 1 && day <= 31 && month >= 1 && month <= 12 {
			keys = append(keys, fmt.Sprintf("%s-%02d-%02d", year, month, day))
		}
	}
	if len(keys) == 0 {
		return year
	}
	if len(keys) == 2 && keys[0] == keys[1] {
		keys = keys[:1]
	}
	return strings.Join(keys, "|")
}

// timePattern finds clock times (9:30, 14:00 Uhr, 10:15 a.m., 9am), which are neither claims nor
// backing for one.
var timePattern = newPattern(`(?i)\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:[ap]\.m\.|[ap]m\b|uhr\b))?|`+
	`\d{1,2}\s?(?:[ap]\.m\.|[ap]m\b)`, func(text string, i int) bool { return isDigit(text[i]) && wordStart(text, i) })

// maskTimes blanks the clock times in masked.
func maskTimes(masked []byte) {
	for _, m := range timePattern.findAll(string(masked)) {
		for i := m[0]; i < m[1]; i++ {
			masked[i] = ' '
		}
	}
}
