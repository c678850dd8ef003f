package engine

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Published lists a channel's published pieces, newest first, for the results form's menu.
func (e *Engine) Published(ctx context.Context, channelID string, limit int) ([]Piece, error) {
	ps, err := database.Collect(ctx, e.pool, func(r pgx.CollectableRow) (Piece, error) { return scanPiece(r) },
		`SELECT `+pieceColumns+` FROM pieces
		WHERE channel_id = $1 AND state = $3 ORDER BY published_at DESC NULLS LAST, id DESC LIMIT $2`,
		channelID, limit, string(StatePublished))
	if err != nil {
		return nil, fmt.Errorf("engine: list published pieces: %w", err)
	}
	return ps, nil
}
