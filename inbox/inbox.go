// Package inbox is mos's durable front door: every inbound event (a Slack envelope) is stored here
// before it is acknowledged, and handled from here. A replica takes a lease on each event it handles
// and renews it while it works; an event whose replica died is taken over by another once the lease
// runs out. An event id is stored once, so a redelivery or the copy another replica received is
// recognised and dropped.
//
// Leases are measured on the database's clock (clock_timestamp()), the one clock every replica shares.
package inbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Defaults for Config fields left zero.
const (
	// DefaultLease is how long an event stays with the replica handling it without a renewal. With
	// DefaultSweepEvery, an event whose replica died is taken over within 25 s.
	DefaultLease      = 20 * time.Second
	DefaultSweepEvery = 5 * time.Second
	// DefaultMaxAttempts is how many handlings an event gets before it is given up: an event that
	// crashes every replica that takes it must not go round for ever. A replica that dies takes
	// every event it was handling with it — a crash another event caused, a deploy's SIGKILL — so an
	// event is not given up on the first few deaths it merely witnessed.
	DefaultMaxAttempts = 5
	// Memory is how long a finished event's id is kept, to drop redeliveries. Slack redelivers within
	// minutes, so a day is ample and the table stays small.
	Memory = 24 * time.Hour
)

// Config says who this replica is and how long its leases live.
type Config struct {
	Holder string // names this replica in rows and logs; required
	// PutPool, when set, is the pool Put uses: a few connections of the front door's own, so storing
	// an envelope before its ack never waits for a connection a handler holds. Nil: the store's pool.
	PutPool     *pgxpool.Pool
	Lease       time.Duration // 0 is DefaultLease
	SweepEvery  time.Duration // 0 is DefaultSweepEvery
	MaxAttempts int           // 0 is DefaultMaxAttempts
}

// Event is one stored inbound event.
type Event struct {
	ID       string // the platform's delivery id (Slack's envelope_id)
	Kind     string // the platform's event type (events_api, slash_commands, interactive)
	Payload  []byte // the event's JSON as it arrived
	Attempts int    // handlings started, this one included
}

// Store keeps inbound events in Postgres.
type Store struct {
	pool *pgxpool.Pool
	cfg  Config
}

// New returns a store for one replica.
func New(pool *pgxpool.Pool, cfg Config) *Store {
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = DefaultSweepEvery
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	return &Store{pool: pool, cfg: cfg}
}

// Holder is the name this replica's leases carry.
func (s *Store) Holder() string { return s.cfg.Holder }

// Lease is how long a lease lives without a renewal; handlers renew at a third of it.
func (s *Store) Lease() time.Duration { return s.cfg.Lease }

// MaxAttempts is how many handlings an event gets before it is given up.
func (s *Store) MaxAttempts() int { return s.cfg.MaxAttempts }

// SweepEvery is how often a replica looks for events whose replica died.
func (s *Store) SweepEvery() time.Duration { return s.cfg.SweepEvery }

// ErrGaveUp means an event was handled MaxAttempts times without finishing and is given up.
var ErrGaveUp = errors.New("inbox: event given up after its last attempt")

