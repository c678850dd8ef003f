package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// resultsStep is how many points a pillar far ahead (or behind) on results gains (or loses).
const resultsStep = 5

// pillarEvidence is one pillar's figures over the evidence window.
type pillarEvidence struct {
	Pillar      string   `json:"pillar"`
	Weight      float64  `json:"weight"`
	NewWeight   int      `json:"new_weight"`
	Pieces      int      `json:"pieces"`
	Share       float64  `json:"share"`
	WithResults int      `json:"with_results"`
	MedianER    *float64 `json:"median_engagement_rate"`
	Why         string   `json:"why,omitempty"`
}

// weightsRule proposes new pillar weights when, over the evidence window, a pillar's share of
// published pieces is WeightOffPoints or more off its weight (the new weight meets the share
// halfway) or its median engagement is far ahead of or behind the overall median (± resultsStep
// points). The other pillars absorb the difference in proportion, so the weights sum to exactly 100.
func weightsRule(d window, snap clientos.Snapshot, o *clientos.OS) *Change {
	doc, ok := snap.Docs[clientos.DocPillars]
	if !ok || len(o.Pillars) == 0 {
		return nil
	}
	evs, overall, total := pillarFigures(d.Pieces, o.Pillars)
	desired := map[int]int{}
	for i := range evs {
		if target, why := desiredWeight(evs[i], overall, total); why != "" {
			desired[i], evs[i].Why = target, why
		}
	}
	if len(desired) == 0 {
		return nil
	}
	weights := make([]float64, len(o.Pillars))
	for i, p := range o.Pillars {
		weights[i] = p.Weight
	}
	values, preview := weightChanges(evs, weights, rebalance(weights, desired))
	if len(values) == 0 {
		return nil
	}
	p := &Change{Document: clientos.DocPillars, BaseVersion: doc.Version, Rule: PillarWeights,
		Rationale: weightsRationale(evs, desired, total),
		Evidence: evidenceJSON(map[string]any{"pillars": evs, "published": total,
			"overall_median_engagement_rate": overall, "weeks": evidence.Weeks,
			"off_points": WeightOffPoints, "ahead_factor": AheadFactor, "behind_factor": BehindFactor,
			"key": weightsKey(d.Pieces, o.Pillars)}),
		Preview: preview,
	}
	content, err := clientos.SetPillarWeights(doc.Content, values)
	if err != nil {
		p.Refuse = "cannot change pillars.md's weights automatically: " + err.Error()
		return p
	}
	p.NewContent = content
	return p
}

// weightsKey is the evidence key of a weights proposal: the pieces counted and which of them have
// results, so new pieces or new results are new evidence and the same ones are not.
func weightsKey(pieces []evidence.Piece, pillars []clientos.Pillar) string {
	known := map[string]bool{}
	for _, pl := range pillars {
		known[evidence.PillarKey(pl.Name)] = true
	}
	var b strings.Builder
	for _, p := range pieces {
		if known[evidence.PillarKey(p.Pillar)] {
			fmt.Fprintf(&b, "%d:%s:%t,", p.ID, evidence.PillarKey(p.Pillar), p.ER != nil)
		}
	}
	return evidenceKey(PillarWeights, b.String())
}

// weightChanges records the new weights in evs and returns the changed ones (pillar key -> YAML
// text) with a preview listing them.
func weightChanges(evs []pillarEvidence, weights []float64, newW []int) (map[string]int, string) {
	values := map[string]int{}
	var preview strings.Builder
	preview.WriteString("pillars.md — weights (they still sum to 100):\n")
	for i := range evs {
		evs[i].NewWeight = newW[i]
		if float64(newW[i]) == weights[i] {
			continue
		}
		values[evidence.PillarKey(evs[i].Pillar)] = newW[i]
		why := evs[i].Why
		if why == "" {
			why = "rebalanced so the weights sum to 100"
		}
		fmt.Fprintf(&preview, "  %s: %s → %d   (%s)\n", evs[i].Pillar, evidence.Points(weights[i]), newW[i], why)
	}
	return values, strings.TrimRight(preview.String(), "\n")
}

