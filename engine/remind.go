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

// Reminder is an optional interface for a Notifier: one that implements it is asked to remind
// approvers of a piece that has waited for them longer than Deps.ReminderAfter, at most once per
// piece per ReminderAfter window.
type Reminder interface {
	Remind(ctx context.Context, pieceID int64, userIDs []string) error
}

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
	err = requireApprover(ctx, e.pool, p.ClientID, userID)
	if errors.Is(err, ErrNotApprover) {
		return false, nil
	}
	return err == nil, err
}

// maxWaiting bounds Waiting: an App Home shows a screenful, not a backlog.
const maxWaiting = 50

// awaitingList is AwaitingDecision as an SQL list: the predicate of the pieces_waiting_idx index.
var awaitingList = sqlList(AwaitingDecision())

// Waiting lists the pieces waiting for a decision (AwaitingDecision) in every client userID
// approves for, longest-waiting first, at most 50.
func (e *Engine) Waiting(ctx context.Context, userID string) ([]View, error) {
	rows, err := e.pool.Query(ctx, `SELECT p.id FROM pieces p
		JOIN approvers a ON a.client_id = p.client_id AND a.user_id = $1
		WHERE p.state IN (`+awaitingList+`)
		ORDER BY p.state_changed_at, p.id LIMIT $2`, userID, maxWaiting)
	if err != nil {
		return nil, fmt.Errorf("engine: pieces waiting for %s: %w", userID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("engine: pieces waiting for %s: %w", userID, err)
	}
	views := make([]View, 0, len(ids))
	for _, id := range ids {
		v, err := e.PieceView(ctx, id)
		if err != nil {
			return nil, err
		}
		views = append(views, v)
	}
	return views, nil
}

// ReminderArgs is the periodic job that reminds approvers of waiting pieces.
type ReminderArgs struct{}

// Kind names the job in River's tables.
func (ReminderArgs) Kind() string { return "engine_remind" }

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	e *Engine
}

func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	return w.e.runReminders(ctx)
}

// PeriodicJobs are the engine's periodic jobs, to pass to NewRiverClient on every replica (only
// the leader enqueues them). The reminder job runs every `every` (ReminderAfter when zero); each
// run reminds once per piece per ReminderAfter window, so running it more often than
// ReminderAfter only makes reminders more punctual, never more frequent.
func (e *Engine) PeriodicJobs(every time.Duration) []*river.PeriodicJob {
	if every <= 0 {
		every = e.reminderAfter
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, &river.InsertOpts{MaxAttempts: 3} },
		&river.PeriodicJobOpts{ID: ReminderArgs{}.Kind()})}
}

// runReminders frees pieces whose revision was lost, then reminds approvers of every piece that has
// waited longer than ReminderAfter, once per piece per window (notice "remind:<state>:<window>").
func (e *Engine) runReminders(ctx context.Context) error {
	if err := e.sweepStaleBusy(ctx); err != nil {
		return err
	}
	if err := e.sweepStuckGenerations(ctx); err != nil {
		return err
	}
	reminder, ok := e.notifier.(Reminder)
	if !ok {
		return nil
	}
	rows, err := e.pool.Query(ctx, `SELECT id, state,
		floor(extract(epoch FROM now() - state_changed_at) / $1)::bigint
		FROM pieces WHERE state IN (`+awaitingList+`) AND busy = ''
		AND state_changed_at < now() - make_interval(secs => $1)`, e.reminderAfter.Seconds())
	if err != nil {
		return fmt.Errorf("engine: find waiting pieces: %w", err)
	}
	type waiting struct {
		id     int64
		state  State
		window int64
	}
	due, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (waiting, error) {
		var w waiting
		return w, r.Scan(&w.id, &w.state, &w.window)
	})
	if err != nil {
		return fmt.Errorf("engine: find waiting pieces: %w", err)
	}
	for _, w := range due {
		if err := e.remind(ctx, reminder, w.id, fmt.Sprintf("remind:%s:%d", w.state, w.window)); err != nil {
			return err
		}
	}
	return nil
}

// remind claims the reminder and sends it. A failed send is logged, not retried: at most once.
func (e *Engine) remind(ctx context.Context, r Reminder, pieceID int64, key string) error {
	claimed, err := e.ClaimNotice(ctx, pieceID, key, "")
	if err != nil || !claimed {
		return err
	}
	approvers, err := e.Approvers(ctx, pieceID)
	if err != nil {
		e.log.WarnContext(ctx, "remind approvers", "piece_id", pieceID, "key", key, "error", err)
		return nil // the other waiting pieces still get theirs
	}
	if err := r.Remind(ctx, pieceID, approvers); err != nil {
		e.log.WarnContext(ctx, "remind approvers", "piece_id", pieceID, "key", key, "error", err)
	}
	return nil
}

// sweepStaleBusy frees pieces busy for longer than any revise job can take, with a note.
func (e *Engine) sweepStaleBusy(ctx context.Context) error {
	rows, err := e.pool.Query(ctx, `UPDATE pieces SET busy = '', busy_since = NULL, trouble = NULL,
		note = 'Revision failed: it did not finish. The previous version is kept; press Revise to try again.',
		updated_at = now()
		WHERE busy <> '' AND busy_since < now() - make_interval(secs => $1) RETURNING id`, staleBusyAfter.Seconds())
	if err != nil {
		return fmt.Errorf("engine: free stale pieces: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
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
	rows, err := e.pool.Query(ctx, `SELECT id, state FROM pieces
		WHERE state = ANY($2) AND state_changed_at < now() - make_interval(secs => $1)
			AND (trouble IS NULL OR (trouble->>'since')::timestamptz < now() - make_interval(secs => $1 + $3))`,
		staleBusyAfter.Seconds(), stateNames(statesFrom(ActionFail)), e.giveUpAfter.Seconds())
	if err != nil {
		return fmt.Errorf("engine: find stuck pieces: %w", err)
	}
	type stuck struct {
		id    int64
		state State
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stuck, error) {
		var s stuck
		return s, r.Scan(&s.id, &s.state)
	})
	if err != nil {
		return fmt.Errorf("engine: find stuck pieces: %w", err)
	}
	for _, s := range found {
		err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
			_, err := e.failTx(ctx, tx, s.id, s.state, "generation never finished")
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
