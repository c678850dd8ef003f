package engine

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// RegisterWorkers adds the engine's job workers to the bundle the River client is built with.
func (e *Engine) RegisterWorkers(workers *river.Workers) {
	river.AddWorker(workers, &genWorker[OutlineArgs]{e: e, timeout: OutlineJobTimeout,
		run: func(ctx context.Context, a OutlineArgs, at jobAttempt) error { return e.runOutline(ctx, a.PieceID, at) }})
	river.AddWorker(workers, &genWorker[DraftArgs]{e: e, timeout: DraftJobTimeout,
		run: func(ctx context.Context, a DraftArgs, at jobAttempt) error { return e.runDraft(ctx, a.PieceID, at) }})
	river.AddWorker(workers, &genWorker[ReviseArgs]{e: e, timeout: DraftJobTimeout, run: e.runRevise})
	river.AddWorker(workers, &periodicWorker[ReminderArgs]{run: e.runReminders})
	river.AddWorker(workers, &periodicWorker[PlanArgs]{run: e.runPlans})
}

// periodicWorker works a periodic job, whose arguments are empty: each run is one call of run.
type periodicWorker[A river.JobArgs] struct {
	river.WorkerDefaults[A]
	run func(ctx context.Context) error
}

func (w *periodicWorker[A]) Work(ctx context.Context, _ *river.Job[A]) error { return w.run(ctx) }

// periodicJob enqueues args every interval, with three attempts; its kind is its id, so River
// enqueues it once per interval however many replicas are given it.
func periodicJob(every time.Duration, args river.JobArgs) []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return args, &river.InsertOpts{MaxAttempts: 3} },
		&river.PeriodicJobOpts{ID: args.Kind()})}
}

// GenerationKinds are the River job kinds that call the model for a piece: each run holds a
// lease (package lease), so a crashed run resumes elsewhere within a minute.
func GenerationKinds() []string {
	return []string{OutlineArgs{}.Kind(), DraftArgs{}.Kind(), ReviseArgs{}.Kind()}
}

// Jobs is what the engine asks of River outside its workers: queue a generation job in the
// transaction of the change that needs it, make a job waiting to retry available now, cancel a
// piece's jobs in the caller's transaction. A *river.Client does all three, whether it works jobs
// or only inserts them (NewJobClient).
type Jobs interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobRetry(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobCancelTx(ctx context.Context, tx pgx.Tx, jobID int64) (*rivertype.JobRow, error)
}

// NewJobClient builds an insert-only River client (no queues, no workers): it queues, retries and
// cancels jobs and works none, and it starts nothing. It needs nothing but the pool, so it is built
// before the engine and the reporter, which take it as their Jobs; the client that works the jobs
// (NewRiverClient) is built after them, from their workers. A job it inserts wakes the working
// clients of every replica through Postgres' LISTEN/NOTIFY, as their own inserts would.
func NewJobClient(pool *pgxpool.Pool, logger *slog.Logger) (*river.Client[pgx.Tx], error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: logger})
}

// NewRiverClient builds the River client mos runs its jobs on (see riverConfig), with the given
// worker middleware (the lease keeper) around every job. Every replica must be given the same
// periodic jobs: only the elected leader enqueues them.
func NewRiverClient(pool *pgxpool.Pool, workers *river.Workers, periodic []*river.PeriodicJob,
	logger *slog.Logger, middleware ...rivertype.Middleware) (*river.Client[pgx.Tx], error) {
	cfg := riverConfig(workers, logger)
	cfg.PeriodicJobs = periodic
	cfg.Middleware = middleware
	return river.NewClient(riverpgxv5.New(pool), cfg)
}

// riverConfig works the default queue with up to 10 jobs per process. JobTimeout is a backstop
// for jobs without their own Timeout. A generation whose replica died is handed back by the lease
// sweeper within a minute; River's own rescue, well past every job timeout so a slow model call is
// never run twice while it is still going, stays as the last backstop.
func riverConfig(workers *river.Workers, logger *slog.Logger) *river.Config {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &river.Config{
		Logger:               logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers:              workers,
		JobTimeout:           OutlineJobTimeout,
		RescueStuckJobsAfter: max(OutlineJobTimeout, DraftJobTimeout) + 10*time.Minute,
	}
}
