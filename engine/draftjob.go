package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
)

// DraftJobTimeout bounds one draft (or revision) attempt, the automatic repair included: a long
// draft takes a slow model several times longer than an outline.
const DraftJobTimeout = 5 * time.Minute

// DraftArgs is the River job that writes the draft of a piece whose outline was approved.
type DraftArgs struct {
	PieceID int64 `json:"piece_id"`
}

// Kind names the job in River's tables.
func (DraftArgs) Kind() string { return "engine_draft" }

type draftWorker struct {
	river.WorkerDefaults[DraftArgs]
	e *Engine
}

// Timeout bounds one attempt; River's one-minute default is shorter than a slow model.
func (w *draftWorker) Timeout(*river.Job[DraftArgs]) time.Duration { return DraftJobTimeout }

// NextRetry replaces River's day-scale default backoff: someone is waiting for this draft.
func (w *draftWorker) NextRetry(job *river.Job[DraftArgs]) time.Time {
	return time.Now().Add(w.e.backoff(job.Attempt))
}

func (w *draftWorker) Work(ctx context.Context, job *river.Job[DraftArgs]) error {
	return w.e.runDraft(ctx, job.Args.PieceID, job.Attempt >= job.MaxAttempts)
}

// enqueueDraft queues the draft job in the transaction that approved the outline (or retried it).
func (e *Engine) enqueueDraft(ctx context.Context, tx pgx.Tx, p Piece) error {
	if e.river == nil {
		return errors.New("engine: no River client (call SetRiver)")
	}
	_, err := e.river.InsertTx(ctx, tx, DraftArgs{PieceID: p.ID}, &river.InsertOpts{MaxAttempts: e.outlineAttempts})
	if err != nil {
		return fmt.Errorf("engine: enqueue draft for piece %d: %w", p.ID, err)
	}
	return nil
}

// runDraft is one attempt of the draft job. River delivers at least once and a process may die
// mid-call: the job then runs again, and because the draft is stored in the same transaction as
// the move outline_approved → draft_ready, only one run ever stores a draft. A run that finds the
// piece moved on only tells the adapter again.
func (e *Engine) runDraft(ctx context.Context, pieceID int64, final bool) error {
	start := time.Now()
	defer func() { e.metrics.stepTime.WithLabelValues(PhaseDraft).Observe(time.Since(start).Seconds()) }()
	p, err := getPiece(ctx, e.pool, pieceID)
	switch {
	case errors.Is(err, database.ErrNotFound):
		return river.JobCancel(err)
	case err != nil:
		return e.stepFailed(ctx, draftStep, pieceID, final, nil, err)
	case p.State != StateOutlineApproved:
		e.metrics.steps.WithLabelValues(PhaseDraft, "skipped").Inc()
		return e.notify(ctx, pieceID)
	}
	var calls []llmCall
	v, err := e.generateDraft(ctx, p, &calls)
	if err != nil {
		return e.stepFailed(ctx, draftStep, pieceID, final, calls, err)
	}
	if err := e.saveDraft(ctx, v, calls); err != nil {
		return e.stepFailed(ctx, draftStep, pieceID, final, calls, err)
	}
	e.metrics.steps.WithLabelValues(PhaseDraft, "ok").Inc()
	e.log.InfoContext(ctx, "draft ready", "piece_id", pieceID, "calls", len(calls),
		"latency_ms", time.Since(start).Milliseconds(), "cached_tokens", calls[0].resp.Usage.CachedTokens,
		"warnings", len(v.Warnings))
	return e.notify(ctx, pieceID)
}

