// Package engine is the production engine: channel bindings, daily caps, source signals and pieces
// moving through their lifecycle — outline, human approval gate, draft, publish — with generation
// done by River jobs enqueued in the same transaction as each state change. The lifecycle is one
// table (lifecycle.go), drawn in ARCHITECTURE.md at the repository root.
//
// It is Slack-agnostic: it speaks in pieces, versions and decisions, and tells the adapter that a
// piece changed through the Notifier interface. Every state transition is one conditional UPDATE
// (applyTx), so repeated clicks, second approvers and re-run jobs are no-ops answered with a
// *StaleError.
package engine

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/llm"
)

// Notifier is the boundary to the chat adapter: it is told that a piece changed and reads what it
// needs with PieceView. It must be idempotent; a change may be reported more than once. The engine
// calls it after every committed change — a job's result (outline, draft, revision, failure) and
// each person's action (approve, reject, edit, revise, retry, publish) — and when a job starts on
// a requested piece. A notifier that also implements Reminder is asked to remind approvers.
type Notifier interface {
	PieceChanged(ctx context.Context, pieceID int64) error
}

// Defaults for Deps fields left zero.
const (
	DefaultDailyCap           = 3
	MaxDailyCap               = 100
	DefaultOutlineMaxAttempts = 5
	// OutlineJobTimeout bounds one outline attempt, including the LLM client's own retries.
	OutlineJobTimeout = 3 * time.Minute
)

// Deps is what the engine needs. Pool and LLM are required.
type Deps struct {
	Pool            *pgxpool.Pool
	LLM             *llm.Client
	Logger          *slog.Logger // nil discards
	DefaultCap      int          // daily cap for channels bound without one; 0 means DefaultDailyCap
	DefaultTimezone string       // for clients without a valid time zone; empty means UTC
	Registerer      prometheus.Registerer

	// Now is the clock (tests set it to cross midnight); nil means time.Now.
	Now func() time.Time
	// OutlineMaxAttempts bounds the attempts of every generation job (outline, draft, revision);
	// 0 means DefaultOutlineMaxAttempts.
	OutlineMaxAttempts int
	// RetryBackoff is the wait before attempt n+1 after attempt n failed; nil means retryBackoff.
	RetryBackoff func(attempt int) time.Duration
	// ReminderAfter is how long a piece waits for an approver before a reminder (and the length of
	// each reminder window); 0 means DefaultReminderAfter.
	ReminderAfter time.Duration
	// Sources reads each piece's source link in the outline job; nil leaves sources unread and
	// pieces unchecked for claims.
	Sources SourceReader
	// GiveUpAfter is how long a generation keeps retrying after its first failed attempt before
	// the piece is marked failed; 0 means DefaultGiveUpAfter.
	GiveUpAfter time.Duration
	// Jobs queues, retries and cancels the generation jobs; an insert-only River client
	// (NewJobClient) will do, as the client that works them needs the engine's workers. Nil
	// refuses every change that queues a job.
	Jobs Jobs
	// Notifier is told about every piece change (the chat adapter); nil tells no one.
	Notifier Notifier
	// Files reads files attached to a request (the chat adapter); nil notes every attached
	// file as unreadable.
	Files FileReader
}

// Engine runs the production engine. Create it with New, then register its workers with the
// River client that works its jobs.
type Engine struct {
	pool            *pgxpool.Pool
	log             *slog.Logger
	defaultCap      int
	defaultTZ       *time.Location
	now             func() time.Time
	outlineAttempts int
	backoff         func(attempt int) time.Duration
	reminderAfter   time.Duration
	giveUpAfter     time.Duration
	metrics         *metrics
	gen             *generate.Generator
	reader          SourceReader
	files           FileReader
	// waits holds the retry wait jobFailed chose for a job until River asks for it (NextRetry).
	waits sync.Map

	jobs     Jobs
	notifier Notifier
}

// New builds an engine from its dependencies.
func New(d Deps) *Engine {
	e := &Engine{
		pool:            d.Pool,
		log:             d.Logger,
		defaultCap:      d.DefaultCap,
		now:             d.Now,
		outlineAttempts: d.OutlineMaxAttempts,
		backoff:         d.RetryBackoff,
		reminderAfter:   d.ReminderAfter,
		giveUpAfter:     d.GiveUpAfter,
		metrics:         newMetrics(d.Registerer),
		reader:          d.Sources,
		files:           d.Files,
		jobs:            d.Jobs,
		notifier:        d.Notifier,
	}
	if e.notifier == nil {
		e.notifier = nopNotifier{}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.gen = generate.New(d.LLM, e.log, true)
	if e.defaultCap <= 0 {
		e.defaultCap = DefaultDailyCap
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.outlineAttempts <= 0 {
		e.outlineAttempts = DefaultOutlineMaxAttempts
	}
	if e.backoff == nil {
		e.backoff = retryBackoff
	}
	if e.reminderAfter <= 0 {
		e.reminderAfter = DefaultReminderAfter
	}
	if e.giveUpAfter <= 0 {
		e.giveUpAfter = DefaultGiveUpAfter
	}
	e.defaultTZ = time.UTC
	if loc, err := time.LoadLocation(d.DefaultTimezone); err == nil && d.DefaultTimezone != "" {
		e.defaultTZ = loc
	}
	return e
}

// notify tells the adapter a piece changed. A failure is logged and returned, never fatal to the
// state change that already committed.
func (e *Engine) notify(ctx context.Context, pieceID int64) error {
	err := e.notifier.PieceChanged(ctx, pieceID)
	if err != nil {
		e.log.WarnContext(ctx, "notify piece changed", "piece_id", pieceID, "error", err)
	}
	return err
}

type nopNotifier struct{}

func (nopNotifier) PieceChanged(context.Context, int64) error { return nil }

// retryBackoff waits 10 s, 20 s, 30 s, 40 s … between attempts: five attempts fit in the default
// give-up time of two minutes, and an outline someone is waiting for never sits behind River's
// day-scale default backoff.
func retryBackoff(attempt int) time.Duration {
	return min(time.Duration(attempt)*10*time.Second, 5*time.Minute)
}
