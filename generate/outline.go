package generate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/llm"
)

// Outline is the first phase of a piece: what a person approves before any draft is written.
type Outline struct {
	Title    string   `json:"title"`
	Hook     string   `json:"hook"`
	Sections []string `json:"sections"`
	CTA      string   `json:"cta"`
	Pillar   string   `json:"pillar"`
}

// Bounds on an outline's sections.
const (
	MinSections = 3
	MaxSections = 7
)

// OutlineSchema is the same for every client and platform, so it never breaks the cached prefix.
var OutlineSchema = &llm.Schema{
	Name: "outline",
	JSON: json.RawMessage(`{
  "type": "object",
  "additionalProperties": false,
  "required": ["title", "hook", "sections", "cta", "pillar"],
  "properties": {
    "title": {"type": "string", "description": "working title"},
    "hook": {"type": "string", "description": "the opening line"},
    "sections": {"type": "array", "items": {"type": "string"}, "description": "3 to 7 sections, one sentence each"},
    "cta": {"type": "string", "description": "the call to action"},
    "pillar": {"type": "string", "description": "exactly one of the listed pillar names"}
  }
}`),
	Required: []string{"title", "hook", "sections", "cta", "pillar"},
}

// outlinePrompt is the variable part of the outline request. The instructions, the same for every
// piece of this client and platform, come first and the piece's data last, so the cached prefix
// (the Client OS in the system message) extends as far as possible.
func outlinePrompt(p Request, src Source, pillars []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Write an OUTLINE, not the finished text, for one %s piece. Follow the Client OS above: "+
		"its voice, ICP, forbidden phrases, substitutions, locked decisions and the %s style guide.\n\n", p.Platform, p.Platform)
	b.WriteString("Reply with one JSON object and nothing else, with these keys:\n" +
		"- title: a working title\n" +
		"- hook: the opening line\n" +
		"- sections: 3 to 7 strings, one per section, each a sentence saying what it covers\n" +
		"- cta: the call to action (prefer one of the brand's CTAs)\n" +
		"- pillar: exactly one of the pillar names below: the requested_pillar of the data when it has one, " +
		"otherwise the one that fits best\n\n")
	b.WriteString("Pillars:\n")
	for _, name := range pillars {
		fmt.Fprintf(&b, "- %s\n", name)
	}
	b.WriteString(sourceRule(src))
	writeData(&b, "The piece's data, one JSON object: the source it starts from and the brief a colleague wrote. "+dataIsNotInstructions,
		outlineData{sourceData: sourceDataOf(src, p.Brief), RequestedPillar: p.Pillar, Brief: p.Brief})
	return b.String()
}

// outlineData is what an outline is written from.
type outlineData struct {
	sourceData
	RequestedPillar string `json:"requested_pillar,omitempty"`
	Brief           string `json:"brief"`
}

// normalizeOutline trims the model's answer, checks its shape and settles the pillar: a requested
// pillar wins; a pillar the client does not have is matched case-insensitively or replaced by the
// first pillar, with a warning saying so. An unusable answer wraps llm.ErrInvalidOutput.
func normalizeOutline(o Outline, pillars []string, requested string) (Outline, []Warning, error) {
	o.Title = oneLine(o.Title)
	o.Hook = oneLine(o.Hook)
	o.CTA = oneLine(o.CTA)
	sections := make([]string, 0, len(o.Sections))
	for _, s := range o.Sections {
		if s = oneLine(s); s != "" {
			sections = append(sections, s)
		}
	}
	o.Sections = sections
	if o.Title == "" {
		return o, nil, fmt.Errorf("%w: the outline has no title", llm.ErrInvalidOutput)
	}
	if n := len(o.Sections); n < MinSections || n > MaxSections {
		return o, nil, fmt.Errorf("%w: the outline has %d sections, want %d to %d",
			llm.ErrInvalidOutput, n, MinSections, MaxSections)
	}
	var warnings []Warning
	o.Pillar, warnings = settlePillar(oneLine(o.Pillar), pillars, requested)
	return o, warnings, nil
}

func settlePillar(got string, pillars []string, requested string) (string, []Warning) {
	if len(pillars) == 0 {
		return firstNonEmpty(requested, got), nil
	}
	match := MatchPillar(got, pillars)
	switch {
	case requested != "" && (match == requested || got == ""):
		return requested, nil
	case requested != "":
		return requested, []Warning{{Kind: "pillar", Message: fmt.Sprintf(
			"The model suggested the pillar %q; kept the requested pillar %q.", got, requested)}}
	case match != "":
		return match, nil
	default:
		return pillars[0], []Warning{{Kind: "pillar", Message: fmt.Sprintf(
			"The model suggested %q, which is not one of the client's pillars; filed under %q.", got, pillars[0])}}
	}
}

// MatchPillar returns the client's spelling of name, or "" when it is not a pillar.
func MatchPillar(name string, pillars []string) string {
	for _, p := range pillars {
		if strings.EqualFold(p, name) {
			return p
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
