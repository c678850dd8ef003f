package reporting

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/lease"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/rules"
)

// Publisher posts a stored report (its thread, chart and proposal messages) where the client reads
// it. The Slack adapter implements it. It may be called more than once for one report (a retried
// job, a restart) and must post only once, e.g. by setting reports.message_ts conditionally.
type Publisher interface {
	PublishReport(ctx context.Context, reportID int64) error
}

// DefaultSchedule is when weekly reports run when neither MOS_REPORT_SCHEDULE nor the client says.
const DefaultSchedule = "0 9 * * MON"

// Deps is what the Reporter needs. Pool is required; LLM may be nil (prose proposals are then
// listed as not made).
type Deps struct {
	Pool   *pgxpool.Pool
	LLM    *llm.Client
	Logger *slog.Logger // nil discards
	// DefaultSchedule is the cron expression for clients without clients.report_schedule
	// (MOS_REPORT_SCHEDULE); empty means DefaultSchedule.
	DefaultSchedule string
	// Now is the clock; nil means time.Now. Tests move it to a client's Monday morning.
	Now func() time.Time
	// Jobs queues the on-demand reports (EnqueueNow); an insert-only River client will do, as
	// the client that works them needs the Reporter's workers. Nil refuses EnqueueNow.
	Jobs Jobs
	// Publisher posts stored reports (the chat adapter); nil stores reports without posting them.
	Publisher Publisher
}

// Jobs is what the Reporter asks of River outside its workers: queue a job. A *river.Client does
// it, whether it works jobs or only inserts them.
type Jobs interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Reporter builds, stores and publishes weekly reports, on schedule and on demand.
type Reporter struct {
	pool            *pgxpool.Pool
	llm             *llm.Client
	log             *slog.Logger
	defaultSchedule string
	now             func() time.Time
	jobs            Jobs
	publisher       Publisher
}

// New builds a Reporter from its dependencies.
func New(d Deps) *Reporter {
	r := &Reporter{pool: d.Pool, llm: d.LLM, log: d.Logger, defaultSchedule: d.DefaultSchedule, now: d.Now,
		jobs: d.Jobs, publisher: d.Publisher}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.defaultSchedule == "" {
		r.defaultSchedule = DefaultSchedule
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r
}

// publish hands a stored report to the Publisher; without one the report stays stored, unposted.
func (r *Reporter) publish(ctx context.Context, reportID int64) error {
	p := r.publisher
	if p == nil {
		r.log.InfoContext(ctx, "report stored; no publisher set", "report_id", reportID)
		return nil
	}
	if err := p.PublishReport(ctx, reportID); err != nil {
		return fmt.Errorf("reporting: publish report %d: %w", reportID, err)
	}
	return nil
}

// RunWeek makes the scheduled report of week for a client, keyed by the week ("2026-W48"), and
// publishes it. It is idempotent: if the report exists it is published again (the Publisher posts
// once) and not rebuilt, so exactly one report exists per client per week.
func (r *Reporter) RunWeek(ctx context.Context, clientID int64, week Week) (int64, error) {
	id, err := existingReport(ctx, r.pool, clientID, week.Key())
	if err != nil {
		return 0, err
	}
	if id == 0 {
		if id, err = r.generate(ctx, clientID, week, week.Key()); err != nil {
			return 0, err
		}
	}
	return id, r.publish(ctx, id)
}

// RunNow makes a fresh report of the current week (week to date, in the client's time zone) on
// demand, even if the scheduled one exists, stores it under the key "<week>-now-<n>"
// (2026-W48-now-1, -now-2, …) so it never takes the scheduled report's place, and publishes it.
func (r *Reporter) RunNow(ctx context.Context, clientID int64) (int64, error) {
	c, err := clientos.ClientByID(ctx, r.pool, clientID)
	if err != nil {
		return 0, err
	}
	week := WeekOf(r.now(), ClientLocation(c))
	id, err := r.generate(ctx, clientID, week, "")
	if err != nil {
		return 0, err
	}
	return id, r.publish(ctx, id)
}

// generate builds the report, has the model word its prose proposals, and stores the report and its
// proposals in one transaction. key "" means an on-demand key. If another replica stored the same
// scheduled report first, its id is returned and nothing more is stored.
func (r *Reporter) generate(ctx context.Context, clientID int64, week Week, key string) (int64, error) {
	rep, err := Build(ctx, r.pool, clientID, week, r.now())
	if err != nil {
		return 0, err
	}
	if err := r.draftAll(ctx, clientID, &rep); err != nil {
		return 0, err
	}
	var id int64
	err = database.Transact(ctx, r.pool, func(tx pgx.Tx) error {
		if err := lease.FenceTx(ctx, tx); err != nil {
			return err // this run lost its lease: the run that holds it stores the report
		}
		var err error
		id, err = storeReportTx(ctx, tx, &rep, key)
		return err
	})
	if err != nil {
		return 0, err
	}
	r.log.InfoContext(ctx, "report stored", "report_id", id, "client_id", clientID, "week_key", rep.Key,
		"proposals", len(rep.Proposals), "empty", rep.Empty)
	return id, nil
}

// draftAll words the prose proposals. A change the model cannot word, even asked twice, becomes an
// Unworded finding the report shows with its evidence, rather than holding up the report; a
// voice-drift proposal keeps its substitutions, which need no model.
func (r *Reporter) draftAll(ctx context.Context, clientID int64, rep *Report) error {
	if !slices.ContainsFunc(rep.Proposals, func(p Proposal) bool { return p.NeedsDraft }) {
		return nil
	}
	snap, err := clientos.Current(ctx, r.pool, clientID)
	if err != nil {
		return err
	}
	kept := rep.Proposals[:0]
	for _, p := range rep.Proposals {
		if !p.NeedsDraft {
			kept = append(kept, p)
			continue
		}
		base := snap.Docs[p.Document].Content
		derr := r.draft(ctx, r.pool, snap, &p)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if derr == nil {
			kept = append(kept, p)
			continue
		}
		r.log.InfoContext(ctx, "proposal not worded; the report shows the finding", "client_id", clientID,
			"rule", p.Rule, "error", derr)
		rep.Unworded = append(rep.Unworded, rules.UnwordedFinding(p.Change, derr))
		if c, ok := rules.Remainder(p.Change, base); ok {
			p.Change = c
			kept = append(kept, p)
		}
	}
	rep.Proposals = kept
	rep.Headline = headline(*rep)
	return nil
}

// ReportByID loads a stored report and its proposals as they are now (states included).
func (r *Reporter) ReportByID(ctx context.Context, id int64) (Report, []Proposal, error) {
	return loadReport(ctx, r.pool, id)
}
