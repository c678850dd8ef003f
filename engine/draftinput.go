package engine

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mos-hq/mos/clientos"
)

// Limits on what a draft request may carry.
const (
	MaxURLLen     = 2000
	MaxBriefLen   = 4000 // characters
	MaxExcerptLen = 3000 // characters
)

// SourceTypes are the kinds of real input a piece may trace to, in the order menus show them.
var SourceTypes = []string{"interview", "trend", "study", "competitor", "other"}

// DraftInput is a validated request for a new piece: what it is about and the source it traces to.
type DraftInput struct {
	SourceType string // one of SourceTypes
	SourceURL  string // http(s), with a host, no credentials
	Brief      string
	Pillar     string // optional; one of the client's pillars
	Excerpt    string // optional; a quote from the source
	Transcript string // optional; a pasted transcript or notes, up to MaxTranscriptLen
	FileID     string // optional; a file attached in the chat platform, read by the outline job
	FileName   string
}

// hasOwnSource says whether the request carries its source itself (a transcript or a file), so it
// needs no link: an interview rarely has one.
func (in DraftInput) hasOwnSource() bool { return in.Transcript != "" || in.FileID != "" }

const draftExample = "/draft study https://example.com/report Why CFOs distrust AI forecasts"

// slackUnescaper undoes the three entities Slack escapes in message and command text.
var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// ParseDraftText reads the text of `/draft [type] <source-url> <brief…>`. Every error is a
// *UserError that says what was wrong and what to type instead.
func ParseDraftText(text string) (DraftInput, error) {
	var in DraftInput
	first, rest := nextToken(text)
	if first == "" {
		return in, userErrorf("", "Tell me the source and what the piece should say. Try: %s "+
			"(or type /draft alone to open a form)", draftExample)
	}
	if isSourceType(first) {
		in.SourceType = strings.ToLower(first)
		first, rest = nextToken(rest)
	} else {
		in.SourceType = "other"
		if !looksLikeURL(first) {
			if containsURL(rest) {
				return in, unknownTypeError(first)
			}
			return in, missingURLError()
		}
	}
	if first == "" || !looksLikeURL(first) {
		return in, missingURLError()
	}
	in.SourceURL = unwrapSlackLink(first)
	in.Brief = slackUnescaper.Replace(strings.TrimSpace(rest))
	return ValidateDraftInput(in, nil)
}

// ValidateDraftInput checks a request from any path (slash command or modal) and returns it
// normalised: trimmed, type lower-cased, Slack link wrapping removed, pillar in its canonical
// spelling. pillars are the client's pillar names; when empty the pillar is not checked.
func ValidateDraftInput(in DraftInput, pillars []string) (DraftInput, error) {
	in.SourceType = strings.ToLower(strings.TrimSpace(in.SourceType))
	if in.SourceType == "" {
		in.SourceType = "other"
	}
	if !isSourceType(in.SourceType) {
		return in, unknownTypeError(in.SourceType)
	}
	in, err := validateInputs(in)
	if err != nil {
		return in, err
	}
	in.SourceURL = unwrapSlackLink(strings.TrimSpace(in.SourceURL))
	if in.SourceURL == "" && !in.hasOwnSource() {
		return in, userErrorf("source_url", "I need a source so every piece traces to a real input: a link, "+
			"a pasted transcript or notes, or an attached file.")
	}
	if in.SourceURL != "" { // a transcript or a file is a source of its own
		if err := ValidateSourceURL(in.SourceURL); err != nil {
			return in, err
		}
	}
	in.Brief = clientos.CleanText(in.Brief, true)
	if err := validateBrief(in.Brief); err != nil {
		return in, err
	}
	in.Excerpt = clientos.CleanText(in.Excerpt, true)
	if n := utf8.RuneCountInString(in.Excerpt); n > MaxExcerptLen {
		return in, userErrorf("excerpt", "The source excerpt is %d characters; the limit is %d. "+
			"Paste only the passage the piece rests on.", n, MaxExcerptLen)
	}
	pillar, err := canonicalPillar(in.Pillar, pillars)
	if err != nil {
		return in, err
	}
	in.Pillar = pillar
	return in, nil
}

// ValidateSourceURL accepts only http(s) links with a host and without credentials, so every piece
// traces to a source a colleague can open.
func ValidateSourceURL(raw string) error {
	if raw == "" {
		return missingURLError()
	}
	if len(raw) > MaxURLLen {
		return userErrorf("source_url", "That link is %d characters long; I accept links up to %d. "+
			"Use the page's canonical or shortened link. Try: %s", len(raw), MaxURLLen, draftExample)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return userErrorf("source_url", "I could not read %s as a link. Paste the full address "+
			"starting with https://. Try: %s", clientos.Quote(raw), draftExample)
	}
	if u.Scheme == "" {
		return userErrorf("source_url", "Add https:// in front of the link, e.g. https://%s", raw)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return userErrorf("source_url", "The source must be a web link starting with http:// or https://, "+
			"not a %s: link. Try: %s", s, draftExample)
	}
	if u.User != nil {
		return userErrorf("source_url", "That link has a username or password in it (the part before @). "+
			"Remove it and paste the public link, e.g. https://example.com/report")
	}
	if u.Hostname() == "" {
		return userErrorf("source_url", "That link has no site name in it. Paste the full address, "+
			"e.g. https://example.com/report")
	}
	return nil
}

func validateBrief(brief string) error {
	if brief == "" {
		return userErrorf("brief", "Tell me what the piece should say, after the link. Try: %s", draftExample)
	}
	if n := utf8.RuneCountInString(brief); n > MaxBriefLen {
		return userErrorf("brief", "The brief is %d characters; the limit is %d. Keep it to the angle "+
			"and the key points; the source link carries the rest.", n, MaxBriefLen)
	}
	return nil
}

// MaxPillarChars bounds a pillar name typed where the client's pillars are not known.
const MaxPillarChars = 80

// canonicalPillar matches pillar against the client's pillars case-insensitively.
func canonicalPillar(pillar string, pillars []string) (string, error) {
	pillar = clientos.CleanText(pillar, false)
	if n := utf8.RuneCountInString(pillar); n > MaxPillarChars {
		return pillar, userErrorf("pillar", "The pillar is %d characters; pillar names are at most %d. "+
			"Use one of the client's pillars, or leave it empty and I will choose.", n, MaxPillarChars)
	}
	if pillar == "" || len(pillars) == 0 {
		return pillar, nil
	}
	if match := matchPillar(pillar, pillars); match != "" {
		return match, nil
	}
	return pillar, userErrorf("pillar", "%s is not one of this client's pillars. Pick one of: %s "+
		"(or leave it empty and I will choose).", clientos.Quote(pillar), strings.Join(pillars, ", "))
}

func missingURLError() *UserError {
	return userErrorf("source_url", "I need a source link so every piece traces to a real input "+
		"(an interview, trend, study or competitor move). Try: %s", draftExample)
}

func unknownTypeError(word string) *UserError {
	return userErrorf("source_type", "%s is not a source type. Use one of %s (or leave it out for "+
		"other), then the link, then the brief. Try: %s", clientos.Quote(word), strings.Join(SourceTypes, ", "), draftExample)
}

func isSourceType(s string) bool {
	for _, t := range SourceTypes {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
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
