package engine

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/plan"
)

func TestLocalWeekAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	// 25 October 2026: clocks go back an hour in Berlin, so that week lasts 169 hours.
	key, num, start, end := localWeek(time.Date(2026, 10, 25, 22, 30, 0, 0, time.UTC), berlin)
	require.Equal(t, "2026-W43", key)
	require.Equal(t, 43, num)
	require.Equal(t, time.Date(2026, 10, 19, 0, 0, 0, 0, berlin), start)
	require.Equal(t, time.Date(2026, 10, 26, 0, 0, 0, 0, berlin), end)
	require.Equal(t, 169*time.Hour, end.Sub(start))
	// 23:30 UTC on that Sunday is already Monday in Berlin: the next week.
	key, _, start, _ = localWeek(time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), berlin)
	require.Equal(t, "2026-W44", key)
	require.Equal(t, time.Date(2026, 10, 26, 0, 0, 0, 0, berlin), start)
	// 29 March 2026: clocks go forward, a 167-hour week.
	_, _, start, end = localWeek(time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC), berlin)
	require.Equal(t, 167*time.Hour, end.Sub(start))
}

func TestNudgeDue(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, berlin)
	weekly := clientos.Cadence{Count: 3, Per: clientos.PerWeek}
	planOf := func(c clientos.Cadence, target, started int) WeekPlan {
		p := WeekPlan{Cadence: c, Target: target, Start: monday, End: monday.AddDate(0, 0, 7), Location: berlin}
		for i := range max(target, started) {
			p.Slots = append(p.Slots, plan.Slot{Started: i < started})
		}
		return p
	}
	at := func(day, hour int) time.Time { return monday.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour) }
	cases := []struct {
		name string
		p    WeekPlan
		now  time.Time
		want bool
	}{
		{"Friday 10:00, nothing started", planOf(weekly, 3, 0), at(4, 10), true},
		{"Friday 10:00, one of three: behind", planOf(weekly, 3, 1), at(4, 10), true},
		{"Friday 10:00, two of three: on track", planOf(weekly, 3, 2), at(4, 10), false},
		{"Thursday 10:00: not yet half over", planOf(weekly, 3, 0), at(3, 10), false},
		{"Friday 8:00: before working hours", planOf(weekly, 3, 0), at(4, 8), false},
		{"Friday 17:00: after working hours", planOf(weekly, 3, 0), at(4, 17), false},
		{"Saturday 10:00, weekly cadence: never on weekends", planOf(weekly, 3, 0), at(5, 10), false},
		{"Saturday 10:00, daily cadence counts weekends", planOf(clientos.Cadence{Count: 1, Per: clientos.PerDay}, 7, 2),
			at(5, 10), true},
		{"plan met", planOf(weekly, 3, 3), at(4, 10), false},
		{"next week already", planOf(weekly, 3, 0), at(7, 10), false},
	}
	for _, c := range cases {
		require.Equal(t, c.want, nudgeDue(c.p, c.now), c.name)
	}
}

// withCadence gives acme's LinkedIn style guide a cadence, as an approver's edit would.
func withCadence(t testing.TB, b *bundle, cadence string) {
	t.Helper()
	raw, err := os.ReadFile("testdata/acme/style/linkedin.md")
	require.NoError(t, err)
	content := strings.Replace(string(raw), "---\n", "---\ncadence: "+cadence+"\n", 1)
	_, _, err = clientos.SaveDocument(context.Background(), b.pool.Pool, b.client.ID, "style/linkedin", content,
		testApprover, "test: a cadence")
	require.NoError(t, err)
}

func TestPlanForWithoutTimezoneUsesTheDefault(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	p, err := b.e.PlanFor(ctx, testChannel)
	require.NoError(t, err)
	require.False(t, p.Cadence.IsSet(), "no cadence, no plan")
	require.Empty(t, p.Slots)
	require.Equal(t, "style/linkedin.md", p.StyleFile)

	withCadence(t, b, "2/week")
	_, err = b.pool.Pool.Exec(ctx, `UPDATE clients SET timezone = '' WHERE id = $1`, b.client.ID)
	require.NoError(t, err)
	b.clock.Set(time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC)) // Sunday night in UTC, the default zone
	p, err = b.e.PlanFor(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, time.UTC, p.Location)
	require.Equal(t, "2026-W11", p.Week)
	require.Equal(t, 2, p.Target)
	require.Len(t, p.Slots, 2)
	require.Equal(t, []string{testChannel}, p.Channels)

	_, err = b.e.PlanFor(ctx, "CUNBOUND")
	require.ErrorIs(t, err, ErrNotBound)
	_, err = b.e.SetPlanPaused(ctx, "CUNBOUND", true, testApprover)
	require.ErrorIs(t, err, ErrNotBound)
}

func TestPlanPostsOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	withCadence(t, b, "3/week")
	p, err := b.e.PlanFor(ctx, testChannel)
	require.NoError(t, err)
	n := claimsWon(t, 8, func(int) (bool, error) { return b.e.claimPlan(ctx, p) })
	require.Equal(t, 1, n, "one replica claims the week's plan")
	first, err := b.e.claimNudge(ctx, p)
	require.NoError(t, err)
	second, err := b.e.claimNudge(ctx, p)
	require.NoError(t, err)
	require.True(t, first)
	require.False(t, second, "one nudge a week")

	changed, err := b.e.SetPlanPaused(ctx, testChannel, true, testApprover)
	require.NoError(t, err)
	require.True(t, changed)
	changed, err = b.e.SetPlanPaused(ctx, testChannel, true, testApprover)
	require.NoError(t, err)
	require.False(t, changed, "pausing twice changes nothing")
	left, err := b.e.unpausedChannels(ctx, []string{testChannel, "COTHER"})
	require.NoError(t, err)
	require.Equal(t, []string{"COTHER"}, left)
}
