package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// mosHistory lists a piece's versions: who wrote each (a person or the model), when, and from which
// Client OS document versions (`/mos history #12`).
func (b *Bot) mosHistory(ctx context.Context, cmd slack.SlashCommand, args []string) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.Join(args, ""), "#"), 10, 64)
	if len(args) != 1 || err != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos history #<piece>`, e.g. `/mos history #12` (the number is in each piece's title).")
		return
	}
	p, err := b.engine.Piece(ctx, id)
	if err != nil || p.ChannelID != cmd.ChannelID {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("There is no piece #%d in this channel. `/mos status` lists the pieces here.", id))
		return
	}
	versions, err := b.engine.History(ctx, id)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("History of piece #%d", id), historyBlocks(id, versions)...)
}
