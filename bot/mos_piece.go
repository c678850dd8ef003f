package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// mosPiece shows one piece's quality record (`/mos piece #12`): how its outline and draft went,
// what people changed, what was left at approval, the OS it was written with and its voice match.
func (b *Bot) mosPiece(ctx context.Context, cmd slack.SlashCommand, args []string) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.Join(args, ""), "#"), 10, 64)
	if len(args) != 1 || err != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos piece #<piece>`, e.g. `/mos piece #12` (the number is in each piece's title).")
		return
	}
	p, err := b.engine.Piece(ctx, id)
	if err != nil || p.ChannelID != cmd.ChannelID {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("There is no piece #%d in this channel. `/mos status` lists the pieces here.", id))
		return
	}
	q, err := b.engine.PieceQuality(ctx, id)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Quality record of piece #%d", id), qualityBlocks(p, q)...)
}
