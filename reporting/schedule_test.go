package reporting

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func (f *fixture) addClient(slug, tz, schedule string) clientos.Client {
	f.t.Helper()
	c, err := clientos.EnsureClient(f.ctx, f.db.Pool, slug, slug, tz)
	require.NoError(f.t, err)
	require.NoError(f.t, clientos.SetReportChannel(f.ctx, f.db.Pool, c.ID, "C-"+slug, "test"))
	if schedule != "" {
		_, err = f.db.Pool.Exec(f.ctx, `UPDATE clients SET report_schedule = $2 WHERE id = $1`, c.ID, schedule)
		require.NoError(f.t, err)
	}
	return c
}

func (f *fixture) due(at time.Time, clients ...clientos.Client) map[string]string {
	f.t.Helper()
	got, err := f.r.dueReports(f.ctx, "", at)
	require.NoError(f.t, err)
	out := map[string]string{}
	for _, a := range got {
		for _, c := range clients {
			if c.ID == a.ClientID {
				out[c.Slug] = a.WeekKey
			}
		}
	}
	return out
}

func TestScheduleFiresAtEachClientsLocalMonday0900(t *testing.T) {
	t.Parallel()
	f := setup(t)
	akl := f.addClient("auckland", "Pacific/Auckland", "")
	lax := f.addClient("los-angeles", "America/Los_Angeles", "")
	nyc := f.addClient("new-york", "America/New_York", "30 7 * * TUE") // its own schedule
	for _, c := range []clientos.Client{akl, lax, nyc} {
		_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO reports (client_id, week_key, channel_id) VALUES ($1, '2026-W08', '')`, c.ID)
		require.NoError(t, err)
	}
	all := []clientos.Client{akl, lax, nyc}
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }

	// Monday 2 March 09:00 in Auckland (NZDT, UTC+13) is Sunday 1 March 20:00 UTC.
	require.Empty(t, f.due(utc(1, 19, 59), all...))
	require.Equal(t, map[string]string{"auckland": "2026-W09"}, f.due(utc(1, 20, 1), all...))
	// Monday 09:00 in Los Angeles (PST, UTC-8) is 17:00 UTC.
	require.Equal(t, map[string]string{"auckland": "2026-W09"}, f.due(utc(2, 16, 59), all...))
	require.Equal(t, map[string]string{"auckland": "2026-W09", "los-angeles": "2026-W09"}, f.due(utc(2, 17, 1), all...))
	// New York's own schedule: Tuesday 07:30 EST is 12:30 UTC.
	require.NotContains(t, f.due(utc(3, 12, 29), all...), "new-york")
	require.Equal(t, "2026-W09", f.due(utc(3, 12, 31), all...)["new-york"])

	// Once the report exists it is no longer due; a missed tick is caught up later in the week.
	_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO reports (client_id, week_key, channel_id) VALUES ($1, '2026-W09', '')`, akl.ID)
	require.NoError(t, err)
	require.NotContains(t, f.due(utc(4, 0, 0), all...), "auckland")
	require.Equal(t, "2026-W09", f.due(utc(6, 23, 0), all...)["los-angeles"], "still due on Friday")
}

func TestParseScheduleUsesTheClientsZone(t *testing.T) {
	t.Parallel()
	akl, err := time.LoadLocation("Pacific/Auckland")
	require.NoError(t, err)
	s, err := ParseSchedule("0 9 * * MON", akl)
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC), s.Next(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)).UTC())
	_, err = ParseSchedule("every monday", akl)
	require.ErrorContains(t, err, "is not a cron schedule")
}

// countingPublisher records which reports were published.
type countingPublisher struct {
	mu    sync.Mutex
	calls []int64
}

func (p *countingPublisher) PublishReport(_ context.Context, id int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, id)
	return nil
}

func (p *countingPublisher) published() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Clone(p.calls)
	slices.Sort(out)
	return slices.Compact(out)
}

// replica is one process: its own pool, Reporter and River client, sharing the database and clock.
func startReplica(t *testing.T, f *fixture, pub Publisher) *river.Client[pgx.Tx] {
	t.Helper()
	pool, err := pgxpool.New(f.ctx, f.db.URL)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	r := New(Deps{Pool: pool, Logger: f.r.log, Now: f.clock.Now, Publisher: pub})
	workers := river.NewWorkers()
	RegisterWorkers(workers, r)
	rc, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:       f.r.log,
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 5}},
		Workers:      workers,
		PeriodicJobs: PeriodicJobs(DefaultSchedule, WithTick(river.PeriodicInterval(200*time.Millisecond))),
		TestOnly:     true,
	})
	require.NoError(t, err)
	require.NoError(t, rc.Start(f.ctx))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = rc.Stop(ctx)
	})
	return rc
}

