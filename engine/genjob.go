package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/lease"
)

// genWorker is the one River worker of the generation jobs (outline, draft, revise): each bounds
// an attempt by its own timeout, retries on the engine's schedule rather than River's day-scale
// default backoff (someone is waiting), and runs one attempt of its job.
type genWorker[A river.JobArgs] struct {
	river.WorkerDefaults[A]
	e       *Engine
	timeout time.Duration
	run     func(ctx context.Context, args A, at jobAttempt) error
}

// Timeout bounds one attempt; River's one-minute default is shorter than a slow model.
func (w *genWorker[A]) Timeout(*river.Job[A]) time.Duration { return w.timeout }

// NextRetry is after the wait the failed attempt showed the person (see jobFailed).
func (w *genWorker[A]) NextRetry(job *river.Job[A]) time.Time {
	return w.e.retryAt(job.ID, job.Attempt)
}

func (w *genWorker[A]) Work(ctx context.Context, job *river.Job[A]) error {
	return w.run(ctx, job.Args, attemptOf(job.JobRow))
}

// enqueueTx queues a generation job in the caller's transaction, with the engine's attempts; what
// names the job and its piece in the error.
func (e *Engine) enqueueTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, what string) error {
	if e.jobs == nil {
		return errors.New("engine: no job client (Deps.Jobs)")
	}
	if _, err := e.jobs.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: e.outlineAttempts}); err != nil {
		return fmt.Errorf("engine: enqueue %s: %w", what, err)
	}
	return nil
}

// timeStep observes how long one attempt of a generation step took, from start.
func (e *Engine) timeStep(step string, start time.Time) {
	e.metrics.stepTime.WithLabelValues(step).Observe(time.Since(start).Seconds())
}

// runStep is one attempt of the outline or draft job, timed: write runs once jobPiece finds the
// piece still waiting for the step, and is given it and the time the attempt started.
func (e *Engine) runStep(ctx context.Context, s jobStep, pieceID int64, at jobAttempt,
	write func(p Piece, start time.Time) error) error {
	start := time.Now()
	defer e.timeStep(s.name, start)
	p, done, err := e.jobPiece(ctx, s, pieceID, at)
	if done {
		return err
	}
	return write(p, start)
}

// jobPiece loads the piece an outline or draft job is for. done says the attempt ends with err:
// the piece is gone (the job is cancelled), could not be read (a failed attempt), or no longer
// waits in s.from — River delivers at least once — so the adapter is only told again.
func (e *Engine) jobPiece(ctx context.Context, s jobStep, pieceID int64, at jobAttempt) (p Piece, done bool, err error) {
	p, err = getPiece(ctx, e.pool, pieceID)
	switch {
	case errors.Is(err, database.ErrNotFound):
		return p, true, river.JobCancel(err)
	case err != nil:
		return p, true, e.stepFailed(ctx, s, Piece{ID: pieceID}, at, nil, err)
	case p.State != s.from:
		e.metrics.steps.WithLabelValues(s.name, "skipped").Inc()
		return p, true, e.notify(ctx, pieceID)
	}
	return p, false, nil
}

// jobFailure is what a failed attempt of one generation job touches.
type jobFailure struct {
	name  string // outline, draft or revise: for the log and the metrics
	err   error  // the cause, wrapped with the job and the piece
	state State  // the state the piece waits in while the job runs
	busy  string // what the piece is busy with meanwhile ("" for none)
	// giveUpTx records that the job gave up, in the transaction that records its model calls.
	giveUpTx func(ctx context.Context, tx pgx.Tx, t Trouble) error
}