// Put stores an event, leased to this replica, and says whether it is new: false means it was
// stored before (a redelivery, or a copy another replica took) and must not be handled again.
func (s *Store) Put(ctx context.Context, ev Event) (bool, error) {
	pool := s.pool
	if s.cfg.PutPool != nil {
		pool = s.cfg.PutPool
	}
	tag, err := pool.Exec(ctx, `INSERT INTO inbound_events (event_id, kind, payload, holder, lease_until)
		VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(secs => $5))
		ON CONFLICT (event_id) DO NOTHING`, ev.ID, ev.Kind, ev.Payload, s.cfg.Holder, s.cfg.Lease.Seconds())
	if err != nil {
		return false, fmt.Errorf("inbox: store event %s: %w", ev.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Claim starts a handling of an unfinished event: it takes the lease when this replica holds it or
// it ran out, and counts the attempt. ok is false when the event is finished or another live replica
// has it. When the attempts are used up the event is finished as given up and ErrGaveUp returned.
func (s *Store) Claim(ctx context.Context, id string) (ev Event, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `UPDATE inbound_events
		SET holder = $2, lease_until = clock_timestamp() + make_interval(secs => $3), attempts = attempts + 1
		WHERE event_id = $1 AND done_at IS NULL AND (holder = $2 OR lease_until < clock_timestamp())
		RETURNING event_id, kind, payload, attempts`, id, s.cfg.Holder, s.cfg.Lease.Seconds()).
		Scan(&ev.ID, &ev.Kind, &ev.Payload, &ev.Attempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return Event{}, false, nil
	}
	if err != nil {
		return Event{}, false, fmt.Errorf("inbox: claim event %s: %w", id, err)
	}
	if ev.Attempts > s.cfg.MaxAttempts {
		if err := s.finish(ctx, id, "gave_up"); err != nil {
			return Event{}, false, err
		}
		return ev, false, ErrGaveUp
	}
	return ev, true, nil
}

// Renew extends this replica's lease on an event it is handling; false means the lease was lost
// (it ran out and another replica took the event over).
func (s *Store) Renew(ctx context.Context, id string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE inbound_events SET lease_until = clock_timestamp() + make_interval(secs => $3)
		WHERE event_id = $1 AND holder = $2 AND done_at IS NULL`, id, s.cfg.Holder, s.cfg.Lease.Seconds())
	if err != nil {
		return false, fmt.Errorf("inbox: renew lease on %s: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Done records that this replica finished handling an event.
func (s *Store) Done(ctx context.Context, id string) error { return s.finish(ctx, id, "handled") }

func (s *Store) finish(ctx context.Context, id, outcome string) error {
	_, err := s.pool.Exec(ctx, `UPDATE inbound_events SET done_at = clock_timestamp(), outcome = $3
		WHERE event_id = $1 AND holder = $2 AND done_at IS NULL`, id, s.cfg.Holder, outcome)
	if err != nil {
		return fmt.Errorf("inbox: finish event %s: %w", id, err)
	}
	return nil
}

// Refuse cancels an event this replica told the person it could not store (the insert timed out)
// in case the insert landed after all: it is finished as refused unless a handling already started.
func (s *Store) Refuse(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `UPDATE inbound_events SET done_at = clock_timestamp(), outcome = 'refused'
		WHERE event_id = $1 AND holder = $2 AND attempts = 0 AND done_at IS NULL`, id, s.cfg.Holder)
	if err != nil {
		return fmt.Errorf("inbox: refuse event %s: %w", id, err)
	}
	return nil
}

// Orphans lists up to limit unfinished events whose lease ran out — their replica died or gave them
// back — oldest first.
func (s *Store) Orphans(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT event_id FROM inbound_events
		WHERE done_at IS NULL AND lease_until < clock_timestamp() ORDER BY received_at LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("inbox: list orphaned events: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("inbox: list orphaned events: %w", err)
	}
	return ids, nil
}

// Release gives this replica's lease on an unfinished event back at once, so another replica takes
// it over without waiting for the lease to run out (a replica stopping with events still queued).
func (s *Store) Release(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `UPDATE inbound_events SET lease_until = clock_timestamp() - interval '1 second'
		WHERE event_id = $1 AND holder = $2 AND done_at IS NULL`, id, s.cfg.Holder)
	if err != nil {
		return fmt.Errorf("inbox: release event %s: %w", id, err)
	}
	return nil
}

// Prune deletes events finished more than Memory ago. Every replica may run it; it is idempotent.
func (s *Store) Prune(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM inbound_events WHERE done_at < clock_timestamp() - make_interval(secs => $1)`,
		Memory.Seconds())
	if err != nil {
		return fmt.Errorf("inbox: prune finished events: %w", err)
	}
	return nil
}

// Pending counts unfinished events, for metrics and /healthz.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM inbound_events WHERE done_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("inbox: count pending events: %w", err)
	}
	return n, nil
}
