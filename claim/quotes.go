package claim

import (
	"regexp"
	"strings"
)

// quotePatterns find quoted speech: between straight double quotes (curly ones are normalised
// first), or between single curly quotes, where a closing quote followed by a letter is an
// apostrophe (‘We don’t lose a week,’ said a CFO.).
var quotePatterns = []struct {
	re         *regexp.Regexp
	open, shut string // how the quote is shown
}{
	{regexp.MustCompile(`"([^"\n]{8,400})"`), `"`, `"`},
	{regexp.MustCompile(`‘([^‘\n]{8,400}?)'(?:[^\pL\pN]|$)`), "‘", "’"},
}

// minQuoteWords keeps scare quotes ("best-in-class") from counting as speech.
const minQuoteWords = 4

// ellipsis is where a quote leaves words out: …, ... or either in square brackets.
var ellipsis = regexp.MustCompile(`\[?(?:…|\.\.\.)\]?`)

func extractQuotes(text string) []Claim {
	var out []Claim
	for _, q := range quotePatterns {
		for _, m := range q.re.FindAllStringSubmatchIndex(text, -1) {
			inner := text[m[2]:m[3]]
			if len(strings.Fields(inner)) < minQuoteWords {
				continue
			}
			var parts []string
			for _, p := range ellipsis.Split(inner, -1) {
				if key := wordsKey(p); key != "  " {
					parts = append(parts, key)
				}
			}
			out = append(out, Claim{Kind: KindQuote, Text: q.open + strings.TrimSpace(inner) + q.shut,
				key: wordsKey(inner), parts: parts, start: m[0], end: m[3] + 1}) // past the closing quote
		}
	}
	return out
}

// containsInOrder says whether words holds every part, each after the one before: a quote that
// leaves words out is backed when what it keeps is in the source, in order.
func containsInOrder(words string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(words, p)
		if i < 0 {
			return false
		}
		words = words[i+len(p)-1:] // the next part may begin at this one's closing space
	}
	return true
}
