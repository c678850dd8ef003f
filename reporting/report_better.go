package reporting

import (
	"context"
	"time"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/effect"
)

// Better answers "is it getting better?": the AI-assisted pieces' quality week by week (the
// report's week and the four before it), and the effect of every OS edit of the last effect.Weeks
// weeks on the measure it concerns.
type Better struct {
	Weeks   []effect.WeekFigures `json:"weeks"`
	Effects []effect.Effect      `json:"effects"`
}

// loadBetter reads the pieces requested, and the OS edits made, in the effect.Weeks weeks ending
// with week (it ends at week.End), and computes both parts.
func loadBetter(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) (Better, error) {
	from := end.AddDate(0, 0, -7*effect.Weeks)
	pieces, edits, err := effect.Load(ctx, db, clientID, from, from, end)
	if err != nil {
		return Better{}, err
	}
	return Better{Weeks: effect.Trend(pieces, start), Effects: effect.Compare(pieces, edits)}, nil
}
