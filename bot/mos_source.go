package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/database"
)

// mosSource shows what was read from a piece's source: title, links, when, the outcome and the
// text itself (`/mos source #12`), so a link that dies later still shows what the piece rests on.
func (b *Bot) mosSource(ctx context.Context, cmd slack.SlashCommand, args []string) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.Join(args, ""), "#"), 10, 64)
	if len(args) != 1 || err != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos source #<piece>`, e.g. `/mos source #12` (the number is in each piece's title).")
		return
	}
	src, err := b.engine.PieceSource(ctx, cmd.ChannelID, id)
	if errors.Is(err, database.ErrNotFound) {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("There is no piece #%d in this channel. `/mos status` lists the pieces here.", id))
		return
	}
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Source of piece #%d", id), sourceBlocks(id, src)...)
}
