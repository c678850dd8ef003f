package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/rivertype"

	"github.com/mos-hq/mos/database"
)

// RetryNow runs a generation that waits to retry after a failed attempt at once, instead of after
// its wait; the piece shows that it is trying again. Anyone in the channel may. A generation that
// is not waiting — it recovered, gave up, or is already trying again — is left as it is.
func (e *Engine) RetryNow(ctx context.Context, pieceID int64, phase, userID string) error {
	m, err := phaseMove(ActionRetryNow, phase)
	if err != nil {
		return err
	}
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return err
	}
	if p.State != m.From {
		return &StaleError{PieceID: pieceID, Want: m.From, State: p.State, Busy: p.Busy}
	}
	if p.Trouble == nil || p.Trouble.RetryingNow {
		return nil // nothing waits: the message already says what is happening
	}
	t := *p.Trouble
	t.RetryingNow = true
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		_, err := e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID, Trouble: &t})
		return err
	})
	if err != nil {
		return err
	}
	e.log.InfoContext(ctx, "generation retried now", "piece_id", pieceID, "user_id", userID, "job_id", t.JobID)
	_ = e.notify(ctx, pieceID)
	return e.retryJob(ctx, t.JobID)
}

// retryJob makes a job waiting to retry available now. River leaves a running job alone, and a
// job counts as running for a moment after its failed attempt was shown (while River records it;
// a retry racing that record leaves the job waiting): such a job is retried again until it is
// available. One that keeps running for two seconds is a new attempt under way — trying already.
func (e *Engine) retryJob(ctx context.Context, jobID int64) error {
	for tries := 1; ; tries++ {
		row, err := e.jobs.JobRetry(ctx, jobID)
		switch {
		case errors.Is(err, rivertype.ErrNotFound):
			return nil // the job is gone (cleaned up); the sweeps deal with the piece
		case err != nil:
			return fmt.Errorf("engine: retry job %d: %w", jobID, err)
		case row.FinalizedAt != nil || row.State == rivertype.JobStateAvailable || tries == 40:
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Cancel stops a piece's generation for good: the piece becomes cancelled and its generation jobs
// are cancelled, in one transaction. A piece cancelled before it had an outline gives its place in
// the daily cap back, and its note says so. Anyone in the channel may; a piece whose generation
// already finished (or that another person cancelled) gives a *StaleError.
func (e *Engine) Cancel(ctx context.Context, pieceID int64, phase, userID string) (Piece, error) {
	m, err := phaseMove(ActionCancel, phase)
	if err != nil {
		return Piece{}, err
	}
	var p Piece
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID}); err != nil {
			return err
		}
		if err := e.cancelJobsTx(ctx, tx, pieceID); err != nil {
			return err
		}
		freed, err := e.giveBackCapTx(ctx, tx, p)
		if err != nil || !freed {
			return err
		}
		p.Note = Notice{Kind: NoticeCapFreed}.stored()
		_, err = tx.Exec(ctx, `UPDATE pieces SET note = $2 WHERE id = $1`, pieceID, p.Note)
		return err
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, "piece cancelled", "piece_id", pieceID, "user_id", userID, "phase", phase)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// cancelJobsTx cancels every unfinished generation job of the piece: one waiting to retry at once,
// a running one as soon as its replica hears of it (its result would be stale anyway).
func (e *Engine) cancelJobsTx(ctx context.Context, tx pgx.Tx, pieceID int64) error {
	ids, err := database.Collect(ctx, tx, pgx.RowTo[int64], `SELECT id FROM river_job WHERE kind = ANY($1)
		AND (args->>'piece_id')::bigint = $2 AND finalized_at IS NULL`, GenerationKinds(), pieceID)
	if err != nil {
		return fmt.Errorf("engine: find jobs of piece %d: %w", pieceID, err)
	}
	for _, id := range ids {
		if _, err := e.jobs.JobCancelTx(ctx, tx, id); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
			return fmt.Errorf("engine: cancel job %d of piece %d: %w", id, pieceID, err)
		}
	}
	return nil
}

// giveBackCapTx gives back the cap slot of a piece that never had an outline; freed reports
// whether it did.
func (e *Engine) giveBackCapTx(ctx context.Context, tx pgx.Tx, p Piece) (freed bool, err error) {
	var hadOutline bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM piece_versions WHERE piece_id = $1 AND phase = $2)`,
		p.ID, PhaseOutline).Scan(&hadOutline); err != nil {
		return false, fmt.Errorf("engine: outlines of piece %d: %w", p.ID, err)
	}
	if hadOutline {
		return false, nil
	}
	return giveBackCapTx(ctx, tx, p.ID)
}
