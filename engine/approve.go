package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
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

// Approve is the human gate on a phase. On the outline it moves outline_ready → outline_approved
// and queues the draft job in the same transaction; on the draft, draft_ready → approved. Only the
// client's approvers may pass it (clientos.ErrNotApprover, nothing changed). The transition and
// its review row are one transaction; when the piece is no longer waiting for that decision (a
// double click, a second approver, a stale outline button) it returns a *StaleError and records
// nothing.
func (e *Engine) Approve(ctx context.Context, pieceID int64, phase, userID string) (Piece, error) {
	return e.ApproveSeen(ctx, pieceID, phase, 0, userID)
}

// ApproveSeen is Approve for a person who saw version seen of the phase: if someone edited or
// revised it since (their screen is out of date), nothing is approved and a *VersionChangedError
// says so. seen 0 skips the check.
func (e *Engine) ApproveSeen(ctx context.Context, pieceID int64, phase string, seen int, userID string) (Piece, error) {
	m, p, err := loadForPhase(ctx, e.pool, pieceID, ActionApprove, phase, userID)
	if err != nil {
		return p, err
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID}); err != nil {
			return err
		}
		return checkSeenTx(ctx, tx, pieceID, phase, seen, ActionApprove) // a newer version rolls the approval back
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, phase+" approved", "piece_id", pieceID, "user_id", userID)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// checkSeenTx runs after the move has locked the piece row, which every edit and revision also
// takes, so no new version can land between this check and the commit.
func checkSeenTx(ctx context.Context, tx pgx.Tx, pieceID int64, phase string, seen int, doing Action) error {
	if seen == 0 {
		return nil
	}
	var cur int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM piece_versions WHERE piece_id = $1 AND phase = $2`,
		pieceID, phase).Scan(&cur); err != nil {
		return fmt.Errorf("engine: current %s version of piece %d: %w", phase, pieceID, err)
	}
	if cur != seen {
		return &VersionChangedError{PieceID: pieceID, Phase: phase, Seen: seen, Current: cur, Doing: doing}
	}
	return nil
}

// ApproveOutline is Approve on the outline.
func (e *Engine) ApproveOutline(ctx context.Context, pieceID int64, userID string) (Piece, error) {
	return e.Approve(ctx, pieceID, PhaseOutline, userID)
}

// insertReviewNote records a decision with its failure modes and comment.
func insertReviewNote(ctx context.Context, db database.DBTX, pieceID int64, r Review) error {
	if r.FailureModes == nil {
		r.FailureModes = []string{}
	}
	_, err := db.Exec(ctx, `INSERT INTO reviews (piece_id, phase, decision, failure_modes, comment, reviewer)
		VALUES ($1, $2, $3, $4, $5, $6)`, pieceID, r.Phase, r.Decision, r.FailureModes, r.Comment, r.Reviewer)
	if err != nil {
		return fmt.Errorf("engine: record %s %s of piece %d: %w", r.Phase, r.Decision, pieceID, err)
	}
	return nil
}

func reviews(ctx context.Context, db database.DBTX, pieceID int64) ([]Review, error) {
	out, err := database.Collect(ctx, db, scanReview, `SELECT id, phase, decision, failure_modes, comment, reviewer, created_at
		FROM reviews WHERE piece_id = $1 ORDER BY created_at, id`, pieceID)
	if err != nil {
		return nil, fmt.Errorf("engine: load reviews of piece %d: %w", pieceID, err)
	}
	return out, nil
}

func scanReview(row pgx.CollectableRow) (Review, error) {
	var r Review
	err := row.Scan(&r.ID, &r.Phase, &r.Decision, &r.FailureModes, &r.Comment, &r.Reviewer, &r.CreatedAt)
	return r, err
}
