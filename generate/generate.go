// Package generate writes outlines and drafts from a Client OS and revises them: the prompts, the
// deterministic checks, the one automatic repair, fitting a draft to what a piece holds, the claim
// check and keeping the lines a person wrote. It needs a model and nothing else — no database, no
// piece, no job queue — so the engine's jobs and `mos draft` in a terminal run the same code: a
// job loads what a generation reads, calls Outline, Draft or Revise, and stores the result.
package generate

import (
	"context"
	"log/slog"
	"time"

	"github.com/mos-hq/mos/llm"
)

// Phases of generated content: every version is an outline or a draft.
const (
	PhaseOutline = "outline"
	PhaseDraft   = "draft"
)

// Purposes of model calls besides the phases: a revision, and the one automatic repair of a
// version that failed the checks.
const (
	PurposeRevise = "revise"
	PurposeRepair = "repair"
)

// Generator writes outlines and drafts from a Client OS: the prompts, the checks and the one
// automatic repair.
type Generator struct {
	llm *llm.Client
	log *slog.Logger
	// oneAttempt makes each outline, draft and revision call a single attempt: the jobs retry on
	// their own schedule, which the piece's message shows. A repair keeps the client's retries.
	oneAttempt bool
}

// New builds a generator on a model client; logger may be nil (discard). With oneAttempt each
// outline, draft and revision call is one attempt, for a caller that retries on its own schedule.
func New(model *llm.Client, logger *slog.Logger, oneAttempt bool) *Generator {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Generator{llm: model, log: logger, oneAttempt: oneAttempt}
}

// Request is the piece a generation writes: its platform, the pillar asked for and the brief. ID
// names a stored piece in the log; 0 for one that is not stored.
type Request struct {
	ID       int64
	Platform string
	Pillar   string
	Brief    string
	// OnText, when set, is handed the draft's text as the model writes it (a draft, or a revision
	// of one), so a person can watch it; the checks, the repair and the fit still run on the whole
	// text afterwards, and what is stored is what they leave. It must not block for long.
	OnText TextSink
}

// TextSink receives a text piece by piece as a model writes it.
type TextSink func(text string)

// OS is what a generation reads of a client's Client OS, for the platform of the piece: the
// system message, the pillars and what the checks hold a text to.
type OS struct {
	// Prompt is the Client OS rendered with only the platform's style guide: the system message of
	// every generation. It depends only on the documents and their versions, so the provider's
	// prompt cache hits.
	Prompt        Prompt
	Pillars       []string // the client's pillar names, in the Client OS's order
	Forbidden     []string // phrases the brand never says
	Substitutions []Substitution
	Style         Style
	// Plain says the platform's posts are plain text: a draft for it loses its Markdown.
	Plain bool
}

// Prompt is the rendered Client OS and the document versions it was rendered from, stored with
// every version written from it.
type Prompt struct {
	Text     string
	Versions map[string]int
	Hash     string
}

// Substitution is a word the brand avoids and the one it prefers.
type Substitution struct{ Avoid, Prefer string }

// Style is the platform's hard limits from its style guide; zero values set none.
type Style struct {
	MaxChars       int
	MaxHashtags    int
	HasMaxHashtags bool
}

// input is what every generation step reads: the request, its client's OS for the request's
// platform, and its source.
type input struct {
	req    Request
	os     OS
	source Source
}

func newInput(os OS, req Request, src Source) input {
	return input{req: req, os: os, source: src}
}

// Model is the configured model, for the words of a model the endpoint does not serve.
func (g *Generator) Model() string {
	if g.llm == nil {
		return ""
	}
	return g.llm.Model()
}

// Timeout is the model's per-attempt deadline, for the words of a timeout.
func (g *Generator) Timeout() time.Duration {
	if g.llm == nil {
		return 0
	}
	return g.llm.Timeout()
}

// Call is one model call a generation made, kept so every call is recorded, failed or not.
type Call struct {
	Purpose  string
	Response llm.Response
	Err      error
}

// ask calls the model — CompleteJSON into out when out is non-nil, else Complete — and appends the
// call to calls.
func (g *Generator) ask(ctx context.Context, req llm.Request, out any, calls *[]Call) (llm.Response, error) {
	return g.askShowing(ctx, req, out, nil, calls)
}

// askShowing is ask that streams a plain-text answer to onText when it is set.
func (g *Generator) askShowing(ctx context.Context, req llm.Request, out any, onText TextSink,
	calls *[]Call) (llm.Response, error) {
	if g.oneAttempt && req.Purpose != PurposeRepair {
		req.MaxAttempts = 1
	}
	var resp llm.Response
	var err error
	switch {
	case out != nil:
		resp, err = g.llm.CompleteJSON(ctx, req, out)
	case onText != nil:
		return g.askStreaming(ctx, req, onText, calls)
	default:
		resp, err = g.llm.Complete(ctx, req)
	}
	*calls = append(*calls, Call{Purpose: req.Purpose, Response: resp, Err: err})
	return resp, err
}

// askStreaming streams the answer to onText. Like Complete, it asks once more, with
// llm.TruncatedRetryFactor times the budget, for an answer cut off at its limit; that second
// answer is not streamed (the person already watched the first), the finished draft replaces it.
func (g *Generator) askStreaming(ctx context.Context, req llm.Request, onText TextSink, calls *[]Call) (llm.Response, error) {
	resp, err := g.llm.CompleteStream(ctx, req, onText)
	*calls = append(*calls, Call{Purpose: req.Purpose, Response: resp, Err: err})
	if err != nil || !resp.Truncated() || req.MaxTokens <= 0 {
		return resp, err
	}
	req.MaxTokens *= llm.TruncatedRetryFactor
	resp, err = g.llm.CompleteStream(ctx, req, func(string) {})
	*calls = append(*calls, Call{Purpose: req.Purpose, Response: resp, Err: err})
	return resp, err
}

// rejectLast marks the last call failed when its answer turned out unusable (err wraps
// llm.ErrInvalidOutput), so the record shows it as an error, and returns err.
func rejectLast(calls []Call, err error) error {
	if n := len(calls); n > 0 && calls[n-1].Err == nil {
		calls[n-1].Err = err
	}
	return err
}
