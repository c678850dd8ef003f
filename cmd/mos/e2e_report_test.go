package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
)

// reportMonday is the clock of the report tests: a Monday at 07:00 in Berlin (the client's zone),
// two hours before the default schedule fires, so no scheduled report for the week before can be
// stored while a test runs, whatever day the suite runs on.
func reportMonday() time.Time { return time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) }

// today is the world's date: the injected clock's, else the wall clock's.
func (w *world) today() time.Time {
	if w.tune.now != nil {
		return w.tune.now()
	}
	return time.Now()
}

// seedPublished inserts n published AI-assisted pieces in one pillar, with results dated the world's
// today, so the weekly report has data and the pillar-weights rule has evidence (one pillar far
// above its weight).
func (w *world) seedPublished(n int, pillar string) {
	w.t.Helper()
	_, err := w.db.Pool.Exec(context.Background(), `
		WITH c AS (SELECT id FROM clients WHERE slug = 'northwind'),
		p AS (
			INSERT INTO pieces (client_id, channel_id, platform, pillar, state, brief, requested_by, published_url, published_at)
			SELECT c.id, $1, 'linkedin', $2, 'published', 'seeded piece ' || g, 'U0SEED',
				'https://www.linkedin.com/feed/update/urn:li:activity:' || (7000000000000000000 + g) || '/', $4::date
			FROM c, generate_series(1, $3) g RETURNING id)
		INSERT INTO metric_snapshots (piece_id, snapshot_date, source, impressions, reactions, comments, reposts, entered_by)
		SELECT id, $4::date, 'modal', 1000, 30 + id, 5, 2, 'U0SEED' FROM p`, w.channel, pillar, n,
		w.today().Format(time.DateOnly))
	require.NoError(w.t, err)
}

// reportWorld is a bound world on a Monday (reportMonday) with nine published pieces in one pillar
// (seedPublished), enough for a report with a proposal.
func reportWorld(t *testing.T) *world {
	t.Helper()
	w := newWorldWith(t, slacksim.Options{}, tuning{now: reportMonday})
	w.start()
	w.bindAsMaria(3)
	w.seedPublished(9, "Faster close")
	return w
}

func TestReportNowAndOneClickApply(t *testing.T) {
	t.Parallel()
	w := reportWorld(t)

	w.mosPosted(w.sam, "report now", "Weekly reports for *Northwind Ledger* will post in this channel")
	parent := w.sim.WaitMessage(w.channel, containing("Weekly report 20"))
	proposal := w.sim.WaitReply(w.channel, parent.TS, withButton("Apply"))
	require.Contains(t, proposal.AllText(), "pillars")
	w.sim.WaitReply(w.channel, parent.TS, containing("How to read this"))
	var titles []string
	for _, m := range w.sim.Replies(w.channel, parent.TS) {
		titles = append(titles, m.AllText())
	}
	all := strings.Join(titles, "\n")
	for _, section := range []string{"Pillar mix vs target weights", "AI-assisted vs human-only baseline",
		"Source types that work", "Top failure modes", "How to read this"} {
		require.Contains(t, all, section)
	}
	require.Len(t, w.sim.Files(), 1, "one chart in the thread")
	require.Equal(t, parent.TS, w.sim.Files()[0].ThreadTS)

	w.sam.Press(w.channel, proposal.TS, "Apply")
	w.sim.WaitEphemeral(w.samID, containing("approvers can apply"))
	require.Equal(t, 1, w.scalar("SELECT max(version) FROM os_versions WHERE document = 'pillars'"))

	w.sim.RepeatNext() // a double delivery of the press
	w.maria.Press(w.channel, proposal.TS, "Apply")
	applied := w.sim.WaitReply(w.channel, parent.TS, containing("Applied by <@"+w.mariaID+"> as pillars v2"))
	require.Empty(t, applied.Buttons())
	require.Equal(t, 2, w.scalar("SELECT max(version) FROM os_versions WHERE document = 'pillars'"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM os_versions WHERE document = 'pillars' AND reason LIKE 'proposal #%'"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reports"), "the on-demand report, and no weekly one: last week had no data")
}

func TestStaleProposalIsRefused(t *testing.T) {
	t.Parallel()
	w := reportWorld(t)
	parent := w.mosPosted(w.maria, "report now", "Weekly report 20")
	proposal := w.sim.WaitReply(w.channel, parent.TS, withButton("Apply"))

	// Someone changes the pillars document after the proposal was made.
	ctx := context.Background()
	var clientID int64
	require.NoError(t, w.db.Pool.QueryRow(ctx, "SELECT id FROM clients WHERE slug = 'northwind'").Scan(&clientID))
	snap, err := clientos.Current(ctx, w.db.Pool, clientID)
	require.NoError(t, err)
	_, _, err = clientos.SaveDocument(ctx, w.db.Pool, clientID, "pillars", snap.Docs["pillars"].Content+"\nEdited by hand.\n", "U0OTHER", "manual")
	require.NoError(t, err)

	w.maria.Press(w.channel, proposal.TS, "Apply")
	w.sim.WaitEphemeral(w.mariaID, containing("/mos report now"))
	w.sim.WaitReply(w.channel, parent.TS, containing("Stale"))
	require.Equal(t, 2, w.scalar("SELECT max(version) FROM os_versions WHERE document = 'pillars'"), "nothing applied")
}

func TestResultsModal(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	w.mosAnswer(w.sam, "results", "No published pieces")
	w.seedPublished(1, "Faster close")
	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces").Scan(&id))

	m := w.mosModal(w.sam, "results #"+id)
	res := m.Fill("Impressions", "lots").Fill("Reactions", "-3").Submit()
	require.Len(t, res.Errors, 2, "each bad number is named: %v", res.ErrorsByLabel)
	m = w.sam.Modal()
	m.Fill("Impressions", "1,200").Fill("Reactions", "")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitEphemeral(w.samID, containing("Saved today's results for piece #"+id))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM metric_snapshots WHERE source = 'modal' AND entered_by = $1
		AND impressions = 1200 AND reactions IS NULL`, w.samID))
}

// TestWeeklyReportOncePerWeekAcrossReplicasAndRestart: two replicas tick often against one
// database; the weekly report for last week posts once, and a restart does not post it again.
func TestWeeklyReportOncePerWeekAcrossReplicasAndRestart(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, slacksim.Options{}, tuning{reportTick: 200 * time.Millisecond})
	w.cfg.ReportSchedule = "* * * * *" // due already this week, whatever day the test runs
	_, err := w.db.Pool.Exec(context.Background(), `UPDATE clients SET report_channel_id = $1`, w.channel)
	require.NoError(t, err)
	stop := w.start()
	w.start()
	w.sim.WaitMessage(w.channel, containing("Weekly report 20"))
	stop()
	w.start()
	require.Never(t, func() bool { return w.scalar("SELECT count(*) FROM reports") > 1 }, 2*time.Second, 100*time.Millisecond)
	var parents int
	for _, m := range w.sim.Messages(w.channel) {
		if strings.Contains(m.AllText(), "Weekly report 20") {
			parents++
		}
	}
	require.Equal(t, 1, parents)
}
