package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/database"
)

// mosSource shows what was read from a piece's source: title, links, when, the outcome and the
// text itself (`/mos source #12`), so a link that dies later still shows what the piece rests on.
func (b *Bot) mosSource(ctx context.Context, cmd slack.SlashCommand, args []string) {
	id, ok := b.pieceNumber(ctx, cmd, "source", args)
	if !ok {
		return
	}
	src, err := b.engine.PieceSource(ctx, cmd.ChannelID, id)
	if errors.Is(err, database.ErrNotFound) {
		b.tellNoPiece(ctx, cmd, id)
		return
	}
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Source of piece #%d", id), sourceBlocks(id, src)...)
}
