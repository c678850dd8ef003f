package reporting

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
)

// reportData is everything a report is computed from: the evidence window, and the week's check
// findings.
type reportData struct {
	evidence.Window
	checks []CheckRow
	better Better
}

func loadData(ctx context.Context, db database.DBTX, clientID int64, week Week, now time.Time, loc *time.Location) (reportData, error) {
	w := evidence.Week{Start: week.Start(loc), End: week.End(loc)}
	w.From = DateOnly(w.Start, loc)
	w.To = w.From.AddDate(0, 0, 6)
	w.AsOf = DateOnly(now, loc)
	pieces, err := loadPieces(ctx, db, clientID, w.FirstDay(), w.To, DateOnly(now, loc))
	if err != nil {
		return reportData{}, err
	}
	win, err := evidence.Load(ctx, db, clientID, w, pieces)
	if err != nil {
		return reportData{}, err
	}
	d := reportData{Window: win}
	if d.checks, err = loadChecks(ctx, db, clientID, w.Start, w.End); err != nil {
		return d, err
	}
	if d.better, err = loadBetter(ctx, db, clientID, w.Start, w.End); err != nil {
		return d, err
	}
	d.Effects = d.better.Effects
	return d, nil
}

// agentPrefix starts pieces.requested_by for a piece an AI agent asked for or logged (as the engine's
// AgentRequester writes it): such a piece logged as published outside mos is agent-made.
const agentPrefix = "agent:"

// loadPieces loads the pieces published between from and to (dates) with their latest snapshot up
// to asOf.
func loadPieces(ctx context.Context, db database.DBTX, clientID int64, from, to, asOf time.Time) ([]evidence.Piece, error) {
	out, err := database.Collect(ctx, db, scanPublishedPiece, `
		SELECT p.id, p.pillar, p.human_only, p.human_only AND starts_with(p.requested_by, $5),
			COALESCE(s.source_type, ''), p.published_at,
			COALESCE(p.published_url, ''), p.brief,
			m.impressions, m.reactions, m.comments, m.reposts, m.clicks, m.engagements
		FROM pieces p
		LEFT JOIN source_signals s ON s.id = p.source_signal_id
		LEFT JOIN LATERAL (
			SELECT impressions, reactions, comments, reposts, clicks, engagements FROM metric_snapshots
			WHERE piece_id = p.id AND snapshot_date <= $4
			ORDER BY snapshot_date DESC, id DESC LIMIT 1) m ON true
		WHERE p.client_id = $1 AND p.published_at >= $2 AND p.published_at <= $3
		ORDER BY p.published_at, p.id`, clientID, from, to, asOf, agentPrefix)
	if err != nil {
		return nil, fmt.Errorf("reporting: load published pieces: %w", err)
	}
	return out, nil
}

func scanPublishedPiece(row pgx.CollectableRow) (evidence.Piece, error) {
	var p evidence.Piece
	var m Metrics
	err := row.Scan(&p.ID, &p.Pillar, &p.HumanOnly, &p.AgentMade, &p.SourceType, &p.PublishedAt, &p.URL, &p.Brief,
		&m.Impressions, &m.Reactions, &m.Comments, &m.Reposts, &m.Clicks, &m.Engagements)
	p.ER = EngagementRate(m)
	return p, err
}

// loadChecks counts the check findings left on versions generated in [start, end), by kind. Claims
// a version makes that its source does not contain count as factual errors.
func loadChecks(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]CheckRow, error) {
	out, err := database.Collect(ctx, db, scanCheckRow, `
		SELECT kind, sum(n)::int FROM (
			SELECT COALESCE(w->>'kind', 'other') AS kind, count(*) AS n
			FROM piece_versions v
			JOIN pieces p ON p.id = v.piece_id
			CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(v.warnings) = 'array'
				THEN v.warnings ELSE '[]'::jsonb END) w
			WHERE p.client_id = $1 AND v.created_at >= $2 AND v.created_at < $3
			GROUP BY 1
			UNION ALL
			SELECT 'factual_error', count(*)
			FROM claim_flags f
			JOIN piece_versions v ON v.id = f.version_id
			JOIN pieces p ON p.id = v.piece_id
			WHERE p.client_id = $1 AND v.created_at >= $2 AND v.created_at < $3
			HAVING count(*) > 0
		) found GROUP BY 1 ORDER BY 2 DESC, 1`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("reporting: load check findings: %w", err)
	}
	return out, nil
}

func scanCheckRow(row pgx.CollectableRow) (CheckRow, error) {
	var c CheckRow
	err := row.Scan(&c.Kind, &c.Count)
	c.Document = checkDocument(c.Kind)
	return c, err
}

// checkDocument is the OS document a kind of check finding is governed by.
func checkDocument(kind string) string {
	switch kind {
	case "forbidden", "substitution", "substitutions":
		return "brand"
	case "length", "hashtags", "max_chars", "max_hashtags":
		return "style/<platform>"
	case "pillar":
		return "pillars"
	case "factual_error":
		return "decisions"
	}
	return ""
}
