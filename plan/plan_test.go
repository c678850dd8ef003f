package plan_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/plan"
)

func perWeek(n int) clientos.Cadence { return clientos.Cadence{Count: n, Per: clientos.PerWeek} }

func pillars(weights ...any) []clientos.Pillar {
	var ps []clientos.Pillar
	for i := 0; i+1 < len(weights); i += 2 {
		ps = append(ps, clientos.Pillar{Name: weights[i].(string), Weight: float64(weights[i+1].(int))})
	}
	return ps
}

func planned(names ...string) []plan.Slot {
	out := make([]plan.Slot, len(names))
	for i, n := range names {
		out[i] = plan.Slot{Pillar: n}
	}
	return out
}

func started(names ...string) []plan.Slot {
	out := planned(names...)
	for i := range out {
		out[i].Started = true
	}
	return out
}

func TestPlan(t *testing.T) {
	t.Parallel()
	three := pillars("Pricing clarity", 40, "Customer proof", 30, "Product", 30)
	northwind := pillars("Faster close", 30, "Audit-ready reconciliation", 25, "The lean finance team", 20,
		"Close Benchmark data", 15, "Customer stories", 10)
	for _, tc := range []struct {
		name string
		in   plan.Input
		want []plan.Slot
	}{
		{"furthest below first: Pricing clarity ×2, Customer proof ×1", plan.Input{Cadence: perWeek(3), Pillars: three,
			Recent: map[string]int{"Pricing clarity": 1, "Customer proof": 1, "Product": 4}},
			planned("Pricing clarity", "Customer proof", "Pricing clarity")},
		{"pieces in flight count toward the week and the mix", plan.Input{Cadence: perWeek(3), Pillars: three,
			Recent:  map[string]int{"Pricing clarity": 1, "Customer proof": 1, "Product": 4},
			Started: map[string]int{"Pricing clarity": 1}},
			append(started("Pricing clarity"), planned("Customer proof", "Pricing clarity")...)},
		{"no history: by weight", plan.Input{Cadence: perWeek(3), Pillars: northwind},
			planned("Faster close", "Audit-ready reconciliation", "The lean finance team")},
		{"a pillar far over its weight gets nothing", plan.Input{Cadence: perWeek(2), Pillars: northwind,
			Recent: map[string]int{"Faster close": 12}},
			planned("Audit-ready reconciliation", "The lean finance team")},
		{"equal gaps: the heavier pillar first", plan.Input{Cadence: perWeek(2), Pillars: pillars("A", 40, "B", 60),
			Recent: map[string]int{"A": 1, "B": 2}},
			planned("B", "A")},
		{"equal gaps and weights: the one listed first", plan.Input{Cadence: perWeek(1), Pillars: pillars("A", 50, "B", 50)},
			planned("A")},
		{"more started than planned: nothing more", plan.Input{Cadence: perWeek(3), Pillars: three,
			Started: map[string]int{"Product": 4}},
			started("Product", "Product", "Product", "Product")},
		{"a started piece on a pillar the OS no longer has counts toward the week", plan.Input{Cadence: perWeek(3),
			Pillars: three, Started: map[string]int{"Old pillar": 1, "Product": 1}},
			append(started("Product", "Old pillar"), planned("Pricing clarity")...)},
		{"history on a pillar the OS no longer has is ignored", plan.Input{Cadence: perWeek(1), Pillars: three,
			Recent: map[string]int{"Old pillar": 9}},
			planned("Pricing clarity")},
		{"a daily cadence plans every day", plan.Input{Cadence: clientos.Cadence{Count: 1, Per: clientos.PerDay},
			Pillars: pillars("A", 50, "B", 50)},
			planned("A", "B", "A", "B", "A", "B", "A")},
		{"no pillars: slots without one", plan.Input{Cadence: perWeek(2)}, planned("", "")},
		{"no cadence: no plan", plan.Input{Pillars: three, Started: map[string]int{"Product": 1}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, plan.Plan(tc.in))
		})
	}
}

// TestPlanFollowsTheWeightsOverTime: planning week after week from nothing, counting each week's
// plan as written, keeps every pillar within one piece of its share.
func TestPlanFollowsTheWeightsOverTime(t *testing.T) {
	t.Parallel()
	ps := pillars("Faster close", 30, "Audit-ready reconciliation", 25, "The lean finance team", 20,
		"Close Benchmark data", 15, "Customer stories", 10)
	total := map[string]int{}
	var weeks [][]plan.Slot
	for week := 1; week <= 20; week++ {
		recent := map[string]int{}
		for _, w := range weeks[max(0, len(weeks)-4):] {
			for _, s := range w {
				recent[s.Pillar]++
			}
		}
		slots := plan.Plan(plan.Input{Cadence: perWeek(3), ISOWeek: week, Pillars: ps, Recent: recent})
		require.Len(t, slots, 3)
		weeks = append(weeks, slots)
		for _, s := range slots {
			total[s.Pillar]++
		}
	}
	for _, p := range ps {
		require.InDelta(t, p.Weight/100*60, total[p.Name], 3, p.Name)
	}
}

func TestWeeklyTarget(t *testing.T) {
	t.Parallel()
	require.Equal(t, 3, plan.WeeklyTarget(perWeek(3), 10))
	require.Equal(t, 14, plan.WeeklyTarget(clientos.Cadence{Count: 2, Per: clientos.PerDay}, 10))
	require.Zero(t, plan.WeeklyTarget(clientos.Cadence{}, 10))
	for _, n := range []int{1, 4, 12, 30} {
		monthly := clientos.Cadence{Count: n, Per: clientos.PerMonth}
		sum, most := 0, 0
		for week := 1; week <= 52; week++ {
			got := plan.WeeklyTarget(monthly, week)
			sum += got
			most = max(most, got)
		}
		require.Equal(t, 12*n, sum, "%d/month over a year", n)
		require.LessOrEqual(t, most, (12*n+51)/52, "%d/month is spread evenly", n)
		require.Equal(t, plan.WeeklyTarget(monthly, 52), plan.WeeklyTarget(monthly, 53), "week 53 plans like week 52")
		require.Equal(t, plan.WeeklyTarget(monthly, 1), plan.WeeklyTarget(monthly, 0), "an unset week plans like week 1")
	}
}

func TestPlanIsBounded(t *testing.T) {
	t.Parallel()
	huge := plan.Plan(plan.Input{Cadence: clientos.Cadence{Count: 1 << 30, Per: clientos.PerDay},
		Pillars: pillars("A", 100), Started: map[string]int{"A": 1 << 30, "B": 1 << 30}})
	require.Len(t, huge, plan.MaxSlots)
}

// BenchmarkPlan plans a week at the largest daily cadence over the five example pillars.
func BenchmarkPlan(b *testing.B) {
	in := plan.Input{Cadence: clientos.Cadence{Count: 20, Per: clientos.PerDay}, Pillars: pillars("Faster close", 30,
		"Audit-ready reconciliation", 25, "The lean finance team", 20, "Close Benchmark data", 15, "Customer stories", 10),
		Recent: map[string]int{"Faster close": 40, "Customer stories": 3}, Started: map[string]int{"Faster close": 2}}
	for b.Loop() {
		if len(plan.Plan(in)) != 140 {
			b.Fatal("a week at 20 a day is 140 slots")
		}
	}
}
