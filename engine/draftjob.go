package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/generate"
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

// enqueueDraftTx queues the draft job in the transaction that approved the outline (or retried it).
func (e *Engine) enqueueDraftTx(ctx context.Context, tx pgx.Tx, p Piece) error {
	return e.enqueueTx(ctx, tx, DraftArgs{PieceID: p.ID}, fmt.Sprintf("draft for piece %d", p.ID))
}

// writeDraft is the move the draft job makes when it stores a draft.
var writeDraft = mustPhaseMove(ActionWriteDraft, PhaseDraft)

// runDraft is one attempt of the draft job. River delivers at least once and a process may die
// mid-call: the job then runs again, and because the draft is stored in the same transaction as
// the move outline_approved → draft_ready, only one run ever stores a draft. A run that finds the
// piece moved on only tells the adapter again.
func (e *Engine) runDraft(ctx context.Context, pieceID int64, at jobAttempt) error {
	return e.runStep(ctx, draftStep, pieceID, at, func(p Piece, start time.Time) error {
		gctx, cancel := e.withBudget(ctx, p)
		defer cancel()
		sink := e.draftSink(ctx, pieceID, PhaseDraft)
		defer abandon(ctx, sink) // a no-op once PieceChanged showed the stored draft
		v, calls, err := e.generateDraft(gctx, p, e.leasedText(gctx, sink))
		if err == nil {
			err = e.saveDraft(ctx, v, calls)
		}
		if err != nil {
			e.endShowing(ctx, sink, err)
			return e.stepFailed(ctx, draftStep, p, at, calls, err)
		}
		e.metrics.steps.WithLabelValues(PhaseDraft, "ok").Inc()
		e.log.InfoContext(ctx, "draft ready", "piece_id", pieceID, "calls", len(calls),
			"latency_ms", time.Since(start).Milliseconds(), "cached_tokens", calls[0].Response.Usage.CachedTokens,
			"warnings", len(v.Warnings))
		return e.notify(ctx, pieceID)
	})
}

// generateDraft writes the draft from the latest — possibly human-edited — outline, showing it to
// onText (when set) as it is written, checks it and repairs it once if the checks found something.
func (e *Engine) generateDraft(ctx context.Context, p Piece, onText generate.TextSink) (Version, []generate.Call, error) {
	in, err := e.loadGeneration(ctx, p)
	if err != nil {
		return Version{}, nil, err
	}
	in.req.OnText = onText
	ov, err := latestOutline(ctx, e.pool, p.ID)
	if err != nil {
		return Version{}, nil, fmt.Errorf("engine: the approved outline of piece %d: %w", p.ID, err)
	}
	gen, err := e.gen.Draft(ctx, in.os, in.req, in.src, ov.Outline)
	if err != nil {
		return Version{}, gen.Calls(), err
	}
	return generatedVersion(p.ID, PhaseDraft, gen.Text(), gen), gen.Calls(), nil
}

// generatedVersion is what a generation wrote, as the version to store.
func generatedVersion(pieceID int64, phase, content string, gen generate.Generation) Version {
	return Version{PieceID: pieceID, Phase: phase, Content: content, AuthorKind: AuthorAI, Author: gen.Model(),
		OSVersions: gen.Prompt().Versions, OSHash: gen.Prompt().Hash, Warnings: gen.Warnings(), Flags: gen.Flags()}
}

// saveDraft stores the draft and moves the piece outline_approved → draft_ready in one
// transaction, recording the model calls. A piece that moved on gets only the calls recorded.
func (e *Engine) saveDraft(ctx context.Context, v Version, calls []generate.Call) error {
	return e.saveGenerated(ctx, v.PieceID, writeDraft, calls, func(tx pgx.Tx) error {
		_, err := insertVersion(ctx, tx, v)
		return err
	})
}
