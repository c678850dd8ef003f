package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// DefaultReminderAfter is how long a piece waits for an approver before they are reminded.
const DefaultReminderAfter = 4 * time.Hour

// staleBusyAfter frees a piece whose revise job was lost (every attempt and its bookkeeping
// failed): far beyond the worst case of attempts × (DraftJobTimeout + backoff).
const staleBusyAfter = 2 * time.Hour

// ClaimNotice claims a side effect before doing it, so it happens at most once however many
// replicas or retries try: true means this call claimed it and the caller should go ahead. key
// names what (e.g. "dm:outline_ready"), userID whom ("" for the piece as a whole).
func (e *Engine) ClaimNotice(ctx context.Context, pieceID int64, key, userID string) (bool, error) {
	tag, err := e.pool.Exec(ctx, `INSERT INTO notices (piece_id, key, user_id) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, pieceID, key, userID)
	if err != nil {
		return false, fmt.Errorf("engine: claim notice %s of piece %d: %w", key, pieceID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseNotice gives a claim back when the side effect failed, so a later call can try again.
func (e *Engine) ReleaseNotice(ctx context.Context, pieceID int64, key, userID string) error {
	_, err := e.pool.Exec(ctx, `DELETE FROM notices WHERE piece_id = $1 AND key = $2 AND user_id = $3`, pieceID, key, userID)
	if err != nil {
		return fmt.Errorf("engine: release notice %s of piece %d: %w", key, pieceID, err)
	}
	return nil
}

// Approvers lists who may approve the piece: its client's approvers, in the order they were added.
func (e *Engine) Approvers(ctx context.Context, pieceID int64) ([]string, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return nil, err
	}
	ids, err := clientos.Approvers(ctx, e.pool, p.ClientID)
	if err != nil {
		return nil, fmt.Errorf("engine: approvers of piece %d: %w", pieceID, err)
	}
	return ids, nil
}

// CanApprove says whether userID is one of the piece's approvers, e.g. before opening a modal.
func (e *Engine) CanApprove(ctx context.Context, pieceID int64, userID string) (bool, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return false, err
	}
	err = clientos.RequireApprover(ctx, e.pool, p.ClientID, userID)
	if errors.Is(err, clientos.ErrNotApprover) {
		return false, nil
	}
	return err == nil, err
}

// ReminderArgs is the periodic job that reminds approvers of waiting pieces.
type ReminderArgs struct{}

// Kind names the job in River's tables.
func (ReminderArgs) Kind() string { return "engine_remind" }

// PeriodicJobs are the engine's periodic jobs, to pass to NewRiverClient on every replica (only
// the leader enqueues them). The reminder job runs every `every` (ReminderAfter when zero); each
// run reminds once per piece per ReminderAfter window, so running it more often than
// ReminderAfter only makes reminders more punctual, never more frequent.
func (e *Engine) PeriodicJobs(every time.Duration) []*river.PeriodicJob {
	if every <= 0 {
		every = e.reminderAfter
	}
	return periodicJob(every, ReminderArgs{})
}

// runReminders frees pieces whose revision was lost and fails lost generations, then reminds
// approvers of the pieces that have waited for them longer than ReminderAfter (remindApprovers).
func (e *Engine) runReminders(ctx context.Context) error {
	if err := e.sweepStaleBusy(ctx); err != nil {
		return err
	}
	if err := e.sweepStuckGenerations(ctx); err != nil {
		return err
	}
	return e.remindApprovers(ctx)
}

// sweepStaleBusy frees pieces busy for longer than any revise job can take, with a note.
func (e *Engine) sweepStaleBusy(ctx context.Context) error {
	ids, err := database.Collect(ctx, e.pool, pgx.RowTo[int64], `UPDATE pieces SET busy = '', busy_since = NULL, trouble = NULL,
		note = $2, updated_at = now()
		WHERE busy <> '' AND busy_since < $1 RETURNING id`, e.now().Add(-staleBusyAfter),
		Failure{Trouble: Trouble{Cause: CauseLost}, Revision: true}.stored())
	if err != nil {
		return fmt.Errorf("engine: free stale pieces: %w", err)
	}
	for _, id := range ids {
		e.log.WarnContext(ctx, "freed a piece whose revision never finished", "piece_id", id)
		_ = e.notify(ctx, id)
	}
	return nil
}

// sweepStuckGenerations fails pieces whose outline or draft job was lost (its last attempt and the
// bookkeeping both failed, or the job was discarded after a crash), so Retry is offered instead of
// "writing…" forever. A generation still retrying within its give-up time is not lost.
func (e *Engine) sweepStuckGenerations(ctx context.Context) error {
	type stuck struct {
		id    int64
		state State
	}
	scanStuck := func(r pgx.CollectableRow) (stuck, error) {
		var s stuck
		return s, r.Scan(&s.id, &s.state)
	}
	found, err := database.Collect(ctx, e.pool, scanStuck, `SELECT id, state FROM pieces
		WHERE state = ANY($2) AND state_changed_at < $1
			AND (trouble IS NULL OR (trouble->>'since')::timestamptz < $1 - make_interval(secs => $3))`,
		e.now().Add(-staleBusyAfter), stateNames(statesFrom(ActionFail)), e.giveUpAfter.Seconds())
	if err != nil {
		return fmt.Errorf("engine: find stuck pieces: %w", err)
	}
	for _, s := range found {
		err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
			_, err := e.failTx(ctx, tx, s.id, s.state, Failure{Trouble: Trouble{Cause: CauseLost}})
			return err
		})
		if err != nil {
			e.log.WarnContext(ctx, "fail a stuck piece", "piece_id", s.id, "error", err)
			continue
		}
		e.log.WarnContext(ctx, "failed a piece whose generation never finished", "piece_id", s.id, "from", s.state)
		_ = e.notify(ctx, s.id)
	}
	return nil
}
