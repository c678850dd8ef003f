// Package lease keeps the model generations River runs recoverable when a replica dies. Every run
// of a leased job kind holds a lease in generation_leases that a heartbeat renews; a sweeper on
// every replica hands a job whose lease expired back to the queue at once, instead of waiting for
// River's stuck-job rescue; and a result is stored only while the run's token is still the current
// one (FenceTx), so a run that lost its lease — a paused process that wakes up, a late rescue —
// cannot store a second outline or draft.
//
// The Keeper is River worker middleware: wrap every job in it and it leaves kinds it was not told
// about alone. On shutdown (the job's context cancelled) a run gives its lease back and its job is
// made available again at once, so another replica picks it up without waiting for the lease to
// expire.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Defaults for Config fields left zero.
const (
	DefaultHeartbeat  = 5 * time.Second
	DefaultTTL        = 25 * time.Second
	DefaultSweepEvery = 10 * time.Second
)

// Config says which jobs take a lease and how long a lease lives.
type Config struct {
	// Kinds are the River job kinds whose runs take a lease; other jobs pass through.
	Kinds []string
	// Holder names this replica in lease rows and logs; empty means host:pid:random.
	Holder string
	// Heartbeat is how often a run renews its lease; 0 means DefaultHeartbeat.
	Heartbeat time.Duration
	// TTL is how long a lease lives without a renewal; 0 means DefaultTTL. Keep it several
	// heartbeats long, so one slow renewal does not lose the lease.
	TTL time.Duration
	// SweepEvery is how often Run looks for expired leases; 0 means DefaultSweepEvery.
	SweepEvery time.Duration
	Logger     *slog.Logger          // nil discards
	Registerer prometheus.Registerer // nil: no metrics
}

// Keeper takes, renews and gives back leases around job runs, and sweeps expired ones.
type Keeper struct {
	river.MiddlewareDefaults
	pool    *pgxpool.Pool
	cfg     Config
	log     *slog.Logger
	metrics *metrics
}

// New builds a Keeper on the pool River runs on.
func New(pool *pgxpool.Pool, cfg Config) *Keeper {
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = DefaultHeartbeat
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = DefaultSweepEvery
	}
	if cfg.Holder == "" {
		cfg.Holder = defaultHolder()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Keeper{pool: pool, cfg: cfg, log: log, metrics: newMetrics(cfg.Registerer)}
}

// Holder is the name this replica's leases carry.
func (k *Keeper) Holder() string { return k.cfg.Holder }

// TTL is how long a lease lives without a renewal.
func (k *Keeper) TTL() time.Duration { return k.cfg.TTL }

func defaultHolder() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "mos"
	}
	var b [3]byte
	_, _ = rand.Read(b[:])
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + hex.EncodeToString(b[:])
}

// ErrLost means the run no longer holds its lease: it expired and the job was handed to another
// run, or the run's token was replaced. Whatever the run produced is dropped.
var ErrLost = errors.New("lease: the generation's lease was lost to another run")

// ErrFenced is FenceTx's answer when the run's lease is not current: store nothing.
var ErrFenced = fmt.Errorf("%w (result not stored)", ErrLost)

// Lease is one run's hold on a job.
type Lease struct {
	JobID int64
	Kind  string
	Token string
}

type ctxKey struct{}

// From returns the lease the run behind ctx holds; false outside a leased run (tests, the CLI).
func From(ctx context.Context) (Lease, bool) {
	l, ok := ctx.Value(ctxKey{}).(Lease)
	return l, ok
}

// WithLease returns ctx carrying l, as the middleware hands it to the job.
func WithLease(ctx context.Context, l Lease) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// Work runs a job under a lease when its kind takes one (rivertype.WorkerMiddleware).
func (k *Keeper) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	if !slices.Contains(k.cfg.Kinds, job.Kind) {
		return doInner(ctx)
	}
	l, held, err := k.acquire(ctx, job)
	switch {
	case err != nil:
		return err
	case held:
		// Another run holds a live lease on this job (a rescue raced a slow run): come back when
		// it has either finished or expired.
		k.log.InfoContext(ctx, "job already leased by another run; waiting", "job_id", job.ID, "kind", job.Kind)
		return river.JobSnooze(k.cfg.TTL)
	}
	wctx, cancel := context.WithCancelCause(WithLease(ctx, l))
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		k.heartbeat(wctx, l, cancel)
	}()
	err = doInner(wctx)
	lost := errors.Is(context.Cause(wctx), ErrLost) || errors.Is(err, ErrLost)
	cancel(nil)
	<-beat
	switch {
	case lost:
		k.metrics.lost.Inc()
		k.log.WarnContext(ctx, "generation lost its lease; its result is dropped", "job_id", job.ID, "kind", job.Kind)
		// If the job is still ours in River's eyes, look again once any other run's lease is over.
		return river.JobSnooze(k.cfg.TTL)
	case errors.Is(ctx.Err(), context.Canceled):
		// Stopping (or cancelled by a person): give the lease back and the job with it, at once.
		k.release(ctx, l)
		k.metrics.handedBack.Inc()
		k.log.InfoContext(ctx, "generation handed back on stop", "job_id", job.ID, "kind", job.Kind)
		return river.JobSnooze(0)
	}
	k.release(ctx, l)
	return err
}

