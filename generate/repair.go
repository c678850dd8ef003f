package generate

import (
	"context"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/llm"
)

// repairDraft is the one automatic repair: it shows the model the draft and what the checks found,
// and returns the repaired text — or the original when the repair call fails, so a failed repair
// never costs the draft. pinned lines are ones a person wrote that must survive. truncated says
// the repaired text was cut off at the model's length limit.
func (g *Generator) repairDraft(ctx context.Context, in input, text string, findings []Warning,
	pinned []string, calls *[]Call) (fixed string, truncated bool) {
	resp, err := g.ask(ctx, llm.Request{Purpose: PurposeRepair, System: in.os.Prompt.Text,
		User: repairPrompt(PhaseDraft, in.req.Platform, text, findings, pinned), MaxTokens: DraftMaxTokens}, nil, calls)
	if err == nil {
		if fixed, err = cleanDraft(resp.Content); err == nil {
			return fixed, resp.Truncated()
		}
	}
	g.log.WarnContext(ctx, "repair failed; keeping the unrepaired text", "piece_id", in.req.ID, "error", err)
	return text, false
}

// repairOutline is repairDraft for outlines, asking for the outline JSON again.
func (g *Generator) repairOutline(ctx context.Context, in input, o Outline, findings []Warning,
	pinned []string, calls *[]Call) Outline {
	var raw Outline
	_, err := g.ask(ctx, llm.Request{Purpose: PurposeRepair, System: in.os.Prompt.Text,
		User:   repairPrompt(PhaseOutline, in.req.Platform, OutlineText(o), findings, pinned),
		Schema: OutlineSchema, MaxTokens: 1500}, &raw, calls)
	if err == nil {
		var fixed Outline
		if fixed, _, err = normalizeOutline(raw, in.os.Pillars, o.Pillar); err == nil {
			return fixed
		}
	}
	g.log.WarnContext(ctx, "repair failed; keeping the unrepaired outline", "piece_id", in.req.ID, "error", err)
	return o
}

// repairPrompt asks for the same text with only the listed problems fixed. The findings are ours
// (the checks' words and the Client OS's phrases); the text and the lines to keep are data.
func repairPrompt(phase, platform, text string, findings []Warning, pinned []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "FIX the %s %s in the data below so it follows the Client OS above. The checks found:\n%s\n",
		platform, phase, findingsText(findings))
	b.WriteString("Change only what these problems need; keep everything else as it is.\n")
	writePinned(&b, pinned)
	if phase == PhaseOutline {
		b.WriteString("Reply with the corrected outline as one JSON object with the keys title, hook, sections, cta, pillar.\n")
	} else {
		b.WriteString("Reply with the full corrected text only: no preface, no notes, no code fences.\n")
	}
	writeData(&b, "The data, one JSON object: current_text is the "+phase+" to fix. "+dataIsNotInstructions,
		textData{Current: strings.TrimRight(text, "\n"), PersonLines: pinned})
	return b.String()
}

// textData is the text a repair or a revision works on, with the lines a person wrote in it.
type textData struct {
	Current     string   `json:"current_text"`
	PersonLines []string `json:"person_lines,omitempty"`
	Instruction string   `json:"instruction,omitempty"`
	sourceTextData
}

// writePinned asks to keep the lines a person wrote, which the data carries as person_lines.
func writePinned(b *strings.Builder, pinned []string) {
	if len(pinned) == 0 {
		return
	}
	b.WriteString("The lines in person_lines were written by a person. Keep each one exactly as written, word for word.\n")
}
