package evidence

import (
	"context"
	"fmt"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/plan"
)

// CadenceWeek is one week of a platform's plan: how many pieces were planned and how many were
// published, per pillar too.
type CadenceWeek struct {
	Key       string         `json:"week"` // ISO week, "2026-W48"
	Planned   int            `json:"planned"`
	Published int            `json:"published"`
	Pillars   map[string]int `json:"-"` // published pieces per pillar name
	// InProgress marks a week not over when the report is made (a report of the week so far).
	InProgress bool `json:"in_progress,omitempty"`
}

// Missed says whether the week, once over, published fewer pieces than it planned.
func (w CadenceWeek) Missed() bool { return !w.InProgress && w.Planned > 0 && w.Published < w.Planned }

// LoadCadence reads the n weeks ending with week for one platform, oldest first: planned is the
// week's stored plan (weekly_plans, as it was posted), else what cadence asks for that week;
// published counts the platform's pieces published that week. A week whose Sunday is not before
// week.AsOf is in progress. Two queries, whatever n.
func LoadCadence(ctx context.Context, db database.DBTX, clientID int64, platform string, c clientos.Cadence,
	week Week, n int) ([]CadenceWeek, error) {
	first := week.From.AddDate(0, 0, -7*(n-1))
	weeks := make([]CadenceWeek, n)
	keys := make([]string, n)
	for i := range weeks {
		y, num := first.AddDate(0, 0, 7*i).ISOWeek()
		keys[i] = fmt.Sprintf("%04d-W%02d", y, num)
		sunday := first.AddDate(0, 0, 7*i+6)
		weeks[i] = CadenceWeek{Key: keys[i], Planned: plan.WeeklyTarget(c, num), Pillars: map[string]int{},
			InProgress: !week.AsOf.IsZero() && !week.AsOf.After(sunday)}
	}
	if err := loadPlanned(ctx, db, clientID, platform, keys, weeks); err != nil {
		return nil, err
	}
	rows, err := db.Query(ctx, `SELECT ((published_at - $3::date) / 7)::int, pillar, count(*)
		FROM pieces WHERE client_id = $1 AND platform = $2 AND state = 'published'
			AND published_at >= $3::date AND published_at < $4::date
		GROUP BY 1, 2`, clientID, platform, first.Format(time.DateOnly), week.To.AddDate(0, 0, 1).Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("evidence: count published per week: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, count int
		var pillar string
		if err := rows.Scan(&i, &pillar, &count); err != nil {
			return nil, fmt.Errorf("evidence: count published per week: %w", err)
		}
		if i >= 0 && i < n {
			weeks[i].Published += count
			weeks[i].Pillars[pillar] += count
		}
	}
	return weeks, rows.Err()
}

// loadPlanned puts the stored plans of the weeks keys name into weeks.
func loadPlanned(ctx context.Context, db database.DBTX, clientID int64, platform string, keys []string, weeks []CadenceWeek) error {
	rows, err := db.Query(ctx, `SELECT week_key, planned FROM weekly_plans
		WHERE client_id = $1 AND platform = $2 AND week_key = ANY($3)`, clientID, platform, keys)
	if err != nil {
		return fmt.Errorf("evidence: load the weeks' plans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var planned int
		if err := rows.Scan(&key, &planned); err != nil {
			return fmt.Errorf("evidence: load the weeks' plans: %w", err)
		}
		for i := range weeks {
			if weeks[i].Key == key {
				weeks[i].Planned = planned
			}
		}
	}
	return rows.Err()
}