// acquire takes the job's lease: a new one, or one whose holder let it expire. held reports a
// live lease of another run.
func (k *Keeper) acquire(ctx context.Context, job *rivertype.JobRow) (l Lease, held bool, err error) {
	var piece struct {
		ID *int64 `json:"piece_id"`
	}
	_ = json.Unmarshal(job.EncodedArgs, &piece) // a job without a piece (a report) leaves it nil
	err = k.pool.QueryRow(ctx, `INSERT INTO generation_leases AS l (job_id, kind, piece_id, holder, acquired_at, expires_at)
		VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp() + make_interval(secs => $5))
		ON CONFLICT (job_id) DO UPDATE SET token = gen_random_uuid(), kind = excluded.kind,
			piece_id = excluded.piece_id, holder = excluded.holder, acquired_at = excluded.acquired_at,
			expires_at = excluded.expires_at
		WHERE l.expires_at < clock_timestamp()
		RETURNING token::text`, job.ID, job.Kind, piece.ID, k.cfg.Holder, k.cfg.TTL.Seconds()).Scan(&l.Token)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, true, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("lease: take the lease of job %d: %w", job.ID, err)
	}
	l.JobID, l.Kind = job.ID, job.Kind
	return l, false, nil
}

// heartbeat renews the lease every Heartbeat until ctx ends. A renewal that finds the lease gone
// or taken cancels the run with ErrLost; a failed one (the database unreachable) is tried again
// at the next beat — if the lease expires meanwhile, the sweeper hands the job on and the next
// renewal that gets through finds it lost.
func (k *Keeper) heartbeat(ctx context.Context, l Lease, lost context.CancelCauseFunc) {
	t := time.NewTicker(k.cfg.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, k.cfg.Heartbeat)
		tag, err := k.pool.Exec(rctx, `UPDATE generation_leases
			SET expires_at = clock_timestamp() + make_interval(secs => $3)
			WHERE job_id = $1 AND token = $2`, l.JobID, l.Token, k.cfg.TTL.Seconds())
		cancel()
		switch {
		case err != nil:
			if ctx.Err() == nil {
				k.log.WarnContext(ctx, "renew generation lease", "job_id", l.JobID, "error", err)
			}
		case tag.RowsAffected() == 0:
			lost(ErrLost)
			return
		}
	}
}

// release gives the lease back; a failure only delays the next run until the lease expires.
func (k *Keeper) release(ctx context.Context, l Lease) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := k.pool.Exec(rctx, `DELETE FROM generation_leases WHERE job_id = $1 AND token = $2`,
		l.JobID, l.Token); err != nil {
		k.log.WarnContext(ctx, "give back generation lease", "job_id", l.JobID, "error", err)
	}
}

// FenceTx checks, inside the transaction that stores a run's result, that the run still holds a
// live lease, and locks it until the transaction ends, so the sweeper cannot hand the job on
// halfway. It returns ErrFenced when the lease expired or went to another run: roll back and store
// nothing. Outside a leased run it does nothing.
func FenceTx(ctx context.Context, tx pgx.Tx) error {
	l, ok := From(ctx)
	if !ok {
		return nil
	}
	var live bool
	err := tx.QueryRow(ctx, `SELECT expires_at > clock_timestamp() FROM generation_leases
		WHERE job_id = $1 AND token = $2 FOR UPDATE`, l.JobID, l.Token).Scan(&live)
	switch {
	case errors.Is(err, pgx.ErrNoRows), err == nil && !live:
		return ErrFenced
	case err != nil:
		return fmt.Errorf("lease: check the lease of job %d: %w", l.JobID, err)
	}
	return nil
}
