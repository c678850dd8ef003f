package effect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/quality"
)

// Piece is one AI-assisted piece with its quality record.
type Piece struct {
	ID        int64
	Pillar    string
	CreatedAt time.Time
	Record    quality.Record
	// Voice is the stored voice match (0–100) of the piece's latest draft, or of its outline when it
	// has no draft; nil when there was none, or nothing to score it against.
	Voice *int
}

// Edit is one OS edit: a document version after the first, with the proposal that wrote it (if any).
type Edit struct {
	Document   string
	Version    int
	Author     string
	At         time.Time
	ProposalID int64  // 0 for a manual edit
	Rule       string // the proposal's rule, "" for a manual edit
	// Measure is what a revert proposal stored as the measure of the edit it reverts.
	Measure string
	// Content and PrevContent are pillars.md at this version and the one before (only for pillars).
	Content, PrevContent string
}

// Load reads the client's AI-assisted pieces requested in [from, to) with their quality records,
// and the OS edits made in [editsFrom, to). Draft texts are read only for pieces a person edited:
// a piece approved as the model wrote it has an edit ratio of 0 without them.
func Load(ctx context.Context, db database.DBTX, clientID int64, from, editsFrom, to time.Time) ([]Piece, []Edit, error) {
	pieces, err := loadPieces(ctx, db, clientID, from, to)
	if err != nil {
		return nil, nil, err
	}
	if err := loadVersions(ctx, db, clientID, from, to, pieces); err != nil {
		return nil, nil, err
	}
	if err := loadReviews(ctx, db, clientID, from, to, pieces); err != nil {
		return nil, nil, err
	}
	out := make([]Piece, 0, len(pieces.order))
	for _, id := range pieces.order {
		p := pieces.byID[id]
		p.Record = quality.BuildRecord(p.history)
		p.history = quality.History{}
		out = append(out, p.Piece)
	}
	edits, err := loadEdits(ctx, db, clientID, editsFrom, to)
	return out, edits, err
}

type loading struct {
	Piece
	history quality.History
	osJSON  []string // each version's os_versions, decoded only where the record reads it
}

type pieceSet struct {
	order []int64
	byID  map[int64]*loading
}

func loadPieces(ctx context.Context, db database.DBTX, clientID int64, from, to time.Time) (pieceSet, error) {
	rows, err := db.Query(ctx, `SELECT p.id, p.pillar, p.created_at,
			COALESCE(q.draft_voice_score, q.outline_voice_score)::int
		FROM pieces p LEFT JOIN quality_records q ON q.piece_id = p.id
		WHERE p.client_id = $1 AND NOT p.human_only AND p.created_at >= $2 AND p.created_at < $3 ORDER BY p.id`,
		clientID, from, to)
	if err != nil {
		return pieceSet{}, fmt.Errorf("effect: load pieces: %w", err)
	}
	set := pieceSet{byID: map[int64]*loading{}}
	var p loading
	_, err = pgx.ForEachRow(rows, []any{&p.ID, &p.Pillar, &p.CreatedAt, &p.Voice}, func() error {
		c := p
		set.order = append(set.order, c.ID)
		set.byID[c.ID] = &c
		return nil
	})
	if err != nil {
		return pieceSet{}, fmt.Errorf("effect: load pieces: %w", err)
	}
	return set, nil
}

const piecesInWindow = `SELECT id FROM pieces WHERE client_id = $1 AND NOT human_only AND created_at >= $2 AND created_at < $3`

