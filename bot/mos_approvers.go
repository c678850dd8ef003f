package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
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
	if err := b.changeApprovers(ctx, bind.ClientID, args[0], m[1], cmd.UserID); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, approverChangeError(err, bind.ClientSlug, m[1]))
		return
	}
	verb := map[string]string{"add": "added", "remove": "removed"}[args[0]]
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("<@%s> %s <@%s> as an approver for *%s*.",
		cmd.UserID, verb, m[1], escapeText(bind.ClientName)))
}

// changeApprovers adds or removes who on actor's authority; adding a client's first approver
// takes a workspace admin or someone in MOS_ADMINS.
func (b *Bot) changeApprovers(ctx context.Context, clientID int64, verb, who, actor string) error {
	if verb == "remove" {
		return b.os.RemoveApproverAs(ctx, clientID, who, actor, clientos.AsMember)
	}
	auth, err := b.approverAuthority(ctx, clientID, actor)
	if err != nil {
		return err
	}
	return b.os.AddApproverAs(ctx, clientID, who, actor, auth)
}

func (b *Bot) listApprovers(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding) {
	ids, err := b.os.Approvers(ctx, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(ids) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("*%s* has no approvers yet. %s",
			escapeText(bind.ClientName), whoNamesTheFirst(bind.ClientSlug)))
		return
	}
	mentions := make([]string, len(ids))
	for i, id := range ids {
		mentions[i] = "<@" + id + ">"
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Approvers for *%s*: %s", escapeText(bind.ClientName),
		strings.Join(mentions, ", ")))
}

// whoNamesTheFirst says who may name a client's first approver, and how.
func whoNamesTheFirst(clientSlug string) string {
	return "A workspace admin or someone in MOS_ADMINS can name the first with `/mos approvers add @who`; " +
		"an operator can from the terminal: `mos approvers add --client " + clientSlug + " <member id, @name or email>`."
}

// approverChangeError words the Client OS's refusals of an approver change about who.
func approverChangeError(err error, clientSlug, who string) error {
	switch {
	case errors.Is(err, clientos.ErrFirstApprover):
		return firstApproverWords(clientSlug, who)
	case errors.Is(err, clientos.ErrNoSuchApprover):
		return personError{fmt.Sprintf("<@%s> is not an approver, so there is nothing to remove.", who)}
	case errors.Is(err, clientos.ErrLastApprover):
		return personError{"a client needs at least one approver: add another before removing the last one."}
	}
	return err
}