// jobFailed is the one failure path of the generation jobs. While the generation may still
// succeed, the piece shows what went wrong and when it tries again (Piece.Trouble, with Retry now
// and Cancel), and River retries after that wait. When it gives up — a cause retrying cannot fix,
// the attempts used up, or the give-up time reached — f.giveUpTx records it and the job ends.
// p is the piece as the attempt began.
func (e *Engine) jobFailed(ctx context.Context, f jobFailure, p Piece, at jobAttempt, calls []generate.Call,
	cause error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		// The process is stopping: run again after the restart without using up an attempt.
		return river.JobSnooze(time.Second)
	}
	if lostLease(ctx, cause) {
		return cause // another run has the job now; this one records nothing
	}
	// The job's context may be the one that expired; the bookkeeping still has to happen.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	t, wait, giveUp := e.troubleAfter(p, at, cause)
	e.log.WarnContext(ctx, f.name+" attempt failed", "piece_id", p.ID, "attempt", at.n, "cause", t.Cause,
		"give_up", giveUp, "error", cause)
	txErr := database.Transact(bg, e.pool, func(tx pgx.Tx) error {
		if err := recordLeasedCallsTx(bg, tx, p.ID, calls); err != nil {
			return err
		}
		if !giveUp {
			return setTroubleTx(bg, tx, p.ID, f.state, f.busy, t)
		}
		return f.giveUpTx(bg, tx, t)
	})
	return e.afterFailure(bg, f, p.ID, at, wait, giveUp, txErr)
}

// afterFailure ends a failed attempt once it is recorded: River retries after wait, or the job
// ends when it gave up.
func (e *Engine) afterFailure(ctx context.Context, f jobFailure, pieceID int64, at jobAttempt, wait time.Duration,
	giveUp bool, txErr error) error {
	if errors.Is(txErr, lease.ErrLost) {
		return txErr
	}
	if txErr != nil {
		return fmt.Errorf("%w (and recording it: %v)", f.err, txErr)
	}
	_ = e.notify(ctx, pieceID)
	if !giveUp {
		e.metrics.steps.WithLabelValues(f.name, "retry").Inc()
		e.waits.Store(at.jobID, wait)
		return f.err
	}
	e.metrics.steps.WithLabelValues(f.name, "failed").Inc()
	return river.JobCancel(f.err)
}

// jobAttempt is one run of a generation job: River's job id, the attempt number and how many
// attempts the job has.
type jobAttempt struct {
	jobID  int64
	n, max int
}

func attemptOf(j *rivertype.JobRow) jobAttempt {
	return jobAttempt{jobID: j.ID, n: j.Attempt, max: j.MaxAttempts}
}

// retryAt is when River runs a failed generation again: after the wait jobFailed decided on and
// showed the person, or the job backoff when it decided none (a failure outside jobFailed).
func (e *Engine) retryAt(jobID int64, attempt int) time.Time {
	if d, ok := e.waits.LoadAndDelete(jobID); ok {
		return time.Now().Add(d.(time.Duration))
	}
	return time.Now().Add(e.backoff(attempt))
}

// withBudget bounds a generation already in trouble by what is left of its give-up time, so a
// slow endpoint cannot hold the piece past it.
func (e *Engine) withBudget(ctx context.Context, p Piece) (context.Context, context.CancelFunc) {
	if left := e.attemptBudget(p); left > 0 {
		return context.WithTimeout(ctx, left)
	}
	return ctx, func() {}
}

// troubleAfter classifies a failed attempt of p's generation and decides what comes next.
func (e *Engine) troubleAfter(p Piece, at jobAttempt, cause error) (t Trouble, wait time.Duration, giveUp bool) {
	now := e.now()
	t = TroubleOf(cause, e.gen.Model(), e.gen.Timeout())
	t.Attempt, t.MaxAttempts, t.JobID, t.Since = at.n, at.max, at.jobID, now
	if p.Trouble != nil && !p.Trouble.Since.IsZero() {
		t.Since = p.Trouble.Since
	}
	wait, giveUp = e.nextTry(t, now)
	t.Wait = wait
	return t, wait, giveUp
}

