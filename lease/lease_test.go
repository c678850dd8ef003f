package lease_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/lease"
)

// genArgs is a stand-in generation job: it "writes" into results under its lease.
type genArgs struct {
	PieceID int64 `json:"piece_id"`
}

func (genArgs) Kind() string { return "lease_test_gen" }

// otherArgs is a job kind without a lease.
type otherArgs struct{}

func (otherArgs) Kind() string { return "lease_test_other" }

type rig struct {
	db *pgtest.DB
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db := pgtest.New(t)
	_, err := db.Pool.Exec(context.Background(), `CREATE TABLE results (job_id bigint, run text)`)
	require.NoError(t, err)
	return &rig{db: db}
}

func (r *rig) keeper(cfg lease.Config) *lease.Keeper {
	cfg.Kinds = []string{genArgs{}.Kind()}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = 50 * time.Millisecond
	}
	if cfg.TTL == 0 {
		cfg.TTL = 300 * time.Millisecond
	}
	return lease.New(r.db.Pool, cfg)
}

// client builds a River client whose workers run work for genArgs, wrapped in k.
func (r *rig) client(t *testing.T, k *lease.Keeper, work func(ctx context.Context, job *river.Job[genArgs]) error) *river.Client[pgx.Tx] {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(work))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[otherArgs]) error {
		if _, ok := lease.From(ctx); ok {
			return errors.New("a job of another kind was given a lease")
		}
		return nil
	}))
	c, err := river.NewClient(riverpgxv5.New(r.db.Pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:           workers,
		Middleware:        []rivertype.Middleware{k},
		FetchCooldown:     10 * time.Millisecond,
		FetchPollInterval: 20 * time.Millisecond,
	})
	require.NoError(t, err)
	return c
}

// countingClient is client, its genArgs worker counting each run before doing work.
func (r *rig) countingClient(t *testing.T, k *lease.Keeper,
	work func(ctx context.Context, job *river.Job[genArgs]) error) (*river.Client[pgx.Tx], *atomic.Int32) {
	t.Helper()
	runs := new(atomic.Int32)
	c := r.client(t, k, func(ctx context.Context, job *river.Job[genArgs]) error {
		runs.Add(1)
		return work(ctx, job)
	})
	return c, runs
}

func start(t *testing.T, c *river.Client[pgx.Tx]) {
	t.Helper()
	require.NoError(t, c.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.StopAndCancel(ctx)
	})
}

