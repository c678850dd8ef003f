package engine

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// DMCard is the message in an approver's DM that shows a piece: one per piece per approver, posted
// the first time the piece waits for them and updated in place on every change after that.
type DMCard struct {
	PieceID   int64
	UserID    string
	ChannelID string
	TS        string
}

// DMCards lists the cards of a piece, one per approver who has one, in the order they were posted.
func (e *Engine) DMCards(ctx context.Context, pieceID int64) ([]DMCard, error) {
	rows, err := e.pool.Query(ctx, `SELECT piece_id, user_id, channel_id, ts FROM dm_cards
		WHERE piece_id = $1 ORDER BY created_at, user_id`, pieceID)
	if err != nil {
		return nil, fmt.Errorf("engine: DM cards of piece %d: %w", pieceID, err)
	}
	return collectCards(rows, pieceID)
}

// DMCardsOf returns a person's cards of the given pieces, by piece; pieces without a card for them
// are missing from the map.
func (e *Engine) DMCardsOf(ctx context.Context, userID string, pieceIDs []int64) (map[int64]DMCard, error) {
	rows, err := e.pool.Query(ctx, `SELECT piece_id, user_id, channel_id, ts FROM dm_cards
		WHERE user_id = $1 AND piece_id = ANY($2)`, userID, pieceIDs)
	if err != nil {
		return nil, fmt.Errorf("engine: DM cards of %s: %w", userID, err)
	}
	cards, err := collectCards(rows, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]DMCard, len(cards))
	for _, c := range cards {
		out[c.PieceID] = c
	}
	return out, nil
}

func collectCards(rows pgx.Rows, pieceID int64) ([]DMCard, error) {
	cards, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (DMCard, error) {
		var c DMCard
		return c, r.Scan(&c.PieceID, &c.UserID, &c.ChannelID, &c.TS)
	})
	if err != nil {
		return nil, fmt.Errorf("engine: DM cards of piece %d: %w", pieceID, err)
	}
	return cards, nil
}

// SetDMCard records the card posted to an approver, once: false means one was recorded already
// (another replica posted at the same time), so the caller deletes its copy and updates that one.
func (e *Engine) SetDMCard(ctx context.Context, c DMCard) (bool, error) {
	tag, err := e.pool.Exec(ctx, `INSERT INTO dm_cards (piece_id, user_id, channel_id, ts) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, c.PieceID, c.UserID, c.ChannelID, c.TS)
	if err != nil {
		return false, fmt.Errorf("engine: record DM card of piece %d for %s: %w", c.PieceID, c.UserID, err)
	}
	return tag.RowsAffected() == 1, nil
}