// setTroubleTx shows what went wrong on a piece still waiting in state (and busy with busy) for
// the generation that failed.
func setTroubleTx(ctx context.Context, tx pgx.Tx, pieceID int64, state State, busy string, t Trouble) error {
	raw, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("engine: encode trouble: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE pieces SET trouble = $4, updated_at = now()
		WHERE id = $1 AND state = $2 AND busy = $3`, pieceID, string(state), busy, raw); err != nil {
		return fmt.Errorf("engine: record trouble of piece %d: %w", pieceID, err)
	}
	return nil
}

// lostLease says the run lost its lease (the cause, or why its context ended): its job belongs
// to another run, and nothing of this one may be recorded.
func lostLease(ctx context.Context, cause error) bool {
	return errors.Is(cause, lease.ErrLost) || errors.Is(context.Cause(ctx), lease.ErrLost)
}

// generationInput is what a generation of a stored piece reads: its client's current OS for the
// piece's platform, the piece as a request and its source.
type generationInput struct {
	os  generate.OS
	req generate.Request
	src generate.Source
}

func (e *Engine) loadGeneration(ctx context.Context, p Piece) (generationInput, error) {
	cos, _, err := currentOS(ctx, e.pool, p.ClientID)
	if err != nil {
		return generationInput{}, err
	}
	src, err := getSource(ctx, e.pool, p.SourceSignalID)
	if err != nil {
		return generationInput{}, err
	}
	return generationInput{os: ForGeneration(cos, p.Platform), req: generationRequest(p), src: src.ForGeneration()}, nil
}

// recordLeasedCallsTx records a run's model calls in tx once lease.FenceTx has checked that the
// run still holds its job's lease: a run that lost it records and stores nothing.
func recordLeasedCallsTx(ctx context.Context, tx pgx.Tx, pieceID int64, calls []generate.Call) error {
	if err := lease.FenceTx(ctx, tx); err != nil {
		return err
	}
	return recordCalls(ctx, tx, pieceID, calls)
}

// saveGenerated makes a generation job's write move m and stores what it wrote (storeTx), in one
// transaction with the model calls. A piece that moved on meanwhile (a duplicate run) gets only
// the calls recorded.
func (e *Engine) saveGenerated(ctx context.Context, pieceID int64, m Move, calls []generate.Call,
	storeTx func(pgx.Tx) error) error {
	return database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := recordLeasedCallsTx(ctx, tx, pieceID, calls); err != nil {
			return err
		}
		_, err := e.applyTx(ctx, tx, pieceID, m, moveInput{})
		var stale *StaleError
		if errors.As(err, &stale) {
			e.log.InfoContext(ctx, m.Phase+" not stored: piece moved on", "piece_id", pieceID, "state", stale.State)
			return nil
		}
		if err != nil {
			return err
		}
		return storeTx(tx)
	})
}

func recordCalls(ctx context.Context, db database.DBTX, pieceID int64, calls []generate.Call) error {
	for _, c := range calls {
		if err := recordLLMCall(ctx, db, pieceID, c.Purpose, c.Response, c.Err); err != nil {
			return err
		}
	}
	return nil
}

// jobStep names a generation step for its failure path.
type jobStep struct {
	name    string        // outline | draft
	from    State         // the state the piece waits in while the step runs
	timeout time.Duration // one attempt's bound, for the reason people read
}

var (
	outlineStep = jobStep{name: PhaseOutline, from: writeOutline.From, timeout: OutlineJobTimeout}
	draftStep   = jobStep{name: PhaseDraft, from: writeDraft.From, timeout: DraftJobTimeout}
)

// stepFailed handles a failed attempt of an outline or draft job (see jobFailed): when it gives
// up, the piece is marked failed with why (a Failure), and Retry resumes at s.from. p is
// the piece as the attempt began.
func (e *Engine) stepFailed(ctx context.Context, s jobStep, p Piece, at jobAttempt, calls []generate.Call, cause error) error {
	return e.jobFailed(ctx, jobFailure{
		name:  s.name,
		err:   fmt.Errorf("engine: %s for piece %d: %w", s.name, p.ID, cause),
		state: s.from,
		giveUpTx: func(ctx context.Context, tx pgx.Tx, t Trouble) error {
			_, err := e.failTx(ctx, tx, p.ID, s.from, e.failureAfter(t))
			var stale *StaleError
			if errors.As(err, &stale) {
				return nil
			}
			return err
		},
	}, p, at, calls, cause)
}
