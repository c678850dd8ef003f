package generate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Warning is something a person should see on a version: a check finding left after repair, or a
// note about how the model's answer was read.
type Warning struct {
	Kind    string `json:"kind"` // e.g. "pillar", "forbidden", "length"
	Message string `json:"message"`
}

// Warning kinds. The check kinds come from checkText; pinned from revisions that restored lines a
// person wrote; pillar from outlines filed under another pillar than the model said; truncated from
// drafts the model stopped at its length limit (and length, too, from drafts cut to MaxDraftChars).
const (
	WarningForbidden    = "forbidden"
	WarningSubstitution = "substitution"
	WarningLength       = "length"
	WarningHashtags     = "hashtags"
	WarningPinned       = "pinned"
	WarningPillar       = "pillar"
	WarningTruncated    = "truncated"
)

// checkRules are what a version is checked against: the brand's phrases for every phase, the
// platform's limits for drafts only (an outline is not the post, so its length says nothing).
type checkRules struct {
	Platform       string
	Forbidden      []string
	Substitutions  []Substitution
	MaxChars       int // the platform's limit; 0: none
	MaxHashtags    int
	HasMaxHashtags bool
	// DraftMax is the most any stored draft holds (MaxDraftChars), whatever the platform allows;
	// 0 for outlines.
	DraftMax int
}

// rulesFor reads the checks for one phase of a piece on a platform from the Client OS.
func rulesFor(os OS, platform, phase string) checkRules {
	r := checkRules{Platform: platform, Forbidden: os.Forbidden, Substitutions: os.Substitutions}
	if phase != PhaseDraft {
		return r
	}
	r.DraftMax = MaxDraftChars
	r.MaxChars, r.MaxHashtags, r.HasMaxHashtags = os.Style.MaxChars, os.Style.MaxHashtags, os.Style.HasMaxHashtags
	return r
}

// Check runs the deterministic checks of phase on text for a piece on platform, with the rules
// the Client OS sets: what an edited version is checked against, as a generated one is.
func Check(os OS, platform, phase, text string) []Warning {
	return checkText(text, rulesFor(os, platform, phase))
}

// checkText runs the deterministic checks on a version's text and says what is wrong, in the
// order forbidden phrases, substitutions, length, hashtags. No findings gives nil.
func checkText(text string, r checkRules) []Warning {
	var out []Warning
	norm := normalizeForMatch(text)
	for _, f := range r.Forbidden {
		if containsPhrase(norm, f) {
			out = append(out, Warning{Kind: WarningForbidden,
				Message: fmt.Sprintf("Uses the forbidden phrase %q; the brand never says it.", f)})
		}
	}
	for _, s := range r.Substitutions {
		if containsPhrase(norm, s.Avoid) {
			out = append(out, Warning{Kind: WarningSubstitution,
				Message: fmt.Sprintf("Uses %q; the brand prefers %q.", s.Avoid, s.Prefer)})
		}
	}
	if n := utf8.RuneCountInString(text); r.MaxChars > 0 && n > r.MaxChars {
		out = append(out, Warning{Kind: WarningLength,
			Message: fmt.Sprintf("Is %d characters long; the %s limit is %d.", n, r.Platform, r.MaxChars)})
	} else if r.DraftMax > 0 && n > r.DraftMax {
		out = append(out, Warning{Kind: WarningLength,
			Message: fmt.Sprintf("Is %d characters long; a draft holds at most %d.", n, r.DraftMax)})
	}
	if n := countHashtags(text); r.HasMaxHashtags && n > r.MaxHashtags {
		allowed := fmt.Sprintf("at most %d", r.MaxHashtags)
		if r.MaxHashtags == 0 {
			allowed = "none"
		}
		out = append(out, Warning{Kind: WarningHashtags,
			Message: fmt.Sprintf("Has %d hashtags; the %s style allows %s.", n, r.Platform, allowed)})
	}
	return out
}

// matchReplacer folds typographic apostrophes and dashes so "don’t" matches "don't".
var matchReplacer = strings.NewReplacer("’", "'", "‘", "'", "‐", "-", "‑", "-")

// normalizeForMatch lower-cases s and collapses whitespace runs, so phrases match across line
// breaks and double spaces.
func normalizeForMatch(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(matchReplacer.Replace(s))), " ")
}

// containsPhrase reports whether the phrase occurs in norm (already normalised) as whole words:
// "synergy" matches "Synergy," and "synergy-driven" but not "synergyx" or "hypersynergy".
func containsPhrase(norm, phrase string) bool {
	p := normalizeForMatch(phrase)
	if p == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	for i := 0; i <= len(norm)-len(p); {
		j := strings.Index(norm[i:], p)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(p)
		before, _ := utf8.DecodeLastRuneInString(norm[:start])
		after, _ := utf8.DecodeRuneInString(norm[end:])
		if (start == 0 || !isWordRune(first) || !isWordRune(before)) &&
			(end == len(norm) || !isWordRune(last) || !isWordRune(after)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(norm[start:])
		i = start + size
	}
	return false
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// countHashtags counts #word tokens: a # at the start or after a non-word character, followed by
// a word with at least one letter. "C#", "#1" and "page#anchor" are not hashtags.
func countHashtags(text string) int {
	n := 0
	var prev rune
	for i, r := range text {
		if r == '#' && (i == 0 || !isWordRune(prev) && prev != '&' && prev != '#') && hashtagWord(text[i+1:]) {
			n++
		}
		prev = r
	}
	return n
}

// hashtagWord says whether s starts with a word that has a letter in it.
func hashtagWord(s string) bool {
	for _, r := range s {
		if !isWordRune(r) {
			return false
		}
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// findingsText lists findings as lines for a repair prompt.
func findingsText(ws []Warning) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "- %s\n", w.Message)
	}
	return b.String()
}
