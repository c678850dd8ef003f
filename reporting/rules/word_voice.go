package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/evidence"
)

const (
	maxVoiceLines     = 5
	maxVoiceLineChars = 200
)

type voiceDraft struct {
	Lines []struct {
		Section  string  `json:"section"`
		Kind     string  `json:"kind"`
		Text     string  `json:"text"`
		Evidence []int64 `json:"evidence"`
	} `json:"lines"`
	Rationale string `json:"rationale"`
}

// voiceSchema lets the model put lines only in sections brand.md has and cite only the pieces in
// the evidence.
func voiceSchema(sections []string, pieces []int64) *llm.Schema {
	return schema("voice_lines_proposal", `{"rationale":{"type":"string"},"lines":{"type":"array","items":{
		"type":"object","additionalProperties":false,"required":["section","kind","text","evidence"],"properties":{
		"section":{"type":"string","enum":`+enumJSON(sections)+`},"kind":{"type":"string","enum":["do","dont"]},
		"text":{"type":"string"},"evidence":{"type":"array","items":{"type":"integer","enum":`+enumJSON(pieces)+`}}}}}}`,
		"lines", "rationale")
}

// voiceWording asks for do / don't lines for brand.md's voice section, each naming the evidence it
// answers; they are added to the content the rule made (which already holds any substitutions), so
// the document's current content is not read.
func voiceWording(_ string, p *Change) (wording[voiceDraft], error) {
	var ev voiceEvidence
	if err := json.Unmarshal(p.Evidence, &ev); err != nil {
		return wording[voiceDraft]{}, fmt.Errorf("read evidence: %w", err)
	}
	pieces := voicePieces(ev)
	base, subsPreview := p.NewContent, p.Preview
	var current strings.Builder
	for _, title := range ev.Sections {
		if from, to, ok := clientos.FindSection(base, sectionNamed(title)); ok {
			fmt.Fprintf(&current, "## %s\n%s\n\n", title, strings.TrimSpace(base[from:to]))
		}
	}
	user := "Task: add do / don't lines to the voice section of brand.md so future drafts stop drifting from the brand's voice.\n" +
		"Reviewers rejected pieces for voice drift and editors changed AI text; the evidence (rejections with comments, " +
		"edits with the lines before and after, repeated word swaps) is below.\n" +
		fmt.Sprintf("Write 1 to %d lines. Each is one concrete instruction a writer can follow — a word, construction or habit "+
			"to use or avoid, with a short example where it helps — at most %d characters, not repeating what the section "+
			"already says.\n", maxVoiceLines, maxVoiceLineChars) +
		"Answer JSON: {\"lines\": [{\"section\": one of the section titles below, exactly, \"kind\": \"do\" or \"dont\", " +
		"\"text\": the instruction without a Do/Don't label, \"evidence\": the piece numbers it answers, at least one}], " +
		"\"rationale\": one or two sentences}.\n\nCurrent voice section:\n" + current.String() +
		"Evidence:\n" + string(p.Evidence)
	build := func(out voiceDraft) (worded, error) {
		return buildVoice(out, ev, pieces, base, subsPreview)
	}
	return wording[voiceDraft]{user: user, schema: voiceSchema(ev.Sections, pieces), build: build}, nil
}

// buildVoice checks every line and appends the new ones to their sections.
func buildVoice(out voiceDraft, ev voiceEvidence, pieces []int64, base, subsPreview string) (worded, error) {
	if len(out.Lines) > maxVoiceLines {
		return worded{}, unusable("it gave %d lines; at most %d", len(out.Lines), maxVoiceLines)
	}
	content := base
	var preview strings.Builder
	added := 0
	for _, l := range out.Lines {
		section := matchTitle(ev.Sections, l.Section)
		if section == "" {
			return worded{}, unusable("it named a section brand.md does not have: %q (use one of: %s)",
				l.Section, strings.Join(ev.Sections, ", "))
		}
		label, ok := map[string]string{"do": "Do", "dont": "Don't", "don't": "Don't"}[strings.ToLower(strings.TrimSpace(l.Kind))]
		if !ok {
			return worded{}, unusable("it gave a line of kind %q; use \"do\" or \"dont\"", l.Kind)
		}
		text, err := plainLine(stripLabel(l.Text), maxVoiceLineChars, "a line")
		if err != nil {
			return worded{}, err
		}
		if len(l.Evidence) == 0 {
			return worded{}, unusable("the line %q names no evidence", text)
		}
		if err := checkCitedPieces("the line", text, l.Evidence, pieces); err != nil {
			return worded{}, err
		}
		from, to, _ := clientos.FindSection(content, sectionNamed(section))
		body := strings.TrimSpace(content[from:to])
		if strings.Contains(strings.ToLower(body), strings.ToLower(text)) {
			continue
		}
		line := "- **" + label + ":** " + text
		content = clientos.ReplaceSection(content, from, to, body+"\n"+line)
		added++
		fmt.Fprintf(&preview, "+ %s\n    answers %s\n", line, describePieces(ev, l.Evidence))
	}
	if added == 0 {
		return worded{}, unusable("it gave no line the section does not already have")
	}
	text := "brand.md — " + strings.Join(prefixAll("## ", ev.Sections), ", ") + ", add:\n" + strings.TrimRight(preview.String(), "\n")
	if subsPreview != "" {
		text += "\n" + subsPreview
	}
	return worded{content: content, preview: text, note: out.Rationale}, nil
}

// voicePieces are the pieces a voice line may cite: rejected, edited or with a word swap.
func voicePieces(ev voiceEvidence) []int64 {
	ids := slices.Clone(ev.Pieces)
	for _, e := range ev.Edits {
		ids = append(ids, e.PieceID)
	}
	for _, s := range ev.Substitutions {
		ids = append(ids, s.Pieces...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// describePieces shows what each cited piece is evidence of: the reviewer's comment, or the edit.
func describePieces(ev voiceEvidence, ids []int64) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, describePiece(ev, id))
	}
	return strings.Join(parts, "; ")
}

func describePiece(ev voiceEvidence, id int64) string {
	for _, it := range ev.Items {
		if it.PieceID == id {
			return fmt.Sprintf("#%d rejected: %s", id, quoteComment(it.Comment))
		}
	}
	for _, e := range ev.Edits {
		if e.PieceID == id {
			return fmt.Sprintf("#%d edited: %s → %s", id, quoteComment(evidence.Clip(e.Before, 80)), quoteComment(evidence.Clip(e.After, 80)))
		}
	}
	for _, s := range ev.Substitutions {
		if slices.Contains(s.Pieces, id) {
			return fmt.Sprintf("#%d edited: %q → %q", id, s.Avoid, s.Prefer)
		}
	}
	return fmt.Sprintf("#%d", id)
}

// matchTitle is the title in titles that name means, ignoring case and surrounding space; "" if none.
func matchTitle(titles []string, name string) string {
	for _, t := range titles {
		if strings.EqualFold(strings.TrimSpace(name), t) {
			return t
		}
	}
	return ""
}

func sectionNamed(title string) func(string) bool {
	return func(t string) bool { return t == title }
}

// stripLabel drops a "Do:" or "Don't:" the model put before a line's text.
func stripLabel(text string) string {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "*"))
	for _, l := range []string{"do:", "don't:", "dont:", "don’t:"} {
		if len(t) >= len(l) && strings.EqualFold(t[:len(l)], l) {
			return strings.TrimSpace(strings.TrimLeft(t[len(l):], "* "))
		}
	}
	return text
}

func prefixAll(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}
