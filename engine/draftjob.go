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
	"github.com/mos-hq/mos/lease"
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
	return w.e.retryAt(job.ID, job.Attempt)
}

func (w *draftWorker) Work(ctx context.Context, job *river.Job[DraftArgs]) error {
	return w.e.runDraft(ctx, job.Args.PieceID, attemptOf(job.JobRow))
}

// enqueueDraftTx queues the draft job in the transaction that approved the outline (or retried it).
func (e *Engine) enqueueDraftTx(ctx context.Context, tx pgx.Tx, p Piece) error {
	if e.river == nil {
		return errors.New("engine: no River client (call SetRiver)")
	}
	_, err := e.river.InsertTx(ctx, tx, DraftArgs{PieceID: p.ID}, &river.InsertOpts{MaxAttempts: e.outlineAttempts})
	if err != nil {
		return fmt.Errorf("engine: enqueue draft for piece %d: %w", p.ID, err)
	}
	return nil
}

// writeDraft is the move the draft job makes when it stores a draft.
var writeDraft = mustPhaseMove(ActionWriteDraft, PhaseDraft)

// runDraft is one attempt of the draft job. River delivers at least once and a process may die
// mid-call: the job then runs again, and because the draft is stored in the same transaction as
// the move outline_approved → draft_ready, only one run ever stores a draft. A run that finds the
// piece moved on only tells the adapter again.
func (e *Engine) runDraft(ctx context.Context, pieceID int64, at jobAttempt) error {
	start := time.Now()
	defer func() { e.metrics.stepTime.WithLabelValues(PhaseDraft).Observe(time.Since(start).Seconds()) }()
	p, err := getPiece(ctx, e.pool, pieceID)
	switch {
	case errors.Is(err, database.ErrNotFound):
		return river.JobCancel(err)
	case err != nil:
		return e.stepFailed(ctx, draftStep, Piece{ID: pieceID}, at, nil, err)
	case p.State != writeDraft.From:
		e.metrics.steps.WithLabelValues(PhaseDraft, "skipped").Inc()
		return e.notify(ctx, pieceID)
	}
	var calls []llmCall
	gctx, cancel := e.withBudget(ctx, p)
	defer cancel()
	v, err := e.generateDraft(gctx, p, &calls)
	if err != nil {
		return e.stepFailed(ctx, draftStep, p, at, calls, err)
	}
	if err := e.saveDraft(ctx, v, calls); err != nil {
		return e.stepFailed(ctx, draftStep, p, at, calls, err)
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
	gen, err := e.gen.draft(ctx, in, ov.Outline)
	*calls = append(*calls, gen.calls...)
	if err != nil {
		return Version{}, err
	}
	return Version{PieceID: p.ID, Phase: PhaseDraft, Content: gen.text, AuthorKind: AuthorAI, Author: gen.Model(),
		OSVersions: in.rendered.Versions, OSHash: in.rendered.Hash, Warnings: gen.warnings,
		Flags: gen.flags}, nil
}

// saveDraft stores the draft and moves the piece outline_approved → draft_ready in one
// transaction, recording the model calls. A piece that moved on gets only the calls recorded.
func (e *Engine) saveDraft(ctx context.Context, v Version, calls []llmCall) error {
	return database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := lease.FenceTx(ctx, tx); err != nil {
			return err
		}
		if err := recordCalls(ctx, tx, v.PieceID, calls); err != nil {
			return err
		}
		_, err := e.applyTx(ctx, tx, v.PieceID, writeDraft, moveInput{})
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

// draftPrompt is the variable part of the draft request: the instructions, the same for every piece
// of this client and platform, first, then the piece's data with the approved outline.
func draftPrompt(in genInput, o Outline, rules checkRules) string {
	var b strings.Builder
	platform := in.piece.Platform
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
		draftData{sourceData: sourceDataOf(in.source, in.piece.Brief), Brief: in.piece.Brief, Outline: o})
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
