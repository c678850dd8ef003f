package engine

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
)

// Generator writes outlines and drafts from a Client OS: the prompts, the checks and the one
// automatic repair. It needs a model and nothing else — no database, no piece, no channel — so
// the outline and draft jobs and `mos draft` in a terminal run the same code.
type Generator struct {
	llm *llm.Client
	log *slog.Logger
	// oneAttempt makes each outline, draft and revision call a single attempt: the jobs retry on
	// their own schedule, which the piece's message shows. A repair keeps the client's retries.
	oneAttempt bool
}

// NewGenerator builds a generator on a model client; logger may be nil (discard).
func NewGenerator(model *llm.Client, logger *slog.Logger) *Generator {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Generator{llm: model, log: logger}
}

// SystemPrompt is the system message of every generation for platform: the Client OS rendered with
// only that platform's style guide. It depends only on the documents and their versions, so the
// provider's prompt cache hits, and it is exactly what `mos os prompt` prints.
func SystemPrompt(os *clientos.OS, platform string) clientos.Rendered {
	return clientos.RenderFor(os, platform)
}

// Generation is one outline or draft written from a Client OS, with what the checks still found
// after the one repair and the model calls it took (kept on failure too, so they can be recorded).
type Generation struct {
	outline  Outline
	text     string // the draft's text; empty for an outline
	warnings []Warning
	flags    []ClaimFlag // claims neither the source nor the Client OS holds
	rendered clientos.Rendered
	calls    []llmCall
}

// Outline is the outline written, for an outline generation.
func (g Generation) Outline() Outline { return g.outline }

// Text is the draft written, for a draft generation.
func (g Generation) Text() string { return g.text }

// Warnings are the check findings left after the repair, and notes on how the answer was read.
func (g Generation) Warnings() []Warning { return g.warnings }

// Flags are the claims in what was written that neither the source nor the Client OS holds.
func (g Generation) Flags() []ClaimFlag { return g.flags }

// Rendered is the Client OS the generation was written from, as the model received it.
func (g Generation) Rendered() clientos.Rendered { return g.rendered }

// Model is the model that wrote it, as the provider named it.
func (g Generation) Model() string {
	if len(g.calls) == 0 {
		return ""
	}
	return g.calls[0].resp.Model
}

// WriteOutline writes the outline of one piece for platform from os and a validated request (see
// ValidateDraftInput), exactly as the outline job does for a piece asked for in a channel. read is
// what ReadLink read from the source link; nil when it was not read.
func (g *Generator) WriteOutline(ctx context.Context, os *clientos.OS, platform string, req DraftInput,
	read *Snapshot) (Generation, error) {
	return g.outline(ctx, requestInput(os, platform, req, read))
}

// WriteDraft writes the draft from an outline, exactly as the draft job does once a person has
// approved the outline — without that approval.
func (g *Generator) WriteDraft(ctx context.Context, os *clientos.OS, platform string, req DraftInput, read *Snapshot,
	o Outline) (Generation, error) {
	return g.draft(ctx, requestInput(os, platform, req, read), o)
}

// requestInput is what a generation reads for a request that is not a stored piece.
func requestInput(os *clientos.OS, platform string, req DraftInput, read *Snapshot) genInput {
	p := Piece{Platform: platform, Pillar: req.Pillar, Brief: req.Brief}
	return newGenInput(os, p, Source{Type: req.SourceType, URL: req.SourceURL, Excerpt: req.Excerpt, Read: read})
}

func newGenInput(os *clientos.OS, p Piece, src Source) genInput {
	return genInput{piece: p, os: os, rendered: SystemPrompt(os, p.Platform), source: src, pillars: pillarNames(os)}
}

// outline builds the prompt — the rendered Client OS as the byte-stable system message, the
// request last — asks the model, checks the answer and repairs it once if the checks found
// something; what remains becomes warnings.
func (g *Generator) outline(ctx context.Context, in genInput) (Generation, error) {
	gen := Generation{rendered: in.rendered}
	var raw Outline
	if _, err := g.ask(ctx, llm.Request{
		Purpose:   PhaseOutline,
		System:    in.rendered.Text,
		User:      outlinePrompt(in.piece, in.source, in.pillars),
		Schema:    outlineSchema,
		MaxTokens: 1500,
	}, &raw, &gen.calls); err != nil {
		return gen, err
	}
	var err error
	if gen.outline, gen.warnings, err = normalizeOutline(raw, in.pillars, in.piece.Pillar); err != nil {
		return gen, rejectLast(gen.calls, err)
	}
	rules := rulesFor(in.os, in.piece.Platform, PhaseOutline)
	if findings := checkText(OutlineText(gen.outline), rules); len(findings) > 0 {
		gen.outline = g.repairOutline(ctx, in, gen.outline, findings, nil, &gen.calls)
	}
	gen.warnings = append(gen.warnings, checkText(OutlineText(gen.outline), rules)...)
	gen.flags, err = checkClaims(ctx, in, OutlineText(gen.outline))
	return gen, err
}

// draft writes the draft from an outline, checks it and repairs it once if the checks found
// something; what remains becomes warnings.
func (g *Generator) draft(ctx context.Context, in genInput, o Outline) (Generation, error) {
	gen := Generation{rendered: in.rendered}
	rules := rulesFor(in.os, in.piece.Platform, PhaseDraft)
	resp, err := g.ask(ctx, llm.Request{Purpose: PhaseDraft, System: in.rendered.Text,
		User: draftPrompt(in, o, rules), MaxTokens: draftMaxTokens}, nil, &gen.calls)
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

// StepTimeout bounds one attempt of a phase's generation, the repair included: the job's timeout,
// which `mos draft` uses too.
func StepTimeout(phase string) time.Duration {
	if phase == PhaseDraft {
		return draftStep.timeout
	}
	return outlineStep.timeout
}

// FailureReason says in the plain words a channel reads why writing a phase failed, with what to
// do about it.
func (g *Generator) FailureReason(phase string, err error) string {
	t := troubleOf(err, g.modelName(), g.timeout())
	if errors.Is(err, context.DeadlineExceeded) && t.Cause == CauseTimeout && t.Timeout == 0 {
		t.Timeout = StepTimeout(phase)
	}
	s := "Could not write the " + phase + ": " + lowerFirst(t.Problem()) + "."
	if a := t.Advice(); a != "" {
		s += " " + a
	}
	return s
}

// lowerFirst lowers a sentence's first letter to follow a colon, unless it starts a name
// (MOS_MODEL, HTTP).
func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// modelName is the configured model, for the words of a model the endpoint does not serve.
func (g *Generator) modelName() string {
	if g.llm == nil {
		return ""
	}
	return g.llm.Model()
}

// timeout is the model's per-attempt deadline, for the words of a timeout.
func (g *Generator) timeout() time.Duration {
	if g.llm == nil {
		return 0
	}
	return g.llm.Timeout()
}
