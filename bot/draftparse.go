package bot

import (
	"strings"
	"unicode"

	"github.com/mos-hq/mos/engine"
)

// draftExample is the command the refusals of a draft request show.
const draftExample = "/draft study https://example.com/report Why CFOs distrust AI forecasts"

// slackUnescaper undoes the three entities Slack escapes in message and command text.
var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// parseDraftText reads the text of `/draft [type] <source-url> <brief…>`. Every error is a
// *engine.UserError; userErrorWords says what was wrong and what to type instead.
func parseDraftText(text string) (engine.DraftInput, error) {
	var in engine.DraftInput
	first, rest := nextToken(text)
	if first == "" {
		return in, &engine.UserError{Problem: engine.ProblemMissing,
			Msg: "Tell me the source and what the piece should say."}
	}
	if engine.IsSourceType(first) {
		in.SourceType = strings.ToLower(first)
		first, rest = nextToken(rest)
	} else {
		in.SourceType = "other"
		if !looksLikeURL(first) {
			if containsURL(rest) {
				return in, engine.UnknownSourceType(first)
			}
			return in, engine.MissingSourceLink()
		}
	}
	if first == "" || !looksLikeURL(first) {
		return in, engine.MissingSourceLink()
	}
	in.SourceURL = unwrapSlackLink(first)
	in.Brief = slackUnescaper.Replace(strings.TrimSpace(rest))
	return engine.ValidateDraftInput(in, nil)
}

// nextToken splits off the first word of s. A Slack link (<https://x|label with spaces>) is one
// word even when its label has spaces.
func nextToken(s string) (tok, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.HasPrefix(s, "<") {
		if end := strings.IndexByte(s, '>'); end > 0 {
			return s[:end+1], s[end+1:]
		}
	}
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		return s, ""
	}
	return s[:end], s[end:]
}

// unwrapSlackLink turns <https://x|label> and <https://x> into https://x and undoes Slack's
// entity escaping, so the stored URL is the one a browser opens.
func unwrapSlackLink(s string) string {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = s[1 : len(s)-1]
		if bar := strings.IndexByte(s, '|'); bar >= 0 {
			s = s[:bar]
		}
	}
	return slackUnescaper.Replace(s)
}

// looksLikeURL says whether a word was meant as a link (even a bad one, such as javascript:…), so
// the error can be about the link rather than about a missing one.
func looksLikeURL(word string) bool {
	if strings.HasPrefix(word, "<") {
		return true
	}
	word = strings.ToLower(word)
	if strings.Contains(word, "://") || strings.HasPrefix(word, "www.") {
		return true
	}
	for _, scheme := range []string{"javascript:", "data:", "file:", "ftp:", "mailto:", "vbscript:"} {
		if strings.HasPrefix(word, scheme) {
			return true
		}
	}
	return false
}

func containsURL(s string) bool {
	for tok, rest := nextToken(s); tok != ""; tok, rest = nextToken(rest) {
		if looksLikeURL(tok) {
			return true
		}
	}
	return false
}
