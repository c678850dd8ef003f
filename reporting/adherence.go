package reporting

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
)

// adherenceWeeks is how many weeks the adherence section shows: the report's and three before.
const adherenceWeeks = 4

// Adherence is how one platform kept its cadence: planned vs published per week, and whether the
// pillar mix moved toward the weights (the first two weeks against the last two).
type Adherence struct {
	Platform string                 `json:"platform"`
	Cadence  string                 `json:"cadence"`
	Weeks    []evidence.CadenceWeek `json:"weeks"`
	// OffBefore and OffAfter are how many points the pillar mix was off the weights (half the
	// sum of the differences, 0 = exactly on the weights) in the window's first and last two weeks;
	// nil when those weeks published nothing with a pillar of the OS.
	OffBefore *float64 `json:"mix_off_points_before,omitempty"`
	OffAfter  *float64 `json:"mix_off_points_after,omitempty"`
}

// adherence reads every platform with a cadence, in platform order.
func adherence(ctx context.Context, db database.DBTX, clientID int64, d reportData, o *clientos.OS) ([]Adherence, error) {
	if o == nil {
		return nil, nil
	}
	var out []Adherence
	for _, s := range o.Styles {
		if !s.Cadence.IsSet() {
			continue
		}
		weeks, err := evidence.LoadCadence(ctx, db, clientID, s.Platform, s.Cadence, d.Week, adherenceWeeks)
		if err != nil {
			return nil, err
		}
		half := len(weeks) / 2
		out = append(out, Adherence{Platform: s.Platform, Cadence: s.Cadence.String(), Weeks: weeks,
			OffBefore: mixOff(weeks[:half], o.Pillars), OffAfter: mixOff(weeks[half:], o.Pillars)})
	}
	return out, nil
}

// mixOff is how many points the weeks' pillar mix is off the weights, counting pieces with a
// pillar of the OS; nil without any.
func mixOff(weeks []evidence.CadenceWeek, pillars []clientos.Pillar) *float64 {
	counts := make([]float64, len(pillars))
	total := 0.0
	for i, p := range pillars {
		for _, w := range weeks {
			for name, n := range w.Pillars {
				if evidence.PillarKey(name) == evidence.PillarKey(p.Name) {
					counts[i] += float64(n)
					total += float64(n)
				}
			}
		}
	}
	if total == 0 {
		return nil
	}
	off := 0.0
	for i, p := range pillars {
		off += math.Abs(100*counts[i]/total - p.Weight)
	}
	v := evidence.Round1(off / 2)
	return &v
}

// adherenceText is the section: one block per platform with a cadence.
func adherenceText(rows []Adherence) string {
	if len(rows) == 0 {
		return "No cadence set: add one (e.g. cadence: 3/week) to a style guide's front matter to plan the week."
	}
	var b strings.Builder
	for i, a := range rows {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s (cadence %s), planned vs published:\n", clientos.PlatformTitle(a.Platform), a.Cadence)
		for _, w := range a.Weeks {
			mark := "kept"
			switch {
			case w.InProgress && w.Published < w.Planned:
				mark = "so far"
			case w.Missed():
				mark = "missed"
			}
			fmt.Fprintf(&b, "• %s: %d of %d published — %s\n", w.Key, w.Published, w.Planned, mark)
		}
		b.WriteString(mixText(a) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// mixText says whether the pillar mix moved toward the weights.
func mixText(a Adherence) string {
	if a.OffBefore == nil || a.OffAfter == nil {
		return "Pillar mix: too few pieces with a pillar in both halves of these weeks to say whether it moved."
	}
	before, after := evidence.Points(*a.OffBefore), evidence.Points(*a.OffAfter)
	switch {
	case *a.OffAfter < *a.OffBefore:
		return fmt.Sprintf("Pillar mix moved toward the weights: %s points off in the first two weeks, %s in the last two.", before, after)
	case *a.OffAfter > *a.OffBefore:
		return fmt.Sprintf("Pillar mix moved away from the weights: %s points off in the first two weeks, %s in the last two.", before, after)
	}
	return fmt.Sprintf("Pillar mix held: %s points off the weights in both halves of these weeks.", before)
}
