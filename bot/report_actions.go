package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/reporting"
)

func (b *Bot) onProposalAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil {
		b.log.Warn("proposal action with a bad id", "value", a.Value)
		return
	}
	decide := reporting.Apply
	if a.ActionID == actionDismiss {
		decide = reporting.Dismiss
	}
	res, err := decide(ctx, b.pool, id, cb.User.ID)
	var stale *reporting.StaleError
	switch {
	case errors.As(err, &stale):
		b.tell(ctx, cb.Channel.ID, cb.User.ID, ":no_entry_sign: "+escapeText(upperFirst(err.Error()))+".")
		b.showProposal(ctx, id, ":warning: Stale: "+escapeText(stale.Document)+" changed since this was proposed. "+
			"Run `/mos report now` for fresh proposals.")
		return
	case errors.Is(err, reporting.ErrNotApprover):
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, personError{"only this client's approvers can apply or dismiss proposals. " +
			"An approver can add you with: /mos approvers add @you"})
		return
	case err != nil:
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	case res.Already:
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "Nothing to do: this proposal was already "+outcomeText(res)+".")
	}
	b.showProposal(ctx, id, outcomeLine(res))
}

func outcomeText(res reporting.ApplyResult) string {
	if res.State == "applied" {
		return fmt.Sprintf("applied by <@%s> as %s v%d", res.DecidedBy, res.Document, res.Version)
	}
	return fmt.Sprintf("dismissed by <@%s>", res.DecidedBy)
}

func outcomeLine(res reporting.ApplyResult) string {
	if res.State != "applied" {
		return ":wastebasket: " + upperFirst(outcomeText(res)) + "."
	}
	return fmt.Sprintf(":white_check_mark: %s. To undo: `/mos os revert %s %d`",
		upperFirst(outcomeText(res)), res.Document, res.BaseVersion)
}

// showProposal updates a proposal's message in place with its outcome.
func (b *Bot) showProposal(ctx context.Context, id int64, outcome string) {
	p, err := reporting.ProposalByID(ctx, b.pool, id)
	if err != nil || p.MessageTS == "" {
		return
	}
	text, blocks := renderProposal(reporting.ProposalSection(p), p, outcome)
	if _, _, _, err := b.api.UpdateMessageContext(ctx, p.ChannelID, p.MessageTS, slack.MsgOptionText(escapeText(text), false),
		slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.Error("update proposal message", "proposal_id", id, "error", err)
	}
}
