package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// userMention matches Slack's escaped mention in command text: <@U123> or <@U123|name>.
var userMention = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(\|[^>]*)?>$`)

const approversUsage = "Usage: `/mos approvers` to list, `/mos approvers add @who` or `/mos approvers remove @who`."

func (b *Bot) mosApprovers(ctx context.Context, cmd slack.SlashCommand, args []string) {
	bind, err := b.engine.BindingFor(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(args) == 0 {
		b.listApprovers(ctx, cmd, bind)
		return
	}
	if len(args) != 2 || (args[0] != "add" && args[0] != "remove") {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, approversUsage)
		return
	}
	m := userMention.FindStringSubmatch(args[1])
	if m == nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "I need a person mentioned with @, e.g. `/mos approvers add @maria`.")
		return
	}
	if err := b.changeApprovers(ctx, bind, cmd.UserID, args[0], m[1]); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	verb := map[string]string{"add": "added", "remove": "removed"}[args[0]]
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("<@%s> %s <@%s> as an approver for *%s*.",
		cmd.UserID, verb, m[1], escapeText(bind.ClientName)))
}

func (b *Bot) listApprovers(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding) {
	ids, err := clientos.Approvers(ctx, b.pool, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(ids) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("*%s* has no approvers yet. The first one can add themselves: `/mos approvers add @you`.",
			escapeText(bind.ClientName)))
		return
	}
	mentions := make([]string, len(ids))
	for i, id := range ids {
		mentions[i] = "<@" + id + ">"
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Approvers for *%s*: %s", escapeText(bind.ClientName),
		strings.Join(mentions, ", ")))
}

// changeApprovers lets an approver add or remove one. A client with no approvers yet accepts its
// first from anyone in a bound channel, so a new team can start; the last approver cannot leave.
func (b *Bot) changeApprovers(ctx context.Context, bind engine.Binding, actor, op, who string) error {
	ids, err := b.approversIfAny(ctx, bind.ClientID, actor)
	if err != nil {
		return err
	}
	if op == "add" {
		return clientos.AddApprover(ctx, b.pool, bind.ClientID, who, actor)
	}
	if !slices.Contains(ids, who) {
		return personError{fmt.Sprintf("<@%s> is not an approver, so there is nothing to remove.", who)}
	}
	if len(ids) == 1 {
		return personError{"a client needs at least one approver: add another before removing the last one."}
	}
	return clientos.RemoveApprover(ctx, b.pool, bind.ClientID, who, actor)
}
