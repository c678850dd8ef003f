package reporting

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/rules"
)

// withCadence gives acme's LinkedIn style guide a cadence, as an approver's edit would.
func (f *fixture) withCadence(cadence string) {
	f.t.Helper()
	raw, err := os.ReadFile("testdata/acme/style/linkedin.md")
	require.NoError(f.t, err)
	content := strings.Replace(string(raw), "---\n", "---\ncadence: "+cadence+"\n", 1)
	_, _, err = clientos.SaveDocument(f.ctx, f.db.Pool, f.client.ID, "style/linkedin", content, testApprover, "test")
	require.NoError(f.t, err)
}

// seedMissedWeeks publishes 3 pieces in W07 (one pillar), then 1, 2 and 1 in W08 to W10, and stores
// W10's plan as 2: the 3/week cadence is kept once, then missed three weeks running.
func (f *fixture) seedMissedWeeks() {
	f.t.Helper()
	for _, p := range []piece{
		{Pillar: "Faster close", Published: day(-21)}, {Pillar: "Faster close", Published: day(-20)},
		{Pillar: "Faster close", Published: day(-19)}, {Pillar: "Faster close", Published: day(-14)},
		{Pillar: "Audit-ready reconciliation", Published: day(-7)}, {Pillar: "The lean finance team", Published: day(-3)},
		{Pillar: "Close Benchmark data", Published: day(1)},
	} {
		f.addPiece(p)
	}
	_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO weekly_plans (client_id, platform, week_key, planned, posted_at)
		VALUES ($1, 'linkedin', '2026-W10', 2, $2)`, f.client.ID, day(0))
	require.NoError(f.t, err)
}

func TestAdherenceInTheReport(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.withCadence("3/week")
	f.seedMissedWeeks()
	r := f.build()
	require.Len(t, r.Adherence, 1)
	text := RenderText(r)
	require.Contains(t, text, `== Cadence: planned vs published ==
LinkedIn (cadence 3/week), planned vs published:
• 2026-W07: 3 of 3 published — kept
• 2026-W08: 1 of 3 published — missed
• 2026-W09: 2 of 3 published — missed
• 2026-W10: 1 of 2 published — missed
Pillar mix moved toward the weights: 70 points off in the first two weeks, 40 in the last two.`)
}

func TestMissedCadenceProposesALowerOne(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.withCadence("3/week")
	f.seedMissedWeeks()
	_, ps := f.runWeek()
	p := proposalOf(t, ps, rules.CadenceMissed, "a cadence missed three weeks running is a finding")
	require.Equal(t, "style/linkedin", p.Document)
	require.Equal(t, "style/linkedin.md — cadence: 3/week → 2/week", p.Preview)
	require.Contains(t, p.Rationale, "missed 3 weeks running (2026-W08: 1 of 3; 2026-W09: 2 of 3; 2026-W10: 1 of 2)")

	_, err := Apply(f.ctx, f.db.Pool, p.ID, testApprover)
	require.NoError(t, err)
	require.Contains(t, f.docContent("style/linkedin"), "cadence: 2/week\n")
	snap, err := clientos.Current(f.ctx, f.db.Pool, f.client.ID)
	require.NoError(t, err)
	o, err := snap.OS()
	require.NoError(t, err)
	style, _ := o.Style("linkedin")
	require.Equal(t, clientos.Cadence{Count: 2, Per: clientos.PerWeek}, style.Cadence)
}

func TestKeptCadenceProposesNothing(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.withCadence("1/week")
	f.seedMissedWeeks() // W10 planned 2 and published 1: missed; W08 and W09 kept 1/week
	r := f.build()
	for _, p := range r.Proposals {
		require.NotEqual(t, rules.CadenceMissed, p.Rule)
	}
	require.Contains(t, RenderText(r), "• 2026-W08: 1 of 1 published — kept")
}
