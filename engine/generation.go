package engine

import (
	"context"
	"errors"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/generate"
)

// What the generation package writes, under the names the engine's callers know.
type (
	// Outline is the first phase of a piece: what a person approves before any draft is written.
	Outline = generate.Outline
	// Warning is something a person should see on a version: a check finding left after repair,
	// or a note about how the model's answer was read.
	Warning = generate.Warning
)

// Warning kinds; see generate.
const (
	WarningForbidden    = generate.WarningForbidden
	WarningSubstitution = generate.WarningSubstitution
	WarningLength       = generate.WarningLength
	WarningHashtags     = generate.WarningHashtags
	WarningPinned       = generate.WarningPinned
	WarningPillar       = generate.WarningPillar
	WarningTruncated    = generate.WarningTruncated
)

// Bounds on outlines and drafts.
const (
	MinSections     = generate.MinSections
	MaxSections     = generate.MaxSections
	MaxOutlineChars = generate.MaxOutlineChars // an outline a person submits as text (runes)
	MaxDraftChars   = generate.MaxDraftChars   // a draft, generated or submitted (runes)
)

// Purposes of model calls besides the phases: a revision, and the one automatic repair.
const (
	PurposeRevise = generate.PurposeRevise
	PurposeRepair = generate.PurposeRepair
)

// OutlineText is the plain-text form of an outline that people edit; see generate.OutlineText.
func OutlineText(o Outline) string { return generate.OutlineText(o) }

// ParseOutlineText reads an outline in OutlineText's form; every error is a *UserError (field
// "text", phase outline) saying what is wrong: keys missing (Values), a line before the first key
// (ProblemNoKey), a key line left empty (ProblemEmptyLine), a key given twice (ProblemDuplicate) or
// too few or too many sections (ProblemCount).
func ParseOutlineText(s string) (Outline, error) {
	o, err := generate.ParseOutlineText(s)
	var te *generate.TextError
	if !errors.As(err, &te) {
		return o, err
	}
	ue := &UserError{Field: "text", Problem: Problem(te.Problem), Phase: PhaseOutline, Got: te.Got, Min: te.Min,
		Limit: te.Max, Values: te.Keys}
	if te.Line != "" {
		ue.Values = []string{te.Line}
	}
	return o, ue
}

// PlainDraft removes the Markdown a plain-text platform would show literally; see generate.
func PlainDraft(text string) string { return generate.PlainDraft(text) }

// PlainTextPlatform says whether the platform's posts are plain text: its style guide's format, or
// for a guide that does not say, whether the platform is one that renders no Markdown.
func PlainTextPlatform(os *clientos.OS, platform string) bool {
	if os != nil {
		if st, ok := os.Style(platform); ok && st.Format != "" {
			return st.Format == clientos.FormatPlain
		}
	}
	return generate.PlainByDefault(platform)
}

// SystemPrompt is the system message of every generation for platform: the Client OS rendered with
// only that platform's style guide. It depends only on the documents and their versions, so the
// provider's prompt cache hits, and it is exactly what `mos os prompt` prints.
func SystemPrompt(os *clientos.OS, platform string) clientos.Rendered {
	return clientos.RenderFor(os, platform)
}

// ForGeneration is what a generation for platform reads of a Client OS: the system message, the
// pillars, the brand's phrases and the platform's limits and format.
func ForGeneration(os *clientos.OS, platform string) generate.OS {
	g := checkedBy(os, platform)
	r := SystemPrompt(os, platform)
	g.Prompt = generate.Prompt{Text: r.Text, Versions: r.Versions, Hash: r.Hash}
	return g
}

// checkedBy is ForGeneration without the system message: what the checks of a text read.
func checkedBy(os *clientos.OS, platform string) generate.OS {
	g := generate.OS{Pillars: pillarNames(os), Forbidden: os.Brand.Forbidden, Plain: PlainTextPlatform(os, platform)}
	for _, s := range os.Brand.Substitutions {
		g.Substitutions = append(g.Substitutions, generate.Substitution{Avoid: s.Avoid, Prefer: s.Prefer})
	}
	if st, ok := os.Style(platform); ok {
		g.Style = generate.Style{MaxChars: st.MaxChars, MaxHashtags: st.MaxHashtags, HasMaxHashtags: st.HasMaxHashtags}
	}
	return g
}

// ForGeneration is what a generation may take facts from of the source: the link's read and the
// request's own inputs, as they were read.
func (s Source) ForGeneration() generate.Source {
	g := generate.Source{Type: s.Type, URL: s.URL, Excerpt: s.Excerpt, Link: s.Read.forGeneration()}
	for i := range s.Inputs {
		g.Inputs = append(g.Inputs, *s.Inputs[i].forGeneration())
	}
	return g
}

func (s *Snapshot) forGeneration() *generate.Text {
	if s == nil {
		return nil
	}
	return &generate.Text{Origin: s.Origin, Title: s.Title, Body: s.Text, Readable: s.Readable(),
		Reason: s.Reason, ReadAt: s.FetchedAt}
}

// generationRequest is the request a stored piece makes of a generation.
func generationRequest(p Piece) generate.Request {
	return generate.Request{ID: p.ID, Platform: p.Platform, Pillar: p.Pillar, Brief: p.Brief}
}

// Generation is the request a validated DraftInput (see ValidateDraftInput) makes of a
// generation for platform, as `mos draft` asks it without a stored piece.
func (in DraftInput) Generation(platform string) generate.Request {
	return generate.Request{Platform: platform, Pillar: in.Pillar, Brief: in.Brief}
}

// SourceOf is the source a DraftInput names, with what ReadLink read from its link (nil when it
// was not read), for a generation.
func (in DraftInput) SourceOf(read *Snapshot) generate.Source {
	return Source{Type: in.SourceType, URL: in.SourceURL, Excerpt: in.Excerpt, Read: read}.ForGeneration()
}

// StepTimeout bounds one attempt of a phase's generation, the repair included: the job's timeout,
// which `mos draft` uses too.
func StepTimeout(phase string) time.Duration {
	if phase == PhaseDraft {
		return draftStep.timeout
	}
	return outlineStep.timeout
}

// GenerationTrouble classifies why writing a phase with g failed, outside a job (`mos draft`): a
// timeout without a deadline of its own is the phase's step timeout.
func GenerationTrouble(g *generate.Generator, phase string, err error) Trouble {
	t := TroubleOf(err, g.Model(), g.Timeout())
	if errors.Is(err, context.DeadlineExceeded) && t.Cause == CauseTimeout && t.Timeout == 0 {
		t.Timeout = StepTimeout(phase)
	}
	return t
}

// matchPillar returns the client's spelling of name, or "" when it is not a pillar.
func matchPillar(name string, pillars []string) string { return generate.MatchPillar(name, pillars) }
