package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Reminder is an optional interface for a Notifier: one that implements it is asked to remind an
// approver of the pieces that have waited for them longer than Deps.ReminderAfter — one reminder
// per approver per run, listing every such piece, and each piece at most once per ReminderAfter
// window and approver.
type Reminder interface {
	Remind(ctx context.Context, userID string, due []Due) error
}

// Due is a piece an approver is reminded of, and how long it has waited in its state.
type Due struct {
	PieceID int64
	Waited  time.Duration
}

// dueRow is one (piece, approver) pair whose reminder is due.
type dueRow struct {
	userID string
	state  State
	window int64
	Due
}

// remindApprovers sends each approver one reminder of the pieces that have waited for them too
// long, skipping pieces they snoozed and pieces being revised. A piece is claimed per approver and
// window (notice "remind:<state>:<window>") before the reminder goes out, so however many
// replicas run the job it is mentioned once per window; a failed send is logged, not retried.
func (e *Engine) remindApprovers(ctx context.Context) error {
	reminder, ok := e.notifier.(Reminder)
	if !ok {
		return nil
	}
	due, err := database.Collect(ctx, e.pool, scanDueRow, `SELECT a.user_id, p.state,
			floor(extract(epoch FROM $2::timestamptz - p.state_changed_at) / $1)::bigint,
			p.id, extract(epoch FROM $2::timestamptz - p.state_changed_at)
		FROM pieces p JOIN approvers a ON a.client_id = p.client_id
		WHERE p.state IN (`+awaitingList+`) AND p.busy = ''
			AND p.state_changed_at < $2::timestamptz - make_interval(secs => $1)
			AND NOT EXISTS (SELECT 1 FROM reminder_snoozes s
				WHERE s.piece_id = p.id AND s.user_id = a.user_id AND s.until > $2)
		ORDER BY a.user_id, p.state_changed_at, p.id`, e.reminderAfter.Seconds(), e.now())
	if err != nil {
		return fmt.Errorf("engine: find waiting pieces: %w", err)
	}
	for len(due) > 0 {
		n := 1
		for n < len(due) && due[n].userID == due[0].userID {
			n++
		}
		if err := e.remindOne(ctx, reminder, due[:n]); err != nil {
			return err
		}
		due = due[n:]
	}
	return nil
}

func scanDueRow(r pgx.CollectableRow) (dueRow, error) {
	var d dueRow
	var secs float64
	err := r.Scan(&d.userID, &d.state, &d.window, &d.PieceID, &secs)
	d.Waited = time.Duration(secs * float64(time.Second))
	return d, err
}

// remindOne claims the due pieces of one approver and sends them one reminder.
func (e *Engine) remindOne(ctx context.Context, r Reminder, rows []dueRow) error {
	userID := rows[0].userID
	var claimed []Due
	for _, d := range rows {
		ok, err := e.ClaimNotice(ctx, d.PieceID, fmt.Sprintf("remind:%s:%d", d.state, d.window), userID)
		if err != nil {
			return err
		}
		if ok {
			claimed = append(claimed, d.Due)
		}
	}
	if len(claimed) == 0 {
		return nil
	}
	if err := r.Remind(ctx, userID, claimed); err != nil {
		e.log.WarnContext(ctx, "remind approver", "user_id", userID, "pieces", len(claimed), "error", err)
	}
	return nil
}

// SnoozeFor is how long a person snoozes a reminder.
type SnoozeFor int

// The snoozes a reminder offers.
const (
	SnoozeHour    SnoozeFor = iota // an hour from now
	SnoozeMorning                  // the next morning, 09:00 in the client's time zone
)

// morningHour is when "tomorrow morning" starts, in the client's time zone.
const morningHour = 9

// Snooze holds userID's reminders of the pieces until an hour from now or the next morning in each
// piece's client's time zone; the reminder comes again then. Only pieces of clients userID
// approves for are snoozed. It returns the latest time a reminder was held until (zero when no
// piece was snoozed).
func (e *Engine) Snooze(ctx context.Context, userID string, pieceIDs []int64, f SnoozeFor) (time.Time, error) {
	var latest time.Time
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		zones, err := approvedZonesTx(ctx, tx, userID, pieceIDs)
		if err != nil {
			return err
		}
		now := e.now()
		ids, untils := make([]int64, 0, len(zones)), make([]time.Time, 0, len(zones))
		for id, tz := range zones {
			loc, err := time.LoadLocation(tz)
			if err != nil {
				loc = e.defaultTZ
			}
			until := snoozeUntil(now, loc, f)
			ids, untils = append(ids, id), append(untils, until)
			if until.After(latest) {
				latest = until
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reminder_snoozes (piece_id, user_id, until)
			SELECT id, $1, until FROM unnest($2::bigint[], $3::timestamptz[]) AS s(id, until)
			ON CONFLICT (piece_id, user_id) DO UPDATE SET until = excluded.until`, userID, ids, untils); err != nil {
			return fmt.Errorf("engine: snooze for %s: %w", userID, err)
		}
		// The window the reminder was sent in is free again: when the snooze ends, it comes back.
		_, err = tx.Exec(ctx, `DELETE FROM notices WHERE user_id = $1 AND piece_id = ANY($2) AND key LIKE 'remind:%'`,
			userID, ids)
		if err != nil {
			return fmt.Errorf("engine: snooze for %s: %w", userID, err)
		}
		return nil
	})
	return latest, err
}

// approvedZonesTx maps the pieces of clients userID approves for to their client's time zone.
func approvedZonesTx(ctx context.Context, tx pgx.Tx, userID string, pieceIDs []int64) (map[int64]string, error) {
	rows, err := tx.Query(ctx, `SELECT p.id, c.timezone FROM pieces p
		JOIN clients c ON c.id = p.client_id
		JOIN approvers a ON a.client_id = p.client_id AND a.user_id = $1
		WHERE p.id = ANY($2)`, userID, pieceIDs)
	if err != nil {
		return nil, fmt.Errorf("engine: snooze for %s: %w", userID, err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var tz string
		if err := rows.Scan(&id, &tz); err != nil {
			return nil, fmt.Errorf("engine: snooze for %s: %w", userID, err)
		}
		out[id] = tz
	}
	return out, rows.Err()
}

// snoozeUntil is when a snooze started at now ends for a client in loc.
func snoozeUntil(now time.Time, loc *time.Location, f SnoozeFor) time.Time {
	if f == SnoozeHour {
		return now.Add(time.Hour)
	}
	local := now.In(loc)
	day := local.AddDate(0, 0, 1)
	if local.Hour() < 5 {
		day = local // before dawn, "tomorrow morning" is this morning
	}
	return time.Date(day.Year(), day.Month(), day.Day(), morningHour, 0, 0, 0, loc)
}
