package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

func (b *Bot) mosBind(ctx context.Context, cmd slack.SlashCommand, args []string) {
	if len(args) < 2 || len(args) > 3 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID,
			"Usage: `/mos bind <client> <platform> [cap]`, e.g. `/mos bind northwind linkedin 3`.")
		return
	}
	var capPtr *int
	if len(args) == 3 {
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 0 || n > 100 {
			b.tell(ctx, cmd.ChannelID, cmd.UserID, "The cap must be a whole number from 0 to 100, e.g. `/mos bind northwind linkedin 3`.")
			return
		}
		capPtr = &n
	}
	if err := b.requireMember(ctx, cmd.ChannelID); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	bind, err := b.engine.Bind(ctx, cmd.ChannelID, strings.ToLower(args[0]), strings.ToLower(args[1]), capPtr, cmd.UserID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf(
		"<@%s> bound this channel to *%s* on *%s*, up to %d new pieces a day.%s Start one with `/draft`.%s",
		cmd.UserID, escapeText(bind.ClientName), escapeText(bind.Platform), bind.DailyCap, b.cadenceNote(ctx, bind),
		b.noApproverHint(ctx, bind)))
}

// noApproverHint warns when nobody could approve the pieces a channel is about to make.
func (b *Bot) noApproverHint(ctx context.Context, bind engine.Binding) string {
	if ids, err := b.os.Approvers(ctx, bind.ClientID); err == nil && len(ids) == 0 {
		return " Nobody can approve pieces yet. " + whoNamesTheFirst(bind.ClientSlug)
	}
	return ""
}

func (b *Bot) mosCap(ctx context.Context, cmd slack.SlashCommand, args []string) {
	if len(args) == 0 {
		st, err := b.engine.Status(ctx, cmd.ChannelID)
		if err != nil {
			b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
			return
		}
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("%d of %d new pieces started today; the count resets at %s.",
			st.Cap.Used, st.Cap.Cap, st.Cap.ResetsAt.Format("Mon 15:04 MST")))
		return
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || len(args) > 1 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos cap` to see today's count, `/mos cap 5` to set the cap (0–100).")
		return
	}
	bind, err := b.engine.SetCap(ctx, cmd.ChannelID, n, cmd.UserID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("<@%s> set this channel's daily cap to %d new pieces.", cmd.UserID, bind.DailyCap))
}

func (b *Bot) mosStatus(ctx context.Context, cmd slack.SlashCommand, _ []string) {
	st, err := b.engine.Status(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	text := statusText(st)
	if ok, err := b.os.IsApprover(ctx, st.Binding.ClientID, cmd.UserID); err == nil && ok {
		if h, err := b.engine.Health(ctx); err == nil {
			text += "\n\n" + healthText(h)
		}
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, "Channel status", textSection(text))
}