func loadVersions(ctx context.Context, db database.DBTX, clientID int64, from, to time.Time, set pieceSet) error {
	rows, err := db.Query(ctx, `
		SELECT piece_id, phase, ai, CASE WHEN edited THEN content ELSE '' END, os_versions, os_hash, warnings, flags, created_at
		FROM (SELECT v.piece_id, v.phase, v.author_kind = 'ai' AS ai, v.content, v.os_versions::text AS os_versions, v.os_hash,
			CASE WHEN jsonb_typeof(v.warnings) = 'array' THEN jsonb_array_length(v.warnings) ELSE 0 END AS warnings,
			CASE WHEN v.phase = 'draft' THEN (SELECT count(*) FROM claim_flags f WHERE f.version_id = v.id)::int ELSE 0 END AS flags,
			v.phase = 'draft' AND bool_or(v.phase = 'draft' AND v.author_kind = 'human') OVER (PARTITION BY v.piece_id) AS edited,
			v.created_at, v.id
			FROM piece_versions v WHERE v.piece_id IN (`+piecesInWindow+`)) x
		ORDER BY piece_id, created_at, id`, clientID, from, to)
	if err != nil {
		return fmt.Errorf("effect: load versions: %w", err)
	}
	var id int64
	var v quality.VersionEvent
	var osJSON string
	_, err = pgx.ForEachRow(rows, []any{&id, &v.Phase, &v.AI, &v.Content, &osJSON, &v.OSHash, &v.Warnings,
		&v.UnresolvedFlags, &v.At}, func() error {
		if p := set.byID[id]; p != nil {
			p.history.Versions = append(p.history.Versions, v)
			p.osJSON = append(p.osJSON, osJSON)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("effect: load versions: %w", err)
	}
	for _, p := range set.byID {
		if err := p.decodeWrittenWith(); err != nil {
			return err
		}
	}
	return nil
}

// decodeWrittenWith decodes the OS versions of the one version the record reads them from (the
// first AI outline, else the first AI version): decoding every version's would cost more than
// all the rest.
func (p *loading) decodeWrittenWith() error {
	i := slices.IndexFunc(p.history.Versions, func(v quality.VersionEvent) bool {
		return v.AI && v.Phase == quality.PhaseOutline
	})
	if i < 0 {
		i = slices.IndexFunc(p.history.Versions, func(v quality.VersionEvent) bool { return v.AI })
	}
	if i < 0 {
		return nil
	}
	if err := json.Unmarshal([]byte(p.osJSON[i]), &p.history.Versions[i].OSVersions); err != nil {
		return fmt.Errorf("effect: OS versions of piece %d: %w", p.ID, err)
	}
	p.osJSON = nil
	return nil
}

func loadReviews(ctx context.Context, db database.DBTX, clientID int64, from, to time.Time, set pieceSet) error {
	rows, err := db.Query(ctx, `SELECT piece_id, phase, decision, failure_modes, created_at FROM reviews
		WHERE piece_id IN (`+piecesInWindow+`) ORDER BY piece_id, created_at, id`, clientID, from, to)
	if err != nil {
		return fmt.Errorf("effect: load reviews: %w", err)
	}
	var id int64
	var r quality.ReviewEvent
	_, err = pgx.ForEachRow(rows, []any{&id, &r.Phase, &r.Decision, &r.FailureModes, &r.At}, func() error {
		if p := set.byID[id]; p != nil {
			p.history.Reviews = append(p.history.Reviews, r)
		}
		r.FailureModes = nil
		return nil
	})
	if err != nil {
		return fmt.Errorf("effect: load reviews: %w", err)
	}
	return nil
}

func loadEdits(ctx context.Context, db database.DBTX, clientID int64, from, to time.Time) ([]Edit, error) {
	out, err := database.Collect(ctx, db, scanOSEdit, `
		SELECT o.document, o.version, o.author, o.created_at, COALESCE(pr.id, 0), COALESCE(pr.rule, ''),
			COALESCE(pr.evidence->>'measure', ''),
			CASE WHEN o.document = 'pillars' THEN o.content ELSE '' END,
			CASE WHEN o.document = 'pillars' THEN COALESCE(prev.content, '') ELSE '' END
		FROM os_versions o
		LEFT JOIN proposals pr ON pr.client_id = o.client_id AND pr.document = o.document
			AND pr.applied_version = o.version AND pr.state = 'applied'
		LEFT JOIN os_versions prev ON prev.client_id = o.client_id AND prev.document = o.document
			AND prev.version = o.version - 1
		WHERE o.client_id = $1 AND o.version > 1 AND o.created_at >= $2 AND o.created_at < $3
		ORDER BY o.created_at, o.id`, clientID, from, to)
	if err != nil {
		return nil, fmt.Errorf("effect: load OS edits: %w", err)
	}
	return out, nil
}

func scanOSEdit(row pgx.CollectableRow) (Edit, error) {
	var e Edit
	err := row.Scan(&e.Document, &e.Version, &e.Author, &e.At, &e.ProposalID, &e.Rule, &e.Measure,
		&e.Content, &e.PrevContent)
	return e, err
}