// pillarFigures computes each pillar's share and results over the window's pieces whose pillar is
// in pillars.md.
func pillarFigures(pieces []evidence.Piece, pillars []clientos.Pillar) ([]pillarEvidence, *float64, int) {
	groups := map[string][]evidence.Piece{}
	var counted []evidence.Piece
	for _, p := range pieces {
		k := evidence.PillarKey(p.Pillar)
		for _, pl := range pillars {
			if evidence.PillarKey(pl.Name) == k {
				groups[k] = append(groups[k], p)
				counted = append(counted, p)
				break
			}
		}
	}
	var overall *float64
	if rs := evidence.Rates(counted); len(rs) >= 2*MinPillarResults {
		overall = evidence.Median(rs)
	}
	evs := make([]pillarEvidence, len(pillars))
	for i, pl := range pillars {
		ps := groups[evidence.PillarKey(pl.Name)]
		rs := evidence.Rates(ps)
		evs[i] = pillarEvidence{Pillar: pl.Name, Weight: pl.Weight, Pieces: len(ps), WithResults: len(rs), MedianER: evidence.Median(rs)}
		if len(counted) > 0 {
			evs[i].Share = evidence.Round1(100 * float64(len(ps)) / float64(len(counted)))
		}
	}
	return evs, overall, len(counted)
}

// desiredWeight is the weight the evidence argues for, and why; "" when it argues for no change.
func desiredWeight(ev pillarEvidence, overall *float64, total int) (int, string) {
	target := ev.Weight
	var whys []string
	if total >= MinWeightSample && math.Abs(ev.Share-ev.Weight) >= WeightOffPoints {
		target = (ev.Weight + ev.Share) / 2
		whys = append(whys, fmt.Sprintf("published %s%% of %d pieces against a %s%% weight", evidence.Points(ev.Share), total, evidence.Points(ev.Weight)))
	}
	if overall != nil && *overall > 0 && ev.WithResults >= MinPillarResults {
		switch {
		case *ev.MedianER >= AheadFactor**overall:
			target += resultsStep
			whys = append(whys, fmt.Sprintf("median engagement %s vs %s overall", evidence.Pct(ev.MedianER), evidence.Pct(overall)))
		case *ev.MedianER <= BehindFactor**overall:
			target -= resultsStep
			whys = append(whys, fmt.Sprintf("median engagement %s vs %s overall", evidence.Pct(ev.MedianER), evidence.Pct(overall)))
		}
	}
	if len(whys) == 0 {
		return 0, ""
	}
	return max(1, int(math.Round(target))), strings.Join(whys, "; ")
}

func weightsRationale(evs []pillarEvidence, desired map[int]int, total int) string {
	idx := make([]int, 0, len(desired))
	for i := range desired {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	var parts []string
	for _, i := range idx {
		parts = append(parts, evs[i].Pillar+" ("+evs[i].Why+")")
	}
	return fmt.Sprintf("Over the last %d weeks (%d published pieces with a pillar) %s. The proposed weights move "+
		"toward what the evidence shows and keep the sum at exactly 100; dismiss it to keep the plan as it is.",
		evidence.Weeks, total, strings.Join(parts, "; "))
}

// rebalance sets the desired pillars to their weights and lets the others absorb the difference in
// proportion to their weights; whole numbers, each at least 1, summing to exactly 100. When the
// others cannot absorb it, all weights are scaled together.
func rebalance(weights []float64, desired map[int]int) []int {
	fixed := 0
	var others []int
	for i := range weights {
		if w, ok := desired[i]; ok {
			fixed += w
		} else {
			others = append(others, i)
		}
	}
	otherSum := 0.0
	for _, i := range others {
		otherSum += weights[i]
	}
	remaining := 100 - fixed
	if len(others) == 0 || remaining < len(others) || otherSum <= 0 {
		raw := make([]float64, len(weights))
		for i := range weights {
			raw[i] = weights[i]
			if w, ok := desired[i]; ok {
				raw[i] = float64(w)
			}
		}
		return largestRemainder(raw, 100)
	}
	raw := make([]float64, len(others))
	for j, i := range others {
		raw[j] = weights[i] * float64(remaining) / otherSum
	}
	shares := largestRemainder(raw, remaining)
	out := make([]int, len(weights))
	for i, w := range desired {
		out[i] = w
	}
	for j, i := range others {
		out[i] = shares[j]
	}
	return out
}

// largestRemainder turns raw into whole numbers of at least 1 summing to total (Hamilton's method).
func largestRemainder(raw []float64, total int) []int {
	sum := 0.0
	for _, v := range raw {
		sum += v
	}
	out := make([]int, len(raw))
	frac := make([]float64, len(raw))
	got := 0
	for i, v := range raw {
		x := v * float64(total) / sum
		out[i] = max(1, int(math.Floor(x)))
		frac[i] = x - math.Floor(x)
		got += out[i]
	}
	order := make([]int, len(raw))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case frac[a] > frac[b]:
			return -1
		case frac[a] < frac[b]:
			return 1
		}
		return 0
	})
	for k := 0; got < total; k = (k + 1) % len(order) {
		out[order[k]]++
		got++
	}
	for got > total {
		big := 0
		for i := range out {
			if out[i] > out[big] {
				big = i
			}
		}
		out[big]--
		got--
	}
	return out
}
