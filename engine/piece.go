package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Piece is one unit of content moving through the lifecycle.
type Piece struct {
	ID             int64
	ClientID       int64
	ChannelID      string
	Platform       string
	Pillar         string // the requested pillar until the outline chooses one
	State          State
	FailedFrom     State // set while failed: the state a retry resumes
	FailureReason  string
	HumanOnly      bool
	SourceSignalID int64
	Brief          string
	RequestedBy    string
	MessageTS      string // the outline message, updated in place
	DraftTS        string
	// Busy is BusyRevising while a revise job is queued or running, else "".
	Busy string
	// Note is the engine's last word on the piece that is not a version, as data: a Notice (read it
	// with StoredNotice) or, for a revision that gave up, a Failure (StoredFailure).
	Note string
	// Trouble is set while the piece's generation (outline, draft or revision) retries after a
	// failed attempt: what went wrong and when it tries again. nil otherwise.
	Trouble        *Trouble
	PublishedURL   string
	PublishedAt    time.Time // the publication date (midnight UTC); zero until published
	ActivityURN    string    // urn:li:activity:<id> when the published URL carries one
	StateChangedAt time.Time // when the piece entered its current state
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// BusyRevising is Piece.Busy while a revision is being written.
const BusyRevising = "revising"

// BusyDrafting is View.Busy while the draft is being written (the piece is outline_approved).
const BusyDrafting = "drafting"

const pieceColumns = `id, client_id, channel_id, platform, pillar, state, coalesce(failed_from, ''),
	failure_reason, human_only, coalesce(source_signal_id, 0), brief, requested_by,
	coalesce(message_ts, ''), coalesce(draft_ts, ''), busy, note, coalesce(published_url, ''),
	published_at, coalesce(activity_urn, ''), state_changed_at, created_at, updated_at, trouble`

// scanPiece reads pieceColumns, then any extra columns the query selected after them.
func scanPiece(row pgx.Row, extra ...any) (Piece, error) {
	var p Piece
	var publishedAt *time.Time
	var trouble []byte
	err := row.Scan(append([]any{&p.ID, &p.ClientID, &p.ChannelID, &p.Platform, &p.Pillar, &p.State, &p.FailedFrom,
		&p.FailureReason, &p.HumanOnly, &p.SourceSignalID, &p.Brief, &p.RequestedBy,
		&p.MessageTS, &p.DraftTS, &p.Busy, &p.Note, &p.PublishedURL, &publishedAt, &p.ActivityURN,
		&p.StateChangedAt, &p.CreatedAt, &p.UpdatedAt, &trouble}, extra...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, database.ErrNotFound
	}
	if publishedAt != nil {
		p.PublishedAt = *publishedAt
	}
	if err == nil && trouble != nil {
		p.Trouble = new(Trouble)
		if jerr := json.Unmarshal(trouble, p.Trouble); jerr != nil {
			return p, fmt.Errorf("engine: trouble of piece %d: %w", p.ID, jerr)
		}
	}
	return p, err
}

// getPiece loads a piece.
func getPiece(ctx context.Context, db database.DBTX, id int64) (Piece, error) {
	p, err := scanPiece(db.QueryRow(ctx, `SELECT `+pieceColumns+` FROM pieces WHERE id = $1`, id))
	if err != nil {
		return p, fmt.Errorf("engine: load piece %d: %w", id, err)
	}
	return p, nil
}

// Piece returns one piece.
func (e *Engine) Piece(ctx context.Context, id int64) (Piece, error) {
	return getPiece(ctx, e.pool, id)
}

// Retry resumes a failed piece where it stopped and queues the job for that step again, in one
// transaction. Anyone in the channel may. A piece that is not failed (already retried, say) gives
// a *StaleError.
func (e *Engine) Retry(ctx context.Context, pieceID int64, userID string) (Piece, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return p, err
	}
	if p.State != StateFailed {
		return p, &StaleError{PieceID: pieceID, Want: StateFailed, State: p.State, Busy: p.Busy}
	}
	m, ok := retryMove(p.FailedFrom)
	if !ok {
		return p, fmt.Errorf("engine: piece %d failed from %q, which no retry resumes", pieceID, p.FailedFrom)
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID})
		return err
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, "piece retried", "piece_id", pieceID, "user_id", userID, "state", p.State)
	_ = e.notify(ctx, pieceID)
	return p, nil
}
