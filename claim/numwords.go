package claim

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Number words, English and German, as digits: a source saying "nine days" or "seven percent"
// backs "9 days" and "7%".
var (
	smallNumbers = wordValues(map[string]float64{}, 0, `zero one two three four five six seven eight nine ten eleven
		twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen`)
	tensNumbers = map[string]float64{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
		"seventy": 70, "eighty": 80, "ninety": 90, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
		"sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}
	multipliers = map[string]float64{"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6,
		"billion": 1e9, "trillion": 1e12, "hundert": 100, "tausend": 1e3}
)

func init() {
	wordValues(smallNumbers, 1, `eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn
		vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn`)
}

func wordValues(m map[string]float64, first float64, words string) map[string]float64 {
	for i, w := range strings.Fields(words) {
		m[w] = first + float64(i)
	}
	return m
}

// numberWordValue is the value of one number word ("seven", "twenty", "fünfundzwanzig").
func numberWordValue(w string) (float64, bool) {
	if v, ok := smallNumbers[w]; ok {
		return v, true
	}
	if v, ok := tensNumbers[w]; ok {
		return v, true
	}
	if unit, tens, ok := strings.Cut(w, "und"); ok && tensNumbers[tens] > 0 && smallNumbers[unit] > 0 &&
		smallNumbers[unit] < 10 {
		return tensNumbers[tens] + smallNumbers[unit], true
	}
	if unit, tens, ok := strings.Cut(w, "und"); ok && tensNumbers[tens] > 0 && unit == "ein" {
		return tensNumbers[tens] + 1, true
	}
	return 0, false
}

// digitsForWords writes number words as digits: "twenty-five days" as "25 days", "a dozen
// teams" as "12 teams", "seven percent" as "7 percent", "half of" as "50% of". A scale word after
// digits ("4.2 million") is left to the figure patterns.
func digitsForWords(s string) string {
	var b strings.Builder
	copied := 0
	for i := 0; i < len(s); {
		start, end := nextWord(s, i)
		if start == end {
			break
		}
		v, runEnd, ok := numberRun(s, start, end)
		if !ok {
			i = end
			continue
		}
		b.WriteString(s[copied:start])
		b.WriteString(v)
		copied, i = runEnd, runEnd
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// nextWord is the span of the next run of letters at or after i.
func nextWord(s string, i int) (int, int) {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) {
			break
		}
		i += n
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += n
	}
	return i, j
}

// numberRun reads the number words from the word at start..end on, joined by a space or hyphen
// (and "and" or "und"), and says what to write instead and where the run ends.
func numberRun(s string, start, end int) (string, int, bool) {
	if start > 0 && !wordBefore(s, start) {
		return "", 0, false
	}
	first := strings.ToLower(s[start:end])
	if first == "half" && strings.HasPrefix(s[end:], " of ") {
		return "50%", end, true
	}
	if first == "a" || first == "an" {
		next, nextEnd := nextWord(s, end)
		if next != end+1 || multipliers[strings.ToLower(s[next:nextEnd])] == 0 {
			return "", 0, false
		}
		start, end = next, nextEnd
	} else if _, ok := numberWordValue(first); !ok {
		return "", 0, false
	}
	var total, current float64
	runEnd := end
	for w, wEnd := start, end; ; {
		word := strings.ToLower(s[w:wEnd])
		if v, ok := numberWordValue(word); ok {
			current += v
		} else if m := multipliers[word]; m >= 1e3 {
			total, current = total+max(current, 1)*m, 0
		} else if m > 0 {
			current = max(current, 1) * m
		} else {
			break // "and" not followed by a number word
		}
		runEnd = wEnd
		if w, wEnd = joinedWord(s, wEnd); w < 0 {
			break
		}
	}
	return strconv.FormatFloat(total+current, 'f', -1, 64), runEnd, true
}

// wordBefore says whether the letters at i begin a word: "one" in "someone" is no number.
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// joinedWord is the number word joined to the one ending at i by one space or hyphen, skipping
// "and" or "und" between them; -1 when there is none.
func joinedWord(s string, i int) (int, int) {
	if i >= len(s) || s[i] != ' ' && s[i] != '-' {
		return -1, -1
	}
	w, wEnd := nextWord(s, i+1)
	if w != i+1 {
		return -1, -1
	}
	if joiner := strings.ToLower(s[w:wEnd]); joiner == "and" || joiner == "und" {
		if next, nextEnd := joinedWord(s, wEnd); next >= 0 {
			return next, nextEnd
		}
		return -1, -1
	}
	word := strings.ToLower(s[w:wEnd])
	if _, ok := numberWordValue(word); !ok && multipliers[word] == 0 {
		return -1, -1
	}
	return w, wEnd
}
