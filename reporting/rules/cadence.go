package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
)

// CadenceMissed: a platform's cadence was missed CadenceMissedWeeks weeks running; lower it in the
// style guide to what the team managed, so the plan is one it can keep.
const CadenceMissed = "cadence_missed"

// CadenceMissedWeeks is how many weeks running a cadence is missed before a lower one is proposed.
const CadenceMissedWeeks = 3

// cadenceRule proposes a lower cadence for the first platform (in platform order) whose daily or
// weekly cadence was missed each of the last CadenceMissedWeeks weeks: per week, the most any of
// those weeks published (at least 1); a 1/week cadence missed throughout becomes 2/month. A
// monthly cadence spreads unevenly over weeks and is left alone.
func cadenceRule(ctx context.Context, db database.DBTX, d window, snap clientos.Snapshot, o *clientos.OS) (*Change, error) {
	if o == nil {
		return nil, nil
	}
	for _, s := range o.Styles {
		if !s.Cadence.IsSet() || s.Cadence.Per == clientos.PerMonth {
			continue
		}
		weeks, err := evidence.LoadCadence(ctx, db, snap.Client.ID, s.Platform, s.Cadence, d.Week, CadenceMissedWeeks)
		if err != nil {
			return nil, err
		}
		if c := cadenceChange(snap, s, weeks); c != nil {
			return c, nil
		}
	}
	return nil, nil
}

// cadenceChange is the proposal for one platform's weeks, or nil when a week kept the plan.
func cadenceChange(snap clientos.Snapshot, s clientos.Style, weeks []evidence.CadenceWeek) *Change {
	best := 0
	var parts, key []string
	for _, w := range weeks {
		if !w.Missed() {
			return nil
		}
		best = max(best, w.Published)
		parts = append(parts, fmt.Sprintf("%s: %d of %d", w.Key, w.Published, w.Planned))
		key = append(key, fmt.Sprintf("%s:%d:%d", w.Key, w.Published, w.Planned))
	}
	lower := clientos.Cadence{Count: max(best, 1), Per: clientos.PerWeek}
	if s.Cadence == lower {
		lower = clientos.Cadence{Count: 2, Per: clientos.PerMonth}
	}
	doc := clientos.StyleDocument(s.Platform)
	file := clientos.FileName(doc)
	c := &Change{Document: doc, BaseVersion: snap.Docs[doc].Version, Rule: CadenceMissed,
		Rationale: fmt.Sprintf("%s's cadence of %s was missed %d weeks running (%s). A plan the team keeps beats one "+
			"it misses: %s is what the best of those weeks managed. Raise it again once the team keeps up; dismiss "+
			"this to keep %s.", clientos.PlatformTitle(s.Platform), s.Cadence, len(weeks), strings.Join(parts, "; "),
			lower, s.Cadence),
		Evidence: evidenceJSON(map[string]any{"platform": s.Platform, "cadence": s.Cadence.String(),
			"proposed": lower.String(), "weeks": weeks, "key": evidenceKey(CadenceMissed, s.Platform, strings.Join(key, ","))}),
		Preview: fmt.Sprintf("%s — cadence: %s → %s", file, s.Cadence, lower),
	}
	content, err := clientos.SetCadence(snap.Docs[doc].Content, lower)
	if err != nil {
		c.Refuse = "cannot change " + file + "'s cadence automatically: " + err.Error()
		return c
	}
	c.NewContent = content
	return c
}
