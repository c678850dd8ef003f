package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/generate"
)

// OutlineArgs is the River job that writes a requested piece's outline.
type OutlineArgs struct {
	PieceID int64 `json:"piece_id"`
}

// Kind names the job in River's tables.
func (OutlineArgs) Kind() string { return "engine_outline" }

// enqueueOutlineTx queues the outline job in the transaction that requested the piece (or retried it).
func (e *Engine) enqueueOutlineTx(ctx context.Context, tx pgx.Tx, pieceID int64) error {
	return e.enqueueTx(ctx, tx, OutlineArgs{PieceID: pieceID}, fmt.Sprintf("outline for piece %d", pieceID))
}

// writeOutline is the move the outline job makes when it stores an outline.
var writeOutline = mustPhaseMove(ActionWriteOutline, PhaseOutline)

// runOutline is one attempt of the outline job. River delivers at least once, so a piece that is
// no longer requested is left alone (the adapter is told again, in case that was what failed). A
// failed attempt is shown on the piece and retried, or the piece gives up (stepFailed).
func (e *Engine) runOutline(ctx context.Context, pieceID int64, at jobAttempt) error {
	return e.runStep(ctx, outlineStep, pieceID, at, func(p Piece, _ time.Time) error {
		_ = e.notify(ctx, pieceID) // lets the adapter post a placeholder; the outline matters more
		gctx, cancel := e.withBudget(ctx, p)
		defer cancel()
		e.showStep(ctx, p, StepReading)
		defer e.showStep(ctx, p, StepDone)
		if err := e.readSource(gctx, p); err != nil {
			return e.stepFailed(ctx, outlineStep, p, at, nil, err)
		}
		e.showStep(ctx, p, StepWriting)
		gen, err := e.generateOutline(gctx, p)
		if err != nil {
			return e.stepFailed(ctx, outlineStep, p, at, gen.Calls(), err)
		}
		if err := e.saveOutline(ctx, p, gen); err != nil {
			return e.stepFailed(ctx, outlineStep, p, at, gen.Calls(), err)
		}
		e.metrics.steps.WithLabelValues(PhaseOutline, "ok").Inc()
		first := gen.Calls()[0].Response
		e.log.InfoContext(ctx, "outline ready", "piece_id", pieceID, "attempts", first.Attempts, "calls", len(gen.Calls()),
			"latency_ms", first.Latency.Milliseconds(), "cached_tokens", first.Usage.CachedTokens)
		return e.notify(ctx, pieceID)
	})
}

// generateOutline writes the outline of a stored piece from its client's current OS.
func (e *Engine) generateOutline(ctx context.Context, p Piece) (generate.Generation, error) {
	in, err := e.loadGeneration(ctx, p)
	if err != nil {
		return generate.Generation{}, err
	}
	return e.gen.Outline(ctx, in.os, in.req, in.src)
}

// saveOutline stores the outline as version 1 (or the next), settles the pillar, moves the piece
// requested → outline_ready and records the model calls, all in one transaction. If the piece
// moved on meanwhile (a duplicate run), only the calls are recorded.
func (e *Engine) saveOutline(ctx context.Context, p Piece, gen generate.Generation) error {
	content, err := json.Marshal(gen.Outline())
	if err != nil {
		return fmt.Errorf("engine: encode outline: %w", err)
	}
	return e.saveGenerated(ctx, p.ID, writeOutline, gen.Calls(), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE pieces SET pillar = $2 WHERE id = $1`, p.ID, gen.Outline().Pillar); err != nil {
			return fmt.Errorf("engine: set pillar of piece %d: %w", p.ID, err)
		}
		_, err := insertVersion(ctx, tx, generatedVersion(p.ID, PhaseOutline, string(content), gen))
		return err
	})
}
