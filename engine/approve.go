package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Review decisions, as stored in reviews.decision.
const (
	DecisionApproved  = "approved"
	DecisionRejected  = "rejected"
	DecisionEdited    = "edited"
	DecisionRevised   = "revised"
	DecisionPublished = "published"
)

// Review is one human decision on a piece.
type Review struct {
	ID           int64
	Phase        string
	Decision     string
	FailureModes []string
	Comment      string
	Reviewer     string
	CreatedAt    time.Time
}

// ApproveOutline is the human gate between outline and draft. Only the client's approvers may pass
// it (ErrNotApprover, nothing changed). The transition and its review row are one transaction;
// when the outline is no longer awaiting approval (a double click, a second approver) it returns
// a *StaleError and records nothing.
func (e *Engine) ApproveOutline(ctx context.Context, pieceID int64, userID string) (Piece, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return p, err
	}
	if err := requireApprover(ctx, e.pool, p.ClientID, userID); err != nil {
		return p, err
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if p, err = transition(ctx, tx, pieceID, StateOutlineReady, StateOutlineApproved); err != nil {
			return err
		}
		if err := insertReview(ctx, tx, pieceID, PhaseOutline, DecisionApproved, userID); err != nil {
			return err
		}
		return e.enqueueDraft(ctx, tx, p)
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, "outline approved", "piece_id", pieceID, "user_id", userID)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// enqueueDraft is the hook the draft phase plugs into: it will InsertTx the draft job here, in the
// approval's transaction. Until then an approved outline waits in outline_approved.
func (e *Engine) enqueueDraft(context.Context, pgx.Tx, Piece) error { return nil }

func insertReview(ctx context.Context, db database.DBTX, pieceID int64, phase, decision, reviewer string) error {
	_, err := db.Exec(ctx, `INSERT INTO reviews (piece_id, phase, decision, reviewer) VALUES ($1, $2, $3, $4)`,
		pieceID, phase, decision, reviewer)
	if err != nil {
		return fmt.Errorf("engine: record %s %s of piece %d: %w", phase, decision, pieceID, err)
	}
	return nil
}

func reviews(ctx context.Context, db database.DBTX, pieceID int64) ([]Review, error) {
	rows, err := db.Query(ctx, `SELECT id, phase, decision, failure_modes, comment, reviewer, created_at
		FROM reviews WHERE piece_id = $1 ORDER BY created_at, id`, pieceID)
	if err != nil {
		return nil, fmt.Errorf("engine: load reviews of piece %d: %w", pieceID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Review, error) {
		var r Review
		err := row.Scan(&r.ID, &r.Phase, &r.Decision, &r.FailureModes, &r.Comment, &r.Reviewer, &r.CreatedAt)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("engine: load reviews of piece %d: %w", pieceID, err)
	}
	return out, nil
}
