package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting"
)

func (b *Bot) onProposalAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil {
		b.log.Warn("proposal action with a bad id", "value", a.Value)
		return
	}
	decide := b.reporter.Apply
	if a.ActionID == actionDismiss {
		decide = b.reporter.Dismiss
	}
	res, err := decide(ctx, id, cb.User.ID)
	var stale *reporting.StaleError
	switch {
	case errors.As(err, &stale):
		words, _ := proposalRefusalWords(err)
		b.tell(ctx, cb.Channel.ID, cb.User.ID, ":no_entry_sign: "+escapeText(upperFirst(words))+".")
		b.showProposal(ctx, id, ":warning: Stale: "+escapeText(stale.Document)+" changed since this was proposed. "+
			"Run `"+ReportCommands.ReportNow+"` for fresh proposals.")
		return
	case errors.Is(err, clientos.ErrNotApprover):
		words, _ := proposalRefusalWords(err)
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, personError{words})
		return
	case err != nil:
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	case res.Already:
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "Nothing to do: this proposal was "+outcomeText(res)+".")
	}
	res.Already = false // the message states the decision, not this press
	b.showProposal(ctx, id, b.outcomeLine(ctx, res))
}

// outcomeText is the reporting package's own wording ("applied by … as brand v7"), with the
// decider as a Slack mention.
func outcomeText(res reporting.ApplyResult) string {
	res.DecidedBy = "<@" + res.DecidedBy + ">"
	return res.String()
}

// outcomeLine is what the proposal message says once decided; an applied change says how to undo it,
// from Slack and from a terminal.
func (b *Bot) outcomeLine(ctx context.Context, res reporting.ApplyResult) string {
	if res.State != reporting.StateApplied {
		return ":wastebasket: " + upperFirst(outcomeText(res)) + "."
	}
	line := fmt.Sprintf(":white_check_mark: %s. To undo: `/mos os revert %s %d`",
		upperFirst(outcomeText(res)), res.Document, res.BaseVersion)
	if c, err := b.os.ClientByID(ctx, res.ClientID); err == nil {
		line += " (terminal: `" + terminalRevert(c.Slug, res) + "`)"
	}
	return line
}

// showProposal updates a proposal's message in place with its outcome.
func (b *Bot) showProposal(ctx context.Context, id int64, outcome string) {
	p, err := b.reporter.Proposal(ctx, id)
	if err != nil || p.MessageTS == "" {
		return
	}
	text, blocks := renderProposal(reporting.ProposalSection(p), p, outcome)
	if _, _, _, err := b.api.UpdateMessageContext(ctx, p.ChannelID, p.MessageTS, slack.MsgOptionText(escapeText(text), false),
		slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.Error("update proposal message", "proposal_id", id, "error", err)
	}
}