func TestScheduledReportOncePerClientPerWeekAcrossReplicasAndRestarts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	akl := f.addClient("auckland", "Pacific/Auckland", "")
	lax := f.addClient("los-angeles", "America/Los_Angeles", "")
	seedWeek(f) // acme has data in 2026-W10
	// Tuesday 10 March 2026, 18:00 UTC: every client's Monday 09:00 of W11 has passed, so W10 is due.
	f.clock.Set(time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC))
	pub := &countingPublisher{}
	a := startReplica(t, f, pub)
	startReplica(t, f, pub)

	waitFor(t, 30*time.Second, func() bool { return f.count(`SELECT count(*) FROM reports`) == 3 && len(pub.published()) == 3 })
	time.Sleep(time.Second) // more ticks on whichever replica leads

	// A restart: replica a goes away (it may have been the leader), a new one starts.
	ctx, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	require.NoError(t, a.Stop(ctx))
	cancel()
	startReplica(t, f, pub)
	time.Sleep(2 * time.Second)

	for _, c := range []int64{f.client.ID, akl.ID, lax.ID} {
		require.Equal(t, 1, f.count(`SELECT count(*) FROM reports WHERE client_id = $1`, c), "client %d", c)
		require.Equal(t, 1, f.count(`SELECT count(*) FROM reports WHERE client_id = $1 AND week_key = '2026-W10'`, c))
	}
	require.Len(t, pub.published(), 3)
	rep, _, err := f.r.ReportByID(f.ctx, pub.published()[0])
	require.NoError(t, err)
	require.Equal(t, "2026-W10", rep.Key)

	// The next week fires once more per client.
	f.clock.Set(time.Date(2026, 3, 17, 18, 0, 0, 0, time.UTC))
	waitFor(t, 30*time.Second, func() bool { return f.count(`SELECT count(*) FROM reports WHERE week_key = '2026-W11'`) == 3 })
	time.Sleep(time.Second)
	require.Equal(t, 6, f.count(`SELECT count(*) FROM reports`))
}

func TestRunNowKeysOnDemandReportsApart(t *testing.T) {
	t.Parallel()
	f := setup(t)
	seedWeek(f)
	f.clock.Set(time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)) // Sunday of W10
	weekly, err := f.r.RunWeek(f.ctx, f.client.ID, testWeek)
	require.NoError(t, err)
	again, err := f.r.RunWeek(f.ctx, f.client.ID, testWeek)
	require.NoError(t, err)
	require.Equal(t, weekly, again, "the scheduled report is made once")
	pub := &countingPublisher{}
	f.r = f.reporter(func(d *Deps) { d.Publisher = pub })
	n1, err := f.r.RunNow(f.ctx, f.client.ID)
	require.NoError(t, err)
	n2, err := f.r.RunNow(f.ctx, f.client.ID)
	require.NoError(t, err)
	require.NotEqual(t, n1, n2)
	require.Equal(t, []int64{n1, n2}, pub.published())
	r1, _, err := f.r.ReportByID(f.ctx, n1)
	require.NoError(t, err)
	r2, _, err := f.r.ReportByID(f.ctx, n2)
	require.NoError(t, err)
	require.Equal(t, "2026-W10-now-1", r1.Key)
	require.Equal(t, "2026-W10-now-2", r2.Key)
	require.Equal(t, 8, r1.Totals.Published)
	require.Equal(t, 3, f.count(`SELECT count(*) FROM reports`))
}

func waitFor(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestNoScheduledReportWithoutAChannel(t *testing.T) {
	t.Parallel()
	f := setup(t)
	quiet := f.addClient("quiet", "UTC", "")
	_, err := f.db.Pool.Exec(f.ctx, `UPDATE clients SET report_channel_id = NULL WHERE id = $1`, quiet.ID)
	require.NoError(t, err)
	at := time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)
	require.Equal(t, map[string]string{"acme": "2026-W10"}, f.due(at, f.client, quiet))
}

// TestEnqueueNowOncePerClient: /mos report now pressed twice while the first is queued builds one
// report; another client's is independent.
func TestEnqueueNowOncePerClient(t *testing.T) {
	t.Parallel()
	f := setup(t)
	other := f.addClient("other", "UTC", "")
	rc, err := river.NewClient(riverpgxv5.New(f.db.Pool), &river.Config{TestOnly: true})
	require.NoError(t, err) // insert-only, as in mos serve, and no replica works them: jobs stay queued
	f.r = f.reporter(func(d *Deps) { d.Jobs = rc })

	queued, err := f.r.EnqueueNow(f.ctx, f.client.ID)
	require.NoError(t, err)
	require.True(t, queued)
	queued, err = f.r.EnqueueNow(f.ctx, f.client.ID)
	require.NoError(t, err)
	require.False(t, queued, "a second press while the first is queued adds nothing")
	queued, err = f.r.EnqueueNow(f.ctx, other.ID)
	require.NoError(t, err)
	require.True(t, queued)
	require.Equal(t, 2, f.count(`SELECT count(*) FROM river_job WHERE kind = 'reporting_now'`))
}
