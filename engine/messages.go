package engine

import (
	"context"
	"fmt"
	"time"
)

// PieceMessage names one of the two Slack messages of a piece.
type PieceMessage string

const (
	ParentMessage PieceMessage = "message" // the piece's message in its channel
	DraftMessage  PieceMessage = "draft"   // the draft's reply in that message's thread
)

// column is where the message's ts is recorded, and mark where its first post was begun.
func (m PieceMessage) columns() (column, mark string) {
	if m == DraftMessage {
		return "draft_ts", "draft_post_at"
	}
	return "message_ts", "message_post_at"
}

// BeginPost notes that the adapter is about to post the piece's message m for the first time and
// returns when an earlier attempt set out to do the same (zero when none did). A non-zero time
// means a replica may have died after Slack made the message but before RecordMessage: the
// adapter looks for it before posting another.
func (e *Engine) BeginPost(ctx context.Context, pieceID int64, m PieceMessage) (time.Time, error) {
	_, mark := m.columns()
	var earlier *time.Time
	err := e.pool.QueryRow(ctx, fmt.Sprintf(`UPDATE pieces p SET %[1]s = coalesce(p.%[1]s, now())
		FROM (SELECT id, %[1]s AS before FROM pieces WHERE id = $1 FOR UPDATE) old
		WHERE p.id = old.id RETURNING old.before`, mark), pieceID).Scan(&earlier)
	if err != nil {
		return time.Time{}, fmt.Errorf("engine: begin posting the %s of piece %d: %w", m, pieceID, err)
	}
	if earlier == nil {
		return time.Time{}, nil
	}
	return *earlier, nil
}

// RecordMessage records the piece's message m once and returns the one recorded: ts when this
// call recorded it, the earlier one when another replica recorded its own first (the adapter then
// deletes its copy).
func (e *Engine) RecordMessage(ctx context.Context, pieceID int64, m PieceMessage, ts string) (string, error) {
	column, _ := m.columns()
	var recorded string
	err := e.pool.QueryRow(ctx, fmt.Sprintf(`WITH won AS (UPDATE pieces SET %[1]s = $2, updated_at = now()
			WHERE id = $1 AND %[1]s IS NULL RETURNING %[1]s)
		SELECT coalesce((SELECT %[1]s FROM won), (SELECT %[1]s FROM pieces WHERE id = $1), '')`, column),
		pieceID, ts).Scan(&recorded)
	if err != nil {
		return "", fmt.Errorf("engine: record the %s of piece %d: %w", m, pieceID, err)
	}
	return recorded, nil
}
