package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// mosLog records a published human-written piece (`/mos log <url> [pillar]`), the baseline the
// weekly report compares AI-assisted pieces against.
func (b *Bot) mosLog(ctx context.Context, cmd slack.SlashCommand, args []string) {
	if len(args) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos log <url> [pillar]`, e.g. "+
			"`/mos log https://www.linkedin.com/feed/update/urn:li:activity:7123 Faster close`.")
		return
	}
	url := strings.Trim(args[0], "<>")
	url, _, _ = strings.Cut(url, "|")
	pillar := strings.Join(args[1:], " ")
	p, err := b.engine.LogHumanPiece(ctx, cmd.ChannelID, cmd.UserID, unwrapSlackLink(url), pillar)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	what := "a human-written piece"
	if p.Pillar != "" {
		what += " in *" + escapeText(p.Pillar) + "*"
	}
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("<@%s> logged %s (#%d) for the weekly baseline: %s",
		cmd.UserID, what, p.ID, link(url, url)))
}
