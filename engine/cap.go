package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// location is the client's time zone, or the deployment default when it is missing or unknown.
func (e *Engine) location(tz string) *time.Location {
	if tz == "" {
		return e.defaultTZ
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return e.defaultTZ
	}
	return loc
}

// capDay is the channel's cap day: the client's local calendar date now, as a civil date, and the
// local midnight when the next one starts.
func (e *Engine) capDay(tz string) (day, resetsAt time.Time) {
	loc := e.location(tz)
	y, m, d := e.now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// takeCapTx counts one new piece against the channel's cap for today, atomically: concurrent
// requests serialise on the (channel, day) row and the conditional upsert never passes the cap.
// It runs inside the request's transaction, so a rollback gives the slot back. It returns the cap
// day the slot was taken on.
func (e *Engine) takeCapTx(ctx context.Context, tx pgx.Tx, b Binding) (time.Time, error) {
	day, resetsAt := e.capDay(b.Timezone)
	if b.DailyCap > 0 {
		var used int
		err := tx.QueryRow(ctx, `INSERT INTO cap_usage (channel_id, day, used) VALUES ($1, $2, 1)
			ON CONFLICT (channel_id, day) DO UPDATE SET used = cap_usage.used + 1
			WHERE cap_usage.used < $3
			RETURNING used`, b.ChannelID, day, b.DailyCap).Scan(&used)
		if err == nil {
			return day, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return day, fmt.Errorf("engine: take cap: %w", err)
		}
	}
	used, err := capUsed(ctx, tx, b.ChannelID, day)
	if err != nil {
		return day, err
	}
	e.metrics.capRefused.Inc()
	return day, &CapError{Used: used, Cap: b.DailyCap, ResetsAt: resetsAt}
}

// giveBackCapTx returns the slot a piece took on its cap day (pieces.cap_day); false when it
// took none or the count is already zero.
func giveBackCapTx(ctx context.Context, tx pgx.Tx, pieceID int64) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE cap_usage c SET used = c.used - 1 FROM pieces p
		WHERE p.id = $1 AND c.channel_id = p.channel_id AND c.day = p.cap_day AND c.used > 0`, pieceID)
	if err != nil {
		return false, fmt.Errorf("engine: give back the cap slot of piece %d: %w", pieceID, err)
	}
	return tag.RowsAffected() == 1, nil
}

func capUsed(ctx context.Context, db database.DBTX, channelID string, day time.Time) (int, error) {
	var used int
	err := db.QueryRow(ctx, `SELECT used FROM cap_usage WHERE channel_id = $1 AND day = $2`,
		channelID, day).Scan(&used)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("engine: read cap usage: %w", err)
	}
	return used, nil
}

// CapToday is how many pieces the channel has started today, its cap, and when the count resets.
type CapToday struct {
	Used     int
	Cap      int
	ResetsAt time.Time
}

func (e *Engine) capToday(ctx context.Context, db database.DBTX, b Binding) (CapToday, error) {
	day, resetsAt := e.capDay(b.Timezone)
	used, err := capUsed(ctx, db, b.ChannelID, day)
	return CapToday{Used: used, Cap: b.DailyCap, ResetsAt: resetsAt}, err
}
