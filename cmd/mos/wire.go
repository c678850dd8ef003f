package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/inbox"
	"github.com/mos-hq/mos/lease"
	"github.com/mos-hq/mos/reporting"
	"github.com/mos-hq/mos/source"
)

// app is one replica's long-lived parts, wired together.
type app struct {
	engine *engine.Engine
	river  *river.Client[pgx.Tx]
	leases *lease.Keeper
	bot    *bot.Bot
	grace  time.Duration
	log    *slog.Logger
}

// tuning holds knobs production leaves at their defaults and tests shorten (zero = default).
type tuning struct {
	llmBackoff      time.Duration
	outlineAttempts int
	jobBackoff      func(attempt int) time.Duration
	pingInterval    time.Duration
	shutdownGrace   time.Duration
	reminderEvery   time.Duration
	reportTick      time.Duration
	planTick        time.Duration // how often the week's plan and nudge are checked; 0 is engine.DefaultPlanTick
	// leaseHeartbeat, leaseTTL and leaseSweep shorten how fast a crashed generation is noticed.
	leaseHeartbeat time.Duration
	leaseTTL       time.Duration
	leaseSweep     time.Duration
	// inboxLease and inboxSweep shorten how fast an envelope a crashed replica acked is taken over.
	inboxLease time.Duration
	inboxSweep time.Duration
	// failpoint, when set, kills the replica's handling of an envelope at a phase (see bot.Config).
	failpoint func(phase, envelopeID string) bool
	// holder names the replica in its generation leases; "" is host:pid:random.
	holder string
	// now is the clock of the engine and reporting (caps, report weeks, schedules); nil is the wall clock.
	now func() time.Time
	// sourceTimeout bounds one read of a source link; 0 is source.DefaultTimeout.
	sourceTimeout time.Duration
}

// wire builds one replica from the top down. The engine and the reporter come first: they queue
// their jobs with an insert-only River client and tell the bot of changes through a botRelay,
// because both the River client that works their jobs (it needs their workers) and the bot (it
// calls them) are built from them afterwards.
func wire(c config.Config, pool, putPool *pgxpool.Pool, logger *slog.Logger, reg prometheus.Registerer,
	tune tuning) (*app, error) {
	llmClient := newLLM(c, logger, reg, tune)
	reader, err := newSourceReader(c, tune.sourceTimeout)
	if err != nil {
		return nil, err
	}
	jobs, err := engine.NewJobClient(pool, logger)
	if err != nil {
		return nil, err
	}
	botCfg := bot.Config{
		BotToken: c.SlackBotToken, AppToken: c.SlackAppToken, APIURL: c.SlackAPIURL,
		PingInterval: tune.pingInterval, Failpoint: tune.failpoint,
		Admins: c.Admins, StreamDrafts: c.StreamDrafts,
	}
	toBot := &botRelay{}
	eng := engine.New(engine.Deps{
		Pool: pool, LLM: llmClient, Logger: logger,
		DefaultCap: c.DailyCap, DefaultTimezone: c.Timezone, Registerer: reg,
		OutlineMaxAttempts: tune.outlineAttempts, RetryBackoff: tune.jobBackoff, ReminderAfter: c.ReminderAfter,
		Now: tune.now, Sources: reader, GiveUpAfter: c.GiveUpAfter,
		Jobs: jobs, Notifier: toBot, Files: bot.NewFiles(botCfg),
	})
	rep := reporting.New(reporting.Deps{Pool: pool, LLM: llmClient, Logger: logger, DefaultSchedule: c.ReportSchedule,
		Now: tune.now, Jobs: jobs, Publisher: toBot})
	if err := reg.Register(eng.HealthCollector(2 * time.Second)); err != nil {
		return nil, err
	}
	leases := lease.New(pool, lease.Config{
		Kinds:  append(engine.GenerationKinds(), reporting.GenerationKinds()...),
		Holder: tune.holder, Heartbeat: tune.leaseHeartbeat, TTL: tune.leaseTTL, SweepEvery: tune.leaseSweep,
		Logger: logger, Registerer: reg,
	})
	rc, err := newWorkingRiver(c, tune, pool, eng, rep, leases, logger)
	if err != nil {
		return nil, err
	}
	in := inbox.New(pool, inbox.Config{Holder: leases.Holder(), PutPool: putPool, Lease: tune.inboxLease,
		SweepEvery: tune.inboxSweep})
	toBot.bot = bot.New(botCfg, eng, rep, clientos.NewStore(pool), in, logger, reg)
	grace := shutdownGrace
	if tune.shutdownGrace > 0 {
		grace = tune.shutdownGrace
	}
	return &app{engine: eng, river: rc, leases: leases, bot: toBot.bot, grace: grace, log: logger}, nil
}

