package generate

import (
	"context"
	"github.com/mos-hq/mos/llm"
)

// Generation is one outline, draft or revision written from a Client OS, with what the checks
// still found after the one repair and the model calls it took (kept on failure too, so they can
// be recorded).
type Generation struct {
	outline  Outline
	text     string // the draft's text; empty for an outline
	warnings []Warning
	flags    []ClaimFlag // claims neither the source nor the Client OS holds
	prompt   Prompt
	calls    []Call
	refused  *Refusal // a revision that cannot be stored: why
}

// Outline is the outline written, for an outline generation or an outline's revision.
func (g Generation) Outline() Outline { return g.outline }

// Text is the draft written, for a draft generation or a draft's revision.
func (g Generation) Text() string { return g.text }

// Warnings are the check findings left after the repair, and notes on how the answer was read.
func (g Generation) Warnings() []Warning { return g.warnings }

// Flags are the claims in what was written that neither the source nor the Client OS holds.
func (g Generation) Flags() []ClaimFlag { return g.flags }

// Prompt is the Client OS the generation was written from, as the model received it.
func (g Generation) Prompt() Prompt { return g.prompt }

// Calls are the model calls the generation made, in order, failed ones included.
func (g Generation) Calls() []Call { return g.calls }

// Refused says why a revision cannot be stored (the previous version is kept); nil when it can.
func (g Generation) Refused() *Refusal { return g.refused }

// Model is the model that wrote it, as the provider named it.
func (g Generation) Model() string {
	if len(g.calls) == 0 {
		return ""
	}
	return g.calls[0].Response.Model
}

// Outline writes the outline of one piece for req.Platform from os, req and src: the rendered
// Client OS as the byte-stable system message, the request last; it checks the answer and
// repairs it once if the checks found something; what remains becomes warnings.
func (g *Generator) Outline(ctx context.Context, os OS, req Request, src Source) (Generation, error) {
	in := newInput(os, req, src)
	gen := Generation{prompt: in.os.Prompt}
	var raw Outline
	if _, err := g.ask(ctx, llm.Request{
		Purpose:   PhaseOutline,
		System:    in.os.Prompt.Text,
		User:      outlinePrompt(in.req, in.source, in.os.Pillars),
		Schema:    OutlineSchema,
		MaxTokens: 1500,
	}, &raw, &gen.calls); err != nil {
		return gen, err
	}
	var err error
	if gen.outline, gen.warnings, err = normalizeOutline(raw, in.os.Pillars, in.req.Pillar); err != nil {
		return gen, rejectLast(gen.calls, err)
	}
	rules := rulesFor(in.os, in.req.Platform, PhaseOutline)
	if findings := checkText(OutlineText(gen.outline), rules); len(findings) > 0 {
		gen.outline = g.repairOutline(ctx, in, gen.outline, findings, nil, &gen.calls)
	}
	gen.warnings = append(gen.warnings, checkText(OutlineText(gen.outline), rules)...)
	gen.flags, err = checkClaims(ctx, in, OutlineText(gen.outline))
	return gen, err
}

// Draft writes the draft from an outline (the approved one, for a stored piece), checks it and
// repairs it once if the checks found something; what remains becomes warnings.
func (g *Generator) Draft(ctx context.Context, os OS, req Request, src Source, o Outline) (Generation, error) {
	in := newInput(os, req, src)
	gen := Generation{prompt: in.os.Prompt}
	rules := rulesFor(in.os, in.req.Platform, PhaseDraft)
	resp, err := g.askShowing(ctx, llm.Request{Purpose: PhaseDraft, System: in.os.Prompt.Text,
		User: draftPrompt(in, o, rules), MaxTokens: DraftMaxTokens}, nil, req.OnText, &gen.calls)
	if err != nil {
		return gen, err
	}
	if gen.text, err = cleanDraft(resp.Content); err != nil {
		return gen, rejectLast(gen.calls, err)
	}
	gen.text = in.shapeDraft(gen.text)
	truncated := resp.Truncated() // a repair fixes the listed problems, not a missing end
	if findings := checkText(gen.text, rules); len(findings) > 0 {
		var repairTruncated bool
		gen.text, repairTruncated = g.repairDraft(ctx, in, gen.text, findings, nil, &gen.calls)
		gen.text, truncated = in.shapeDraft(gen.text), truncated || repairTruncated
	}
	gen.text, gen.warnings, _ = fitDraft(gen.text, truncated)
	gen.warnings = append(gen.warnings, checkText(gen.text, rules)...)
	gen.flags, err = checkClaims(ctx, in, gen.text)
	return gen, err
}
