package reporting

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// reportData is everything a report is computed from: the evidence window (EvidenceWeeks ending
// with the report's week), with the week's part marked.
type reportData struct {
	weekStart, weekEnd time.Time // [start, end) in the client's time zone
	weekFrom, weekTo   time.Time // the week's Monday and Sunday as dates
	pieces             []pieceFact
	reviews            []reviewFact
	edits              []editFact
	checks             []CheckRow
	claims             []claimFact // flags on the window's generated versions
	swaps              []swapHit   // word swaps editors repeated, computed when rules run
}

// pieceFact is a published piece with its latest results.
type pieceFact struct {
	ID          int64
	Pillar      string
	HumanOnly   bool
	SourceType  string
	PublishedAt time.Time
	URL         string
	Brief       string
	ER          *float64
	inWeek      bool
}

// decisionRejected is reviews.decision of a rejection, as the engine's lifecycle records it.
const decisionRejected = "rejected"

// reviewFact is one review of a client's piece.
type reviewFact struct {
	PieceID      int64
	Decision     string
	FailureModes []string
	Comment      string
	Reviewer     string
	CreatedAt    time.Time
	Pillar       string
	Brief        string
	inWeek       bool
}

// editFact is a human version that replaced an AI one: the text an editor changed.
type editFact struct {
	PieceID   int64
	Phase     string
	Version   int
	AIText    string
	HumanText string
	CreatedAt time.Time
	inWeek    bool
}

func (d reportData) emptyWeek() bool {
	for _, p := range d.pieces {
		if p.inWeek {
			return false
		}
	}
	for _, r := range d.reviews {
		if r.inWeek {
			return false
		}
	}
	for _, e := range d.edits {
		if e.inWeek {
			return false
		}
	}
	return true
}

func loadData(ctx context.Context, db database.DBTX, clientID int64, week Week, now time.Time, loc *time.Location) (reportData, error) {
	d := reportData{weekStart: week.Start(loc), weekEnd: week.End(loc)}
	d.weekFrom = DateOnly(d.weekStart, loc)
	d.weekTo = d.weekFrom.AddDate(0, 0, 6)
	evStart := d.weekEnd.AddDate(0, 0, -7*EvidenceWeeks)
	evFrom := d.weekTo.AddDate(0, 0, 1-7*EvidenceWeeks)
	var err error
	if d.pieces, err = loadPieces(ctx, db, clientID, evFrom, d.weekTo, DateOnly(now, loc)); err != nil {
		return d, err
	}
	if d.reviews, err = loadReviews(ctx, db, clientID, evStart, d.weekEnd); err != nil {
		return d, err
	}
	if d.edits, err = loadEdits(ctx, db, clientID, evStart, d.weekEnd); err != nil {
		return d, err
	}
	if d.checks, err = loadChecks(ctx, db, clientID, d.weekStart, d.weekEnd); err != nil {
		return d, err
	}
	if d.claims, err = loadClaims(ctx, db, clientID, evStart, d.weekEnd); err != nil {
		return d, err
	}
	for i := range d.pieces {
		p := &d.pieces[i]
		p.inWeek = !p.PublishedAt.Before(d.weekFrom) && !p.PublishedAt.After(d.weekTo)
	}
	for i := range d.reviews {
		d.reviews[i].inWeek = !d.reviews[i].CreatedAt.Before(d.weekStart)
	}
	for i := range d.edits {
		d.edits[i].inWeek = !d.edits[i].CreatedAt.Before(d.weekStart)
	}
	return d, nil
}

// loadPieces loads the pieces published between from and to (dates) with their latest snapshot up
// to asOf.
func loadPieces(ctx context.Context, db database.DBTX, clientID int64, from, to, asOf time.Time) ([]pieceFact, error) {
	rows, err := db.Query(ctx, `
		SELECT p.id, p.pillar, p.human_only, COALESCE(s.source_type, ''), p.published_at,
			COALESCE(p.published_url, ''), p.brief,
			m.impressions, m.reactions, m.comments, m.reposts, m.clicks, m.engagements
		FROM pieces p
		LEFT JOIN source_signals s ON s.id = p.source_signal_id
		LEFT JOIN LATERAL (
			SELECT impressions, reactions, comments, reposts, clicks, engagements FROM metric_snapshots
			WHERE piece_id = p.id AND snapshot_date <= $4
			ORDER BY snapshot_date DESC, id DESC LIMIT 1) m ON true
		WHERE p.client_id = $1 AND p.published_at >= $2 AND p.published_at <= $3
		ORDER BY p.published_at, p.id`, clientID, from, to, asOf)
	if err != nil {
		return nil, fmt.Errorf("reporting: load published pieces: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pieceFact, error) {
		var p pieceFact
		var m Metrics
		err := row.Scan(&p.ID, &p.Pillar, &p.HumanOnly, &p.SourceType, &p.PublishedAt, &p.URL, &p.Brief,
			&m.Impressions, &m.Reactions, &m.Comments, &m.Reposts, &m.Clicks, &m.Engagements)
		p.ER = EngagementRate(m)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting: load published pieces: %w", err)
	}
	return out, nil
}

func loadReviews(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]reviewFact, error) {
	rows, err := db.Query(ctx, `
		SELECT r.piece_id, r.decision, r.failure_modes, r.comment, r.reviewer, r.created_at, p.pillar, p.brief
		FROM reviews r JOIN pieces p ON p.id = r.piece_id
		WHERE p.client_id = $1 AND r.created_at >= $2 AND r.created_at < $3
		ORDER BY r.created_at, r.id`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("reporting: load reviews: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (reviewFact, error) {
		var r reviewFact
		err := row.Scan(&r.PieceID, &r.Decision, &r.FailureModes, &r.Comment, &r.Reviewer, &r.CreatedAt, &r.Pillar, &r.Brief)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting: load reviews: %w", err)
	}
	return out, nil
}

// loadEdits pairs each human version made in [start, end) with the AI version it replaced.
func loadEdits(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]editFact, error) {
	rows, err := db.Query(ctx, `
		SELECT h.piece_id, h.phase, h.version, a.content, h.content, h.created_at
		FROM piece_versions h
		JOIN pieces p ON p.id = h.piece_id
		JOIN piece_versions a ON a.piece_id = h.piece_id AND a.phase = h.phase AND a.version = h.version - 1
		WHERE p.client_id = $1 AND h.author_kind = 'human' AND a.author_kind = 'ai'
			AND h.created_at >= $2 AND h.created_at < $3
		ORDER BY h.piece_id, h.phase, h.version`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("reporting: load edits: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (editFact, error) {
		var e editFact
		err := row.Scan(&e.PieceID, &e.Phase, &e.Version, &e.AIText, &e.HumanText, &e.CreatedAt)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting: load edits: %w", err)
	}
	return out, nil
}

// loadChecks counts the check findings left on versions generated in [start, end), by kind. Claims
// a version makes that its source does not contain count as factual errors.
func loadChecks(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]CheckRow, error) {
	rows, err := db.Query(ctx, `
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
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CheckRow, error) {
		var c CheckRow
		err := row.Scan(&c.Kind, &c.Count)
		c.Document = checkDocument(c.Kind)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting: load check findings: %w", err)
	}
	return out, nil
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