// store is how a job stores its result: fenced by its lease, in one transaction.
func store(ctx context.Context, db *pgtest.DB, jobID int64, run string) error {
	return database.Transact(ctx, db.Pool, func(tx pgx.Tx) error {
		if err := lease.FenceTx(ctx, tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO results VALUES ($1, $2)`, jobID, run)
		return err
	})
}

func (r *rig) scalar(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, r.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

// waitJobState waits until River shows the job in state.
func (r *rig) waitJobState(t *testing.T, id int64, state string) {
	t.Helper()
	require.Eventually(t, func() bool { s, _ := r.jobState(t, id); return s == state }, 10*time.Second, 10*time.Millisecond,
		"job %d never became %s", id, state)
}

func (r *rig) jobState(t *testing.T, id int64) (state string, attempt int) {
	t.Helper()
	require.NoError(t, r.db.Pool.QueryRow(context.Background(),
		`SELECT state, attempt FROM river_job WHERE id = $1`, id).Scan(&state, &attempt))
	return state, attempt
}

// crashedRun leaves the database as a replica killed mid-run does: the job running (its first
// attempt), its lease expired some time ago.
func (r *rig) crashedRun(t *testing.T, c *river.Client[pgx.Tx], withLease bool) int64 {
	t.Helper()
	ctx := context.Background()
	res, err := c.Insert(ctx, genArgs{PieceID: 7}, &river.InsertOpts{MaxAttempts: 5})
	require.NoError(t, err)
	_, err = r.db.Pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1,
		attempted_at = now() - interval '1 minute', attempted_by = '{dead-replica}' WHERE id = $1`, res.Job.ID)
	require.NoError(t, err)
	if withLease {
		_, err = r.db.Pool.Exec(ctx, `INSERT INTO generation_leases (job_id, kind, piece_id, holder, expires_at)
			VALUES ($1, $2, 7, 'dead-replica', now() - interval '1 second')`, res.Job.ID, genArgs{}.Kind())
		require.NoError(t, err)
	}
	return res.Job.ID
}

// TestCrashedRunIsHandedBackAndRunsOnce: a job whose replica died mid-run (lease expired, River
// still counting it as running) is made available by a sweep without losing an attempt, and a
// live replica then runs it once.
func TestCrashedRunIsHandedBackAndRunsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	k := r.keeper(lease.Config{SweepEvery: time.Hour})
	c, runs := r.countingClient(t, k, func(ctx context.Context, job *river.Job[genArgs]) error {
		return store(ctx, r.db, job.ID, "survivor")
	})
	id := r.crashedRun(t, c, true)

	requeued, err := k.Sweep(context.Background())
	require.NoError(t, err)
	require.Equal(t, []lease.Requeued{{JobID: id, Kind: genArgs{}.Kind(), PieceID: 7, Holder: "dead-replica"}}, requeued)
	state, attempt := r.jobState(t, id)
	require.Equal(t, "available", state)
	require.Equal(t, 0, attempt, "the crashed attempt is not counted")
	again, err := k.Sweep(context.Background())
	require.NoError(t, err)
	require.Empty(t, again, "a second sweep finds nothing")

	start(t, c)
	r.waitJobState(t, id, "completed")
	require.Equal(t, 1, r.scalar(t, `SELECT count(*) FROM results WHERE job_id = $1`, id))
	require.Equal(t, int32(1), runs.Load())
	require.Zero(t, r.scalar(t, `SELECT count(*) FROM generation_leases`), "the finished run gave its lease back")
}

// TestRunThatNeverTookItsLeaseIsHandedBack: a replica that died between River's fetch and the
// lease leaves a running job without a lease; the sweep hands it back once it is older than two TTLs.
func TestRunThatNeverTookItsLeaseIsHandedBack(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	k := r.keeper(lease.Config{})
	c := r.client(t, k, func(context.Context, *river.Job[genArgs]) error { return nil })
	id := r.crashedRun(t, c, false)
	requeued, err := k.Sweep(context.Background())
	require.NoError(t, err)
	require.Equal(t, []lease.Requeued{{JobID: id, Kind: genArgs{}.Kind(), PieceID: 7}}, requeued)
	state, _ := r.jobState(t, id)
	require.Equal(t, "available", state)
}

// TestLeaseIsRenewedWhileTheRunIsAlive: a run longer than the TTL keeps its lease by its
// heartbeat; sweeps meanwhile hand nothing back, and the result is stored.
func TestLeaseIsRenewedWhileTheRunIsAlive(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	k := r.keeper(lease.Config{})
	release := make(chan struct{})
	running := make(chan int64, 1)
	c := r.client(t, k, func(ctx context.Context, job *river.Job[genArgs]) error {
		running <- job.ID
		<-release
		return store(ctx, r.db, job.ID, "slow")
	})
	start(t, c)
	_, err := c.Insert(context.Background(), genArgs{PieceID: 1}, nil)
	require.NoError(t, err)
	id := <-running
	deadline := time.Now().Add(4 * k.TTL())
	for time.Now().Before(deadline) {
		requeued, err := k.Sweep(context.Background())
		require.NoError(t, err)
		require.Empty(t, requeued, "a live run's lease never expires")
		time.Sleep(k.TTL() / 3)
	}
	close(release)
	r.waitJobState(t, id, "completed")
	require.Equal(t, 1, r.scalar(t, `SELECT count(*) FROM results`))
}

// TestLateResultIsDropped: a run whose lease expired and was handed on — a paused process, a late
// rescue — finds its lease gone when it finally stores: nothing is stored, and the job's current
// run stores the one result.
func TestLateResultIsDropped(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	// No heartbeat during the test: the run is "paused" while the lease runs out.
	k := r.keeper(lease.Config{Heartbeat: time.Hour, SweepEvery: time.Hour})
	release := make(chan struct{})
	var first atomic.Bool
	var storeErr atomic.Value
	running := make(chan int64, 2)
	c := r.client(t, k, func(ctx context.Context, job *river.Job[genArgs]) error {
		if first.CompareAndSwap(false, true) {
			running <- job.ID
			<-release
			err := store(ctx, r.db, job.ID, "zombie")
			storeErr.Store(err)
			return err
		}
		running <- job.ID
		return store(ctx, r.db, job.ID, "survivor")
	})
	start(t, c)
	res, err := c.Insert(context.Background(), genArgs{PieceID: 3}, nil)
	require.NoError(t, err)
	<-running
	require.Eventually(t, func() bool {
		requeued, err := k.Sweep(context.Background())
		require.NoError(t, err)
		return len(requeued) == 1
	}, 10*time.Second, 20*time.Millisecond, "the lease expires and the job is handed back")
	<-running // the second run
	require.Eventually(t, func() bool {
		return r.scalar(t, `SELECT count(*) FROM results WHERE run = 'survivor'`) == 1
	}, 10*time.Second, 10*time.Millisecond)
	close(release)
	require.Eventually(t, func() bool { return storeErr.Load() != nil }, 10*time.Second, 10*time.Millisecond)
	require.ErrorIs(t, storeErr.Load().(error), lease.ErrFenced)
	require.Zero(t, r.scalar(t, `SELECT count(*) FROM results WHERE run = 'zombie'`))
	require.Equal(t, 1, r.scalar(t, `SELECT count(*) FROM results WHERE job_id = $1`, res.Job.ID))
}

// TestLiveLeaseMakesASecondRunWait: a second run of a job whose lease is live (River rescued a
// run that is still going) does not run the job; it waits.
func TestLiveLeaseMakesASecondRunWait(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	k := r.keeper(lease.Config{TTL: time.Hour})
	c, runs := r.countingClient(t, k, func(context.Context, *river.Job[genArgs]) error { return nil })
	res, err := c.Insert(context.Background(), genArgs{PieceID: 4}, nil)
	require.NoError(t, err)
	_, err = r.db.Pool.Exec(context.Background(), `INSERT INTO generation_leases (job_id, kind, holder, expires_at)
		VALUES ($1, $2, 'other-replica', now() + interval '1 hour')`, res.Job.ID, genArgs{}.Kind())
	require.NoError(t, err)
	start(t, c)
	r.waitJobState(t, res.Job.ID, "scheduled")
	require.Zero(t, runs.Load())
	require.Equal(t, 1, r.scalar(t, `SELECT count(*) FROM generation_leases WHERE holder = 'other-replica'`))
}

// TestStopHandsTheJobBackAtOnce: a replica stopping mid-run cancels the run, gives its lease back
// and makes the job available again at once, the attempt not counted; jobs of other kinds run
// without a lease.
func TestStopHandsTheJobBackAtOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	k := r.keeper(lease.Config{})
	running := make(chan int64, 1)
	c := r.client(t, k, func(ctx context.Context, job *river.Job[genArgs]) error {
		running <- job.ID
		<-ctx.Done()
		return ctx.Err()
	})
	require.NoError(t, c.Start(context.Background()))
	other, err := c.Insert(context.Background(), otherArgs{}, nil)
	require.NoError(t, err)
	_, err = c.Insert(context.Background(), genArgs{PieceID: 5}, nil)
	require.NoError(t, err)
	id := <-running
	r.waitJobState(t, other.Job.ID, "completed")
	require.Equal(t, 1, r.scalar(t, `SELECT count(*) FROM generation_leases WHERE job_id = $1`, id))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, c.StopAndCancel(ctx))
	state, attempt := r.jobState(t, id)
	require.Equal(t, "available", state)
	require.Equal(t, 0, attempt)
	require.Zero(t, r.scalar(t, `SELECT count(*) FROM generation_leases`))
}
