package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// mosHistory lists a piece's versions: who wrote each (a person or the model), when, and from which
// Client OS document versions (`/mos history #12`).
func (b *Bot) mosHistory(ctx context.Context, cmd slack.SlashCommand, args []string) {
	p, ok := b.pieceHere(ctx, cmd, "history", args)
	if !ok {
		return
	}
	versions, err := b.engine.History(ctx, p.ID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("History of piece #%d", p.ID), historyBlocks(p.ID, versions)...)
}
