package claim

import (
	"strconv"
	"strings"
	"unicode"
)

// numberPattern finds a number with an optional currency before it and a scale and percent after it.
var numberPattern = newPattern(`(?i)(?:([$€£¥])\s?|\b(usd|eur|gbp|us\$)\s?)?(\d+(?:[.,]\d+)*)`+
	`(?:\s?(k|mln|mn|m|bln|bn|b|trn|tn|t|million|billion|thousand|trillion)\b)?`+
	`(?:\s?(%|percent\b|per\s?cent\b|percentage points?\b|pp\b|pc\b|prozent\b))?`, numberStart)

var scales = map[string]float64{"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
	"b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trn": 1e12, "trillion": 1e12}

var currencies = map[string]string{"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "eur": "eur",
	"£": "gbp", "gbp": "gbp", "¥": "jpy", "dollar": "usd", "euro": "eur", "pound": "gbp"}

// units are the words after a number that change what it means ("9 days" is not "9 hours").
var units = map[string]string{}

func init() {
	for _, u := range []string{"second", "minute", "hour", "day", "week", "month", "quarter", "year",
		"x", "times", "point", "kg", "km", "mile", "gb", "tb", "mb"} {
		units[u], units[u+"s"] = u, u
	}
	units["times"], units["x"] = "x", "x"
	units["secs"], units["mins"], units["hrs"], units["yrs"] = "second", "minute", "hour", "year"
}

// extractNumbers finds percentages, money and numbers that carry meaning: with a unit, a
// currency, a decimal part, or 10 and more. Small bare counts ("3 ways") and list markers are
// not claims.
func extractNumbers(text string) []Claim {
	var out []Claim
	for _, m := range numberPattern.findAll(text) {
		if m[6] > 0 && !boundaryBefore(text, m[6]) {
			continue // inside a word or a longer number: B2B, Q3, v1.2.3
		}
		c, ok := numberClaim(text, m)
		if ok {
			out = append(out, c)
		}
	}
	return out
}

func boundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	r := rune(text[i-1])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' && r != ',' || r == '$'
}

func group(text string, m []int, g int) string {
	if m[2*g] < 0 {
		return ""
	}
	return text[m[2*g]:m[2*g+1]]
}

func numberClaim(text string, m []int) (Claim, bool) {
	raw := group(text, m, 3)
	v, decimals, ok := parseNumber(raw)
	if !ok {
		return Claim{}, false
	}
	scale := strings.ToLower(group(text, m, 4))
	if scale == "t" && group(text, m, 1)+group(text, m, 2) == "" {
		return Claim{}, false // "5 T-Mobile stores": a lone T is a trillion only after a currency
	}
	pct := group(text, m, 5)
	alt := otherReading(raw, v)
	if scale != "" {
		v, alt = v*scales[scale], alt*scales[scale]
	}
	c := Claim{value: v, alt: alt, start: m[0], end: m[1]}
	end := m[1]
	nextWord, nextEnd := wordAfter(text, end)
	switch cur := strings.ToLower(group(text, m, 1) + group(text, m, 2)); {
	case pct != "":
		c.Kind = KindPercent
	case cur != "":
		c.Kind, c.unit = KindMoney, currencies[cur]
	case currencies[strings.TrimSuffix(strings.ToLower(nextWord), "s")] != "":
		c.Kind, c.unit, end = KindMoney, currencies[strings.TrimSuffix(strings.ToLower(nextWord), "s")], nextEnd
	default:
		c.Kind, c.unit = KindNumber, units[strings.ToLower(nextWord)]
		if c.unit != "" {
			end = nextEnd
		}
		if c.unit == "" && scale == "" && !decimals && (v < 10 || listMarker(text, m[0], m[1])) {
			return Claim{}, false
		}
	}
	c.Text = strings.TrimSpace(text[m[0]:end] + ofPhrase(text, end))
	return c, true
}

// listMarker says whether the number numbers a list item ("1. ", "2) ") or a section.
func listMarker(text string, start, end int) bool {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	if strings.TrimSpace(text[lineStart:start]) != "" {
		return false
	}
	return end < len(text) && (text[end] == '.' || text[end] == ')')
}

// wordAfter is the word right after position i (one space or hyphen allowed: "9 days", "9-day"),
// and where it ends.
func wordAfter(text string, i int) (string, int) {
	j := i
	if j < len(text) && (text[j] == ' ' || text[j] == '-') {
		j++
	}
	k := j
	for k < len(text) && (unicode.IsLetter(rune(text[k])) || text[k] == '-') {
		k++
	}
	return text[j:k], k
}

// ofPhrase is " of CFOs" after "87%": the word that says what a figure counts, for display (two
// when the first is a determiner: " of the respondents").
func ofPhrase(text string, i int) string {
	rest := text[i:]
	if !strings.HasPrefix(rest, " of ") {
		return ""
	}
	var kept []string
	for _, w := range strings.Fields(rest[4:min(len(rest), 64)]) {
		trimmed := strings.TrimRight(w, ".,;:!?)\"'")
		if trimmed != "" {
			kept = append(kept, trimmed)
		}
		if trimmed != w || len(kept) == 2 || !determiners[strings.ToLower(trimmed)] {
			break
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return " of " + strings.Join(kept, " ")
}

var determiners = map[string]bool{"the": true, "all": true, "our": true, "their": true, "those": true,
	"these": true, "its": true, "a": true, "an": true, "us": true, "u.s.": true, "uk": true, "eu": true,
	"global": true, "finance": true, "mid-market": true, "b2b": true, "surveyed": true}

// parseNumber reads 9.4, 9,4, 10,000, 1.234,5 and 1,234.5. A lone comma before one or two digits
// is a decimal comma; before three it separates thousands.
func parseNumber(raw string) (v float64, decimals bool, ok bool) {
	lastDot, lastComma := strings.LastIndexByte(raw, '.'), strings.LastIndexByte(raw, ',')
	dec := -1
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
	case lastComma >= 0 && strings.Count(raw, ",") == 1 && len(raw)-lastComma-1 != 3:
		dec = lastComma
	case lastDot >= 0 && strings.Count(raw, ".") == 1:
		dec = lastDot
	}
	var b strings.Builder
	for i, r := range raw {
		switch {
		case i == dec:
			b.WriteByte('.')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	return v, dec >= 0, err == nil
}

// otherReading is raw's value with its one separator read the other way, when it stands before
// exactly three digits: 1.200 is 1,200 in German, and 1,200 may be 1.2 written with a comma. It is v
// when raw has no such separator.
func otherReading(raw string, v float64) float64 {
	seps := strings.Count(raw, ".") + strings.Count(raw, ",")
	i := strings.LastIndexAny(raw, ".,")
	if seps != 1 || len(raw)-i-1 != 3 {
		return v
	}
	whole, _ := strconv.ParseFloat(raw[:i]+raw[i+1:], 64)
	if raw[i] == '.' {
		return whole
	}
	return whole / 1000
}
