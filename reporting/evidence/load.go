package evidence

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Load reads the window of Weeks weeks ending with week around pieces, the client's pieces published
// in it (FirstDay to week.To) with their results, which package reporting, the owner of results,
// loads.
func Load(ctx context.Context, db database.DBTX, clientID int64, week Week, pieces []Piece) (Window, error) {
	d := Window{Week: week, Pieces: pieces}
	evStart := week.End.AddDate(0, 0, -7*Weeks)
	var err error
	if d.Reviews, err = loadReviews(ctx, db, clientID, evStart, week.End); err != nil {
		return d, err
	}
	if d.Edits, err = loadEdits(ctx, db, clientID, evStart, week.End); err != nil {
		return d, err
	}
	if d.Claims, err = loadClaims(ctx, db, clientID, evStart, week.End); err != nil {
		return d, err
	}
	for i := range d.Pieces {
		p := &d.Pieces[i]
		p.InWeek = !p.PublishedAt.Before(week.From) && !p.PublishedAt.After(week.To)
	}
	for i := range d.Reviews {
		d.Reviews[i].InWeek = !d.Reviews[i].CreatedAt.Before(week.Start)
	}
	for i := range d.Edits {
		d.Edits[i].InWeek = !d.Edits[i].CreatedAt.Before(week.Start)
	}
	return d, nil
}

func loadReviews(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]Review, error) {
	out, err := database.Collect(ctx, db, scanReview, `
		SELECT r.piece_id, r.decision, r.failure_modes, r.comment, r.reviewer, r.created_at, p.pillar, p.brief
		FROM reviews r JOIN pieces p ON p.id = r.piece_id
		WHERE p.client_id = $1 AND r.created_at >= $2 AND r.created_at < $3
		ORDER BY r.created_at, r.id`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("evidence: load reviews: %w", err)
	}
	return out, nil
}

func scanReview(row pgx.CollectableRow) (Review, error) {
	var r Review
	err := row.Scan(&r.PieceID, &r.Decision, &r.FailureModes, &r.Comment, &r.Reviewer, &r.CreatedAt, &r.Pillar, &r.Brief)
	return r, err
}

// loadEdits pairs each human version made in [start, end) with the AI version it replaced.
func loadEdits(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]Edit, error) {
	out, err := database.Collect(ctx, db, scanEdit, `
		SELECT h.piece_id, h.phase, h.version, a.content, h.content, h.created_at
		FROM piece_versions h
		JOIN pieces p ON p.id = h.piece_id
		JOIN piece_versions a ON a.piece_id = h.piece_id AND a.phase = h.phase AND a.version = h.version - 1
		WHERE p.client_id = $1 AND h.author_kind = 'human' AND a.author_kind = 'ai'
			AND h.created_at >= $2 AND h.created_at < $3
		ORDER BY h.piece_id, h.phase, h.version`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("evidence: load edits: %w", err)
	}
	return out, nil
}

func scanEdit(row pgx.CollectableRow) (Edit, error) {
	var e Edit
	err := row.Scan(&e.PieceID, &e.Phase, &e.Version, &e.AIText, &e.HumanText, &e.CreatedAt)
	return e, err
}

// loadClaims reads the claim flags of the client's versions generated in [start, end).
func loadClaims(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]Claim, error) {
	out, err := database.Collect(ctx, db, scanClaim, `
		SELECT v.piece_id, f.kind, f.claim, f.verdict
		FROM claim_flags f
		JOIN piece_versions v ON v.id = f.version_id
		JOIN pieces p ON p.id = v.piece_id
		WHERE p.client_id = $1 AND v.created_at >= $2 AND v.created_at < $3
		ORDER BY v.piece_id, v.version, f.position`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("evidence: load claim flags: %w", err)
	}
	return out, nil
}

func scanClaim(row pgx.CollectableRow) (Claim, error) {
	var c Claim
	err := row.Scan(&c.PieceID, &c.Kind, &c.Claim, &c.Verdict)
	return c, err
}
