// Package plan turns a platform's cadence and the client's pillar weights into the week's plan: how
// many pieces to write this week, and about which pillars, the pillars furthest below their weights
// over the last four weeks first. It is pure: the caller counts the pieces, plan only decides.
package plan

import (
	"slices"

	"github.com/mos-hq/mos/clientos"
)

// weeksPerYear spreads a monthly cadence over the weeks of a year.
const weeksPerYear = 52

// MaxSlots bounds a plan: seven days at the largest daily cap a channel may have.
const MaxSlots = 7 * 100

// Input is what a week's plan is made from.
type Input struct {
	Cadence clientos.Cadence
	ISOWeek int               // 1 to 53: spreads a monthly cadence evenly over the year's weeks
	Pillars []clientos.Pillar // the OS's pillars, weights adding up to 100
	Recent  map[string]int    // pieces per pillar name over the four weeks before this one
	Started map[string]int    // pieces per pillar name already started this week
}

// Slot is one piece of the week's plan.
type Slot struct {
	Pillar  string
	Started bool // already in flight this week: it counts toward the plan
}

// WeeklyTarget is how many pieces cadence asks for in ISO week isoWeek: every day's count for a
// daily cadence, the count for a weekly one, and for a monthly one the year's total (12 months)
// spread evenly over 52 weeks, so 4/month gives 0 or 1 a week and 48 over the year.
func WeeklyTarget(c clientos.Cadence, isoWeek int) int {
	switch c.Per {
	case clientos.PerDay:
		return 7 * c.Count
	case clientos.PerWeek:
		return c.Count
	case clientos.PerMonth:
		w := min(max(isoWeek, 1), weeksPerYear)
		year := 12 * c.Count
		return year*w/weeksPerYear - year*(w-1)/weeksPerYear
	}
	return 0
}

// Plan is the week's slots: first the pieces already started (they count toward the target), then
// one slot per piece still to write, each given to the pillar furthest below its weight, counting
// the last four weeks, what is started and what this plan already gave it. Ties go to the heavier
// pillar, then to the one listed first. Pieces on a pillar the OS no longer has count toward the
// target only. No cadence, no plan.
func Plan(in Input) []Slot {
	if !in.Cadence.IsSet() {
		return nil
	}
	slots := startedSlots(in.Pillars, in.Started)
	left := min(WeeklyTarget(in.Cadence, in.ISOWeek), MaxSlots) - len(slots)
	if left <= 0 {
		return slots
	}
	if len(in.Pillars) == 0 {
		for range left {
			slots = append(slots, Slot{})
		}
		return slots
	}
	have := make([]float64, len(in.Pillars))
	window := float64(len(slots) + left)
	for i, p := range in.Pillars {
		have[i] = float64(in.Recent[p.Name] + in.Started[p.Name])
		window += float64(in.Recent[p.Name])
	}
	for range left {
		i := furthestBelow(in.Pillars, have, window)
		have[i]++
		slots = append(slots, Slot{Pillar: in.Pillars[i].Name})
	}
	return slots
}

// furthestBelow is the index of the pillar whose count is furthest below its share of window.
func furthestBelow(ps []clientos.Pillar, have []float64, window float64) int {
	best, bestGap := 0, 0.0
	for i, p := range ps {
		gap := p.Weight/100*window - have[i]
		if i == 0 || gap > bestGap || (gap == bestGap && p.Weight > ps[best].Weight) {
			best, bestGap = i, gap
		}
	}
	return best
}

// startedSlots lists the started pieces, pillars in the OS's order, then any pillar it no longer
// has, by name.
func startedSlots(ps []clientos.Pillar, started map[string]int) []Slot {
	var slots []Slot
	known := map[string]bool{}
	for _, p := range ps {
		known[p.Name] = true
		slots = appendStarted(slots, p.Name, started[p.Name])
	}
	var others []string
	for name := range started {
		if !known[name] {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	for _, name := range others {
		slots = appendStarted(slots, name, started[name])
	}
	return slots
}

func appendStarted(slots []Slot, pillar string, n int) []Slot {
	for range min(n, MaxSlots-len(slots)) {
		slots = append(slots, Slot{Pillar: pillar, Started: true})
	}
	return slots
}
