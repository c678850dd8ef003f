package metricsimport

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/mos-hq/mos/reporting"
)

// earliestResults is the first day results can be from: LinkedIn opened in 2003, and no piece mos
// tracks is older.
var earliestResults = time.Date(2003, time.January, 1, 0, 0, 0, 0, time.UTC)

// RefusedRow is a row whose figures cannot be right: it was not stored, and Reason says why.
type RefusedRow struct {
	Row    int
	URL    string
	Reason string
}

// judge returns the piece a row belongs to (0: none) and why the row cannot be stored, "" when it
// can. A row is judged on its own first, so an impossible row is refused even when it matches no
// piece; day is the row's date and from where that came from; today is in the client's time zone.
func (idx pieceIndex) judge(row importRow, day time.Time, from string, today time.Time) (int64, string) {
	if why := cmp.Or(implausibleFigures(row.M), implausibleDate(day, from, today, time.Time{})); why != "" {
		return 0, why
	}
	id := idx.match(row.URL)
	if id == 0 {
		return 0, ""
	}
	return id, implausibleDate(day, from, today, idx.published[id])
}

// implausibleFigures says what is wrong with a row's figures, or "".
func implausibleFigures(m reporting.Metrics) string {
	over := m.OverImpressions()
	if len(over) == 0 {
		return ""
	}
	var parts []string
	for _, name := range []string{"reactions", "comments", "reposts", "clicks", "engagements"} {
		if s, ok := over[name]; ok {
			parts = append(parts, s)
		}
	}
	return fmt.Sprintf("%s on %d impressions: a post cannot get more of these than it was shown",
		strings.Join(parts, " and "), *m.Impressions)
}

// implausibleDate says what is wrong with a snapshot dated day, or "". from says where the date
// came from ("its date column", "the export's period"); today is in the client's time zone;
// published is the piece's publication day, zero when the row matched no piece.
func implausibleDate(day time.Time, from string, today, published time.Time) string {
	d := day.Format(time.DateOnly) + " (" + from + ")"
	switch {
	case day.After(today):
		return fmt.Sprintf("dated %s, which is in the future: today is %s", d, today.Format(time.DateOnly))
	case day.Before(earliestResults):
		return fmt.Sprintf("dated %s, before LinkedIn existed (2003)", d)
	case !published.IsZero() && day.Before(published):
		return fmt.Sprintf("dated %s, before the piece was published on %s", d, published.Format(time.DateOnly))
	}
	return ""
}
