package generate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxDraftChars bounds a stored draft, generated or submitted by a person (runes).
const MaxDraftChars = 12000

// TruncatedWarning is shown on a draft whose model reply was cut off at its length limit, even
// after the model was asked again with a larger one.
var TruncatedWarning = Warning{Kind: WarningTruncated,
	Message: "The model stopped at its length limit; the end of this draft may be missing. " +
		"Check how it ends, then Edit or Revise."}

// fitDraft is the last step of every generated draft, first or revised, after the checks and their
// one repair. It returns the text to store and what people must be told about it:
//   - truncated (the model stopped at its length limit): the end may be missing;
//   - text past MaxDraftChars, the most a stored draft holds (what a person can edit and a message
//     can show), is cut after the last paragraph, line or word that fits, and cut is true. A
//     revision refuses such text instead, keeping the previous version.
func fitDraft(text string, truncated bool) (fitted string, warnings []Warning, cut bool) {
	if truncated {
		warnings = append(warnings, TruncatedWarning)
	}
	n := utf8.RuneCountInString(text)
	if n <= MaxDraftChars {
		return text, warnings, false
	}
	warnings = append(warnings, Warning{Kind: WarningLength, Message: fmt.Sprintf(
		"The model wrote %d characters, more than the %d a draft holds; it was cut to fit, so its end is "+
			"missing. Check how it ends, then Edit or Revise.", n, MaxDraftChars)})
	return cutText(text, MaxDraftChars), warnings, true
}

// cutText shortens text to at most limit runes, ending at the last paragraph break that fits, else
// the last line break, else the last space, so no word is split — unless that would drop more than
// half the text.
func cutText(text string, limit int) string {
	r := []rune(text)
	if len(r) <= limit {
		return text
	}
	head := string(r[:limit])
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i > len(head)/2 {
			return NormalizeText(head[:i])
		}
	}
	return NormalizeText(head)
}