// generateDraft writes the draft from the latest — possibly human-edited — outline, checks it and
// repairs it once if the checks found something.
func (e *Engine) generateDraft(ctx context.Context, p Piece, calls *[]llmCall) (Version, error) {
	in, err := e.loadGenInput(ctx, p)
	if err != nil {
		return Version{}, err
	}
	ov, err := latestOutline(ctx, e.pool, p.ID)
	if err != nil {
		return Version{}, fmt.Errorf("engine: the approved outline of piece %d: %w", p.ID, err)
	}
	rules := rulesFor(in.os, p.Platform, PhaseDraft)
	resp, err := e.ask(ctx, llm.Request{Purpose: PhaseDraft, System: in.rendered.Text,
		User: draftPrompt(in, ov.Outline, rules), MaxTokens: draftMaxTokens}, nil, calls)
	if err != nil {
		return Version{}, err
	}
	text, err := cleanDraft(resp.Content)
	if err != nil {
		return Version{}, rejectLast(*calls, err)
	}
	if findings := checkText(text, rules); len(findings) > 0 {
		text = e.repairDraft(ctx, in, text, findings, nil, calls)
	}
	return Version{PieceID: p.ID, Phase: PhaseDraft, Content: text, AuthorKind: AuthorAI, Author: resp.Model,
		OSVersions: in.rendered.Versions, OSHash: in.rendered.Hash, Warnings: checkText(text, rules),
		Flags: checkClaims(in, text)}, nil
}

// saveDraft stores the draft and moves the piece outline_approved → draft_ready in one
// transaction, recording the model calls. A piece that moved on gets only the calls recorded.
func (e *Engine) saveDraft(ctx context.Context, v Version, calls []llmCall) error {
	return database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := recordCalls(ctx, tx, v.PieceID, calls); err != nil {
			return err
		}
		_, err := transition(ctx, tx, v.PieceID, StateOutlineApproved, StateDraftReady)
		var stale *StaleError
		if errors.As(err, &stale) {
			e.log.InfoContext(ctx, "draft not stored: piece moved on", "piece_id", v.PieceID, "state", stale.State)
			return nil
		}
		if err != nil {
			return err
		}
		_, err = insertVersion(ctx, tx, v)
		return err
	})
}

// draftPrompt is the variable part of the draft request: the instructions that are the same for
// every piece of this client and platform first, then the request and the approved outline.
func draftPrompt(in genInput, o Outline, rules checkRules) string {
	var b strings.Builder
	platform := in.piece.Platform
	fmt.Fprintf(&b, "Write the DRAFT: the finished text of one %s piece, from the approved outline below. "+
		"Follow the Client OS above: its voice, ICP, forbidden phrases, substitutions, locked decisions and "+
		"the %s style guide.\n", platform, platform)
	b.WriteString("A person approved the outline and may have edited it: keep its hook, the order of its " +
		"sections, its pillar and its call to action, and write them out in full.\n")
	writeLimits(&b, rules)
	b.WriteString("Reply with the text of the piece only: no preface, no notes, no code fences.\n")
	b.WriteString("\n## Request\n")
	if in.source.URL != "" {
		fmt.Fprintf(&b, "Source signal (%s): %s\n", in.source.Type, in.source.URL)
	}
	if in.source.Excerpt != "" {
		fmt.Fprintf(&b, "Source excerpt:\n<<<\n%s\n>>>\n", in.source.Excerpt)
	}
	writeSourceText(&b, in.source, in.piece.Brief)
	fmt.Fprintf(&b, "Brief:\n<<<\n%s\n>>>\n", in.piece.Brief)
	fmt.Fprintf(&b, "Approved outline:\n<<<\n%s>>>\n", OutlineText(o))
	return b.String()
}

// writeLimits states the platform's hard limits, which the checks will hold the text to.
func writeLimits(b *strings.Builder, r checkRules) {
	if r.MaxChars > 0 {
		fmt.Fprintf(b, "Limit for %s: at most %d characters in total.\n", r.Platform, r.MaxChars)
	}
	if r.HasMaxHashtags {
		fmt.Fprintf(b, "Limit for %s: at most %d hashtags.\n", r.Platform, r.MaxHashtags)
	}
}