// newWorkingRiver is the River client that works the jobs of the engine and the reporter, with
// their periodic jobs and a lease on every generation; serve starts it (runJobs).
func newWorkingRiver(c config.Config, tune tuning, pool *pgxpool.Pool, eng *engine.Engine, rep *reporting.Reporter,
	leases *lease.Keeper, logger *slog.Logger) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	eng.RegisterWorkers(workers)
	reporting.RegisterWorkers(workers, rep)
	periodic := append(eng.PeriodicJobs(reminderEvery(c, tune)), reportingJobs(c, tune)...)
	periodic = append(periodic, eng.PlanJobs(tune.planTick)...)
	return engine.NewRiverClient(pool, workers, periodic, logger, leases)
}

// newSourceReader is the SSRF-safe reader of source links, with the hosts MOS_SOURCE_ALLOW_HOSTS
// allows; timeout 0 is source.DefaultTimeout.
func newSourceReader(c config.Config, timeout time.Duration) (*source.Fetcher, error) {
	allow, err := source.ParseAllowList(c.SourceAllowHosts)
	if err != nil {
		return nil, fmt.Errorf("MOS_SOURCE_ALLOW_HOSTS is malformed: %w", err)
	}
	return source.NewFetcher(source.FetcherConfig{Allow: allow, Timeout: timeout}), nil
}

// runJobs works River jobs until ctx ends, then stops at once: every running job is cancelled,
// and a generation gives its lease back and its job to the queue (lease.Keeper), so another
// replica takes it over within a second instead of after the lease expires.
func (a *app) runJobs(ctx context.Context) error {
	if !a.startJobs(ctx) {
		return nil // stopped while starting: a clean stop
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.grace*7/10)
	defer cancel()
	return a.river.StopAndCancel(sctx)
}

// startJobs starts River, trying again with backoff (up to 10 s apart) while the database cannot
// be reached — a database restarting as the replica starts must not take the replica down. It
// reports false when ctx ended first.
func (a *app) startJobs(ctx context.Context) bool {
	wait := 250 * time.Millisecond
	for {
		err := a.river.Start(ctx)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		a.log.Warn("job workers could not start; trying again", "error", err, "wait", wait)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		wait = min(wait*2, 10*time.Second)
	}
}

// healthHandler answers /healthz: 200 while the socket is connected and the database answers, 503
// otherwise. It also says how generation is doing across the replicas — the model's state and the
// queue — which never makes it 503: a provider's trouble is not this replica's.
func healthHandler(a *app, pool *pgxpool.Pool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status := map[string]any{"socket": "connected", "database": "ok"}
		code := http.StatusOK
		if !a.bot.Connected() {
			status["socket"], code = "disconnected", http.StatusServiceUnavailable
		}
		if err := pool.Ping(ctx); err != nil {
			status["database"], code = "unreachable", http.StatusServiceUnavailable
		} else if h, err := a.engine.Health(ctx); err == nil {
			status["model"] = h.Model
			if h.Problem != "" {
				status["model_problem"] = h.Problem
			}
			status["queue"] = map[string]int{"waiting": h.Queue.Waiting, "running": h.Queue.Running,
				"retrying": h.Queue.Retrying}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(status)
	})
}

// reminderEvery is how often the reminder job looks for waiting pieces: a quarter of the reminder
// interval, between one and fifteen minutes, so reminders are punctual without busy polling.
func reminderEvery(c config.Config, tune tuning) time.Duration {
	if tune.reminderEvery > 0 {
		return tune.reminderEvery
	}
	return min(max(c.ReminderAfter/4, time.Minute), 15*time.Minute)
}

func reportingJobs(c config.Config, tune tuning) []*river.PeriodicJob {
	if tune.reportTick > 0 {
		return reporting.PeriodicJobs(c.ReportSchedule, reporting.WithTick(river.PeriodicInterval(tune.reportTick)))
	}
	return reporting.PeriodicJobs(c.ReportSchedule)
}
