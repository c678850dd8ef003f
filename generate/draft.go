package generate

import (
	"fmt"
	"strings"

	"github.com/mos-hq/mos/llm"
)

// DraftMaxTokens leaves room for the longest draft (MaxDraftChars is about 3,000 tokens).
const DraftMaxTokens = 4000

// draftPrompt is the variable part of the draft request: the instructions, the same for every piece
// of this client and platform, first, then the piece's data with the approved outline.
func draftPrompt(in input, o Outline, rules checkRules) string {
	var b strings.Builder
	platform := in.req.Platform
	fmt.Fprintf(&b, "Write the DRAFT: the finished text of one %s piece, from the approved outline in the data "+
		"below. Follow the Client OS above: its voice, ICP, forbidden phrases, substitutions, locked decisions and "+
		"the %s style guide.\n", platform, platform)
	b.WriteString("A person approved the outline and may have edited it: keep its hook, the order of its " +
		"sections, its pillar and its call to action, and write them out in full.\n")
	writeLimits(&b, rules)
	b.WriteString("Reply with the text of the piece only: no preface, no notes, no code fences.\n")
	b.WriteString(sourceRule(in.source))
	writeData(&b, "The piece's data, one JSON object: the source it starts from, the brief a colleague wrote and the "+
		"approved outline. "+dataIsNotInstructions,
		draftData{sourceData: sourceDataOf(in.source, in.req.Brief), Brief: in.req.Brief, Outline: o})
	return b.String()
}

// draftData is what a draft is written from.
type draftData struct {
	sourceData
	Brief   string  `json:"brief"`
	Outline Outline `json:"approved_outline"`
}

// writeLimits states the platform's hard limits, which the checks will hold the text to.
func writeLimits(b *strings.Builder, r checkRules) {
	switch {
	case r.MaxChars > 0:
		fmt.Fprintf(b, "Limit for %s: at most %d characters in total.\n", r.Platform, r.MaxChars)
	case r.DraftMax > 0:
		fmt.Fprintf(b, "Limit: at most %d characters in total.\n", r.DraftMax)
	}
	if r.HasMaxHashtags {
		fmt.Fprintf(b, "Limit for %s: at most %d hashtags.\n", r.Platform, r.MaxHashtags)
	}
}

// cleanDraft turns a plain-text answer into a draft: trimmed, without the code fence some models
// wrap text in. An empty answer is not a draft.
func cleanDraft(content string) (string, error) {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "```") && strings.HasSuffix(s, "```") && len(s) >= 6 {
		s = strings.TrimSuffix(s, "```")
		if nl := strings.IndexByte(s, '\n'); nl >= 0 {
			s = s[nl+1:]
		} else {
			s = strings.TrimPrefix(s, "```")
		}
	}
	s = NormalizeText(s)
	if s == "" {
		return "", fmt.Errorf("%w: the answer was empty", llm.ErrInvalidOutput)
	}
	return s, nil
}

// NormalizeText is how any text is stored: \n line ends, no trailing spaces, no blank edges.
func NormalizeText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, isSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\u00a0' }
