package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Queue is what waits for one approver's decision, longest-waiting first: the App Home shows it.
type Queue struct {
	Items []Waiting
	// Total counts every piece waiting for them, shown or not.
	Total int
}

// Waiting is a piece in an approver's queue: its view (without the cap) and how long it has waited
// in its state.
type Waiting struct {
	View
	Waited time.Duration
}

// awaitingList is AwaitingDecision as an SQL list: the predicate of the pieces_waiting_idx index.
var awaitingList = sqlList(AwaitingDecision())

// Queue lists the pieces waiting for a decision (AwaitingDecision) in every client userID approves
// for, longest-waiting first, at most limit of them, with the count of all. It makes the same five
// queries whatever the number of pieces: the App Home is drawn from it on every change.
func (e *Engine) Queue(ctx context.Context, userID string, limit int) (Queue, error) {
	var q Queue
	rows, err := e.pool.Query(ctx, `WITH w AS (
			SELECT p.*, count(*) OVER () AS total FROM pieces p
			JOIN approvers a ON a.client_id = p.client_id AND a.user_id = $1
			WHERE p.state IN (`+awaitingList+`)
			ORDER BY p.state_changed_at, p.id LIMIT $2)
		SELECT `+pieceColumns+`, total, extract(epoch FROM $3::timestamptz - state_changed_at)
		FROM w ORDER BY state_changed_at, id`, userID, limit, e.now())
	if err != nil {
		return q, fmt.Errorf("engine: queue of %s: %w", userID, err)
	}
	waited := map[int64]time.Duration{}
	pieces, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Piece, error) {
		var secs float64
		p, err := scanPiece(r, &q.Total, &secs)
		waited[p.ID] = time.Duration(secs * float64(time.Second))
		return p, err
	})
	if err != nil {
		return q, fmt.Errorf("engine: queue of %s: %w", userID, err)
	}
	views, err := viewsOf(ctx, e.pool, pieces)
	if err != nil {
		return q, err
	}
	for _, v := range views {
		q.Items = append(q.Items, Waiting{View: v, Waited: waited[v.Piece.ID]})
	}
	return q, nil
}

// Views reads the views of several pieces (without the cap), in the order of ids, in five queries
// whatever their number. Missing pieces are left out.
func (e *Engine) Views(ctx context.Context, ids []int64) ([]View, error) {
	pieces, err := queryPieces(ctx, e.pool, `SELECT `+pieceColumns+` FROM pieces WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Piece, len(pieces))
	for _, p := range pieces {
		byID[p.ID] = p
	}
	ordered := make([]Piece, 0, len(pieces))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			ordered = append(ordered, p)
			delete(byID, id)
		}
	}
	return viewsOf(ctx, e.pool, ordered)
}

func queryPieces(ctx context.Context, db database.DBTX, sql string, args ...any) ([]Piece, error) {
	out, err := database.Collect(ctx, db, func(r pgx.CollectableRow) (Piece, error) { return scanPiece(r) }, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: load pieces: %w", err)
	}
	return out, nil
}

// viewsOf completes the views of pieces already read: their clients, sources, latest versions and
// reviews, one query each.
func viewsOf(ctx context.Context, db database.DBTX, pieces []Piece) ([]View, error) {
	ids, clientIDs, sourceIDs := make([]int64, len(pieces)), make([]int64, len(pieces)), make([]int64, len(pieces))
	for i, p := range pieces {
		ids[i], clientIDs[i], sourceIDs[i] = p.ID, p.ClientID, p.SourceSignalID
	}
	if len(pieces) == 0 {
		return nil, nil
	}
	clients, err := clientNames(ctx, db, clientIDs)
	if err != nil {
		return nil, err
	}
	sources, err := sourcesByID(ctx, db, sourceIDs)
	if err != nil {
		return nil, err
	}
	latest, err := queryVersions(ctx, db, `SELECT DISTINCT ON (piece_id, phase) `+versionColumns+`
		FROM piece_versions WHERE piece_id = ANY($1) ORDER BY piece_id, phase, version DESC`, ids)
	if err != nil {
		return nil, err
	}
	revs, err := reviewsOf(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	versions := map[int64][]Version{}
	for _, v := range latest {
		versions[v.PieceID] = append(versions[v.PieceID], v)
	}
	views := make([]View, len(pieces))
	for i, p := range pieces {
		v := View{Piece: p, ClientSlug: clients[p.ClientID][0], ClientName: clients[p.ClientID][1],
			Source: sources[p.SourceSignalID], Reviews: revs[p.ID]}
		if err := v.setVersions(versions[p.ID]); err != nil {
			return nil, err
		}
		v.derive()
		views[i] = v
	}
	return views, nil
}

// clientNames maps client ids to their slug and name.
func clientNames(ctx context.Context, db database.DBTX, ids []int64) (map[int64][2]string, error) {
	rows, err := db.Query(ctx, `SELECT id, slug, name FROM clients WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("engine: load clients: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]string{}
	for rows.Next() {
		var id int64
		var slug, name string
		if err := rows.Scan(&id, &slug, &name); err != nil {
			return nil, fmt.Errorf("engine: load clients: %w", err)
		}
		out[id] = [2]string{slug, name}
	}
	return out, rows.Err()
}

// sourcesByID maps source signal ids to their signals; a piece without one gets the zero Source.
func sourcesByID(ctx context.Context, db database.DBTX, ids []int64) (map[int64]Source, error) {
	list, err := database.Collect(ctx, db, scanSource, `SELECT id, source_type, url, excerpt, created_by, created_at
		FROM source_signals WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("engine: load source signals: %w", err)
	}
	out := make(map[int64]Source, len(list))
	for _, s := range list {
		out[s.ID] = s
	}
	return out, nil
}

func scanSource(r pgx.CollectableRow) (Source, error) {
	var s Source
	return s, r.Scan(&s.ID, &s.Type, &s.URL, &s.Excerpt, &s.CreatedBy, &s.CreatedAt)
}

// reviewsOf maps piece ids to their reviews, oldest first.
func reviewsOf(ctx context.Context, db database.DBTX, ids []int64) (map[int64][]Review, error) {
	rows, err := db.Query(ctx, `SELECT piece_id, id, phase, decision, failure_modes, comment, reviewer, created_at
		FROM reviews WHERE piece_id = ANY($1) ORDER BY created_at, id`, ids)
	if err != nil {
		return nil, fmt.Errorf("engine: load reviews: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Review{}
	for rows.Next() {
		var pieceID int64
		var r Review
		if err := rows.Scan(&pieceID, &r.ID, &r.Phase, &r.Decision, &r.FailureModes, &r.Comment, &r.Reviewer,
			&r.CreatedAt); err != nil {
			return nil, fmt.Errorf("engine: load reviews: %w", err)
		}
		out[pieceID] = append(out[pieceID], r)
	}
	return out, rows.Err()
}
