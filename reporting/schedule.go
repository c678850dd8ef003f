package reporting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/mos-hq/mos/clientos"
)

// TickSchedule is how often the leader checks whose report is due. Ticks are cheap (one query per
// client), and a report posts at most this long after its scheduled minute.
const TickSchedule = "*/5 * * * *"

// ReportJobTimeout bounds one report job: building, a few model calls, storing and posting. It is
// below River's stuck-job rescue (JobTimeout + 10 min in engine.NewRiverClient).
const ReportJobTimeout = 10 * time.Minute

// PeriodicOption adjusts PeriodicJobs.
type PeriodicOption func(*periodicConfig)

type periodicConfig struct {
	tick river.PeriodicSchedule
}

// WithTick replaces the TickSchedule, e.g. river.PeriodicInterval(time.Second) in tests.
func WithTick(s river.PeriodicSchedule) PeriodicOption {
	return func(c *periodicConfig) { c.tick = s }
}

// PeriodicJobs is the reporting tick, to be given to every River client (only the elected leader
// enqueues it; a replica without it would silently skip it when elected). It runs every five
// minutes and at start, and enqueues a report job for each client whose schedule has fired in the
// current ISO week of its time zone and whose report for the previous week does not exist yet: a
// restart or a missed tick catches up later that week. defaultSchedule (MOS_REPORT_SCHEDULE) applies
// to clients without clients.report_schedule; "" means the Reporter's default.
func PeriodicJobs(defaultSchedule string, opts ...PeriodicOption) []*river.PeriodicJob {
	cfg := periodicConfig{}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.tick == nil {
		s, err := cron.ParseStandard("CRON_TZ=UTC " + TickSchedule)
		if err != nil {
			panic("reporting: TickSchedule: " + err.Error()) // a constant: caught by every test run
		}
		cfg.tick = s
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(cfg.tick,
		func() (river.JobArgs, *river.InsertOpts) { return tickArgs{DefaultSchedule: defaultSchedule}, nil },
		&river.PeriodicJobOpts{ID: "reporting_tick", RunOnStart: true})}
}

// RegisterWorkers adds the reporting jobs' workers to the bundle the River client is built with.
func RegisterWorkers(workers *river.Workers, r *Reporter) {
	river.AddWorker(workers, &tickWorker{r: r})
	river.AddWorker(workers, &reportWorker{r: r})
	river.AddWorker(workers, &nowWorker{r: r})
}

// GenerationKinds are the job kinds whose runs call the model (a report's wording): each run holds
// a lease (package lease), so a crashed run resumes elsewhere within a minute.
func GenerationKinds() []string { return []string{reportArgs{}.Kind(), nowArgs{}.Kind()} }

// tickArgs is the periodic check for due reports.
type tickArgs struct {
	DefaultSchedule string `json:"default_schedule"`
}

func (tickArgs) Kind() string { return "reporting_tick" }

func (tickArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 2} }

// reportArgs asks for one client's report of one ISO week. Unique by (client, week) among jobs; the
// reports (client_id, week_key) row guards the side effect beyond River's retention.
type reportArgs struct {
	ClientID int64  `json:"client_id" river:"unique"`
	WeekKey  string `json:"week_key" river:"unique"`
}

func (reportArgs) Kind() string { return "reporting_weekly" }

func (reportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	r *Reporter
}

func (w *tickWorker) Work(ctx context.Context, job *river.Job[tickArgs]) error {
	due, err := w.r.dueReports(ctx, job.Args.DefaultSchedule, w.r.now())
	if err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	rc, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("reporting: tick: %w", err)
	}
	for _, a := range due {
		if _, err := rc.Insert(ctx, a, nil); err != nil {
			return fmt.Errorf("reporting: enqueue report %s for client %d: %w", a.WeekKey, a.ClientID, err)
		}
	}
	return nil
}

type reportWorker struct {
	river.WorkerDefaults[reportArgs]
	r *Reporter
}

func (w *reportWorker) Timeout(*river.Job[reportArgs]) time.Duration { return ReportJobTimeout }

func (w *reportWorker) Work(ctx context.Context, job *river.Job[reportArgs]) error {
	week, err := ParseWeek(job.Args.WeekKey)
	if err != nil {
		return river.JobCancel(err)
	}
	_, err = w.r.RunWeek(ctx, job.Args.ClientID, week)
	return err
}

// dueReports lists the scheduled reports due at now whose row does not exist yet, for clients with
// a report channel (a report no one can read is not made; `mos report` still prints it).
func (r *Reporter) dueReports(ctx context.Context, defaultSchedule string, now time.Time) ([]reportArgs, error) {
	if defaultSchedule == "" {
		defaultSchedule = r.defaultSchedule
	}
	clients, err := clientos.Clients(ctx, r.pool)
	if err != nil {
		return nil, err
	}
	var due []reportArgs
	for _, c := range clients {
		if c.ReportChannelID == "" {
			continue // nowhere to post it: the first run after a channel is chosen catches up
		}
		week, ok := r.dueWeek(ctx, c, defaultSchedule, now)
		if !ok {
			continue
		}
		id, err := existingReport(ctx, r.pool, c.ID, week.Key())
		if err != nil {
			return nil, err
		}
		if id == 0 {
			due = append(due, reportArgs{ClientID: c.ID, WeekKey: week.Key()})
		}
	}
	return due, nil
}

// dueWeek says whether the client's schedule has fired in the current ISO week (its time zone) at
// or before now; the report then due covers the previous, complete week.
func (r *Reporter) dueWeek(ctx context.Context, c clientos.Client, defaultSchedule string, now time.Time) (Week, bool) {
	loc := ClientLocation(c)
	expr := c.ReportSchedule
	if expr == "" {
		expr = defaultSchedule
	}
	sched, err := ParseSchedule(expr, loc)
	if err != nil {
		r.log.WarnContext(ctx, "client report schedule is invalid; using the default", "client_id", c.ID,
			"schedule", expr, "error", err)
		if sched, err = ParseSchedule(defaultSchedule, loc); err != nil {
			return Week{}, false
		}
	}
	cur := WeekOf(now, loc)
	if fire := sched.Next(cur.Start(loc).Add(-time.Second)); fire.After(now) {
		return Week{}, false
	}
	return cur.Prev(), true
}

// ParseSchedule reads a cron expression (five fields, or @weekly and friends) in loc, unless it
// names its own zone with CRON_TZ= or TZ=.
func ParseSchedule(expr string, loc *time.Location) (cron.Schedule, error) {
	expr = strings.TrimSpace(expr)
	if !strings.HasPrefix(expr, "CRON_TZ=") && !strings.HasPrefix(expr, "TZ=") && loc != nil {
		expr = "CRON_TZ=" + loc.String() + " " + expr
	}
	s, err := cron.ParseStandard(expr)
	if err != nil {
		return nil, fmt.Errorf("%q is not a cron schedule such as \"0 9 * * MON\": %w", expr, err)
	}
	return s, nil
}
