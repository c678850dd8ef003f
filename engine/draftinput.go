package engine

import (
	"net/url"
	"strings"
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

// ValidateDraftInput checks a request from any path (slash command or modal) and returns it
// normalised: trimmed, type lower-cased, pillar in its canonical spelling. The adapter has removed
// its platform's link syntax first. pillars are the client's pillar names; when empty the pillar is not checked.
func ValidateDraftInput(in DraftInput, pillars []string) (DraftInput, error) {
	in.SourceType = strings.ToLower(strings.TrimSpace(in.SourceType))
	if in.SourceType == "" {
		in.SourceType = "other"
	}
	if !IsSourceType(in.SourceType) {
		return in, UnknownSourceType(in.SourceType)
	}
	in, err := validateInputs(in)
	if err != nil {
		return in, err
	}
	in.SourceURL = strings.TrimSpace(in.SourceURL)
	if in.SourceURL == "" && !in.hasOwnSource() {
		return in, problemf("source_url", ProblemNoSource, "I need a source so every piece traces to a real input: a link, "+
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
		return in, tooLongf("excerpt", n, MaxExcerptLen, "The source excerpt is %d characters; the limit is %d. "+
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
		return MissingSourceLink()
	}
	if len(raw) > MaxURLLen {
		return tooLongf("source_url", len(raw), MaxURLLen, "That link is %d characters long; I accept links up to %d. "+
			"Use the page's canonical or shortened link.", len(raw), MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return problemf("source_url", ProblemUnreadable, "I could not read %s as a link. Paste the full address "+
			"starting with https://.", clientos.Quote(raw))
	}
	if u.Scheme == "" {
		return problemf("source_url", ProblemNoScheme, "Add https:// in front of the link, e.g. https://%s", raw)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return problemf("source_url", ProblemBadScheme, "The source must be a web link starting with http:// or https://, "+
			"not a %s: link.", s)
	}
	if u.User != nil {
		return problemf("source_url", ProblemCredential, "That link has a username or password in it (the part before @). "+
			"Remove it and paste the public link, e.g. https://example.com/report")
	}
	if u.Hostname() == "" {
		return problemf("source_url", ProblemNoHost, "That link has no site name in it. Paste the full address, "+
			"e.g. https://example.com/report")
	}
	return nil
}

func validateBrief(brief string) error {
	if brief == "" {
		return problemf("brief", ProblemMissing, "Tell me what the piece should say, after the link.")
	}
	if n := utf8.RuneCountInString(brief); n > MaxBriefLen {
		return tooLongf("brief", n, MaxBriefLen, "The brief is %d characters; the limit is %d. Keep it to the angle "+
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
		return pillar, tooLongf("pillar", n, MaxPillarChars, "The pillar is %d characters; pillar names are at most %d. "+
			"Use one of the client's pillars, or leave it empty and I will choose.", n, MaxPillarChars)
	}
	if pillar == "" || len(pillars) == 0 {
		return pillar, nil
	}
	if match := matchPillar(pillar, pillars); match != "" {
		return match, nil
	}
	return pillar, problemf("pillar", ProblemUnknown, "%s is not one of this client's pillars. Pick one of: %s "+
		"(or leave it empty and I will choose).", clientos.Quote(pillar), strings.Join(pillars, ", "))
}

// MissingSourceLink refuses a request with no source link where one is needed.
func MissingSourceLink() *UserError {
	return problemf("source_url", ProblemMissing, "I need a source link so every piece traces to a real input "+
		"(an interview, trend, study or competitor move).")
}

// UnknownSourceType refuses word as a source type.
func UnknownSourceType(word string) *UserError {
	return problemf("source_type", ProblemUnknown, "%s is not a source type. Use one of %s (or leave it out for "+
		"other), then the link, then the brief.", clientos.Quote(word), strings.Join(SourceTypes, ", "))
}

// IsSourceType says whether s names one of SourceTypes, in any case.
func IsSourceType(s string) bool {
	for _, t := range SourceTypes {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}
