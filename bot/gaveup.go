package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/inbox"
)

// tellGivenUp tells the person behind an envelope given up after its last handling that it may not
// have taken effect, so they look and act again rather than wait: in the channel they acted in, or
// in a DM for a form. An event the bot only listens to has nobody to tell.
func (b *Bot) tellGivenUp(ctx context.Context, ev inbox.Event) {
	evt, err := decodeStored(ev)
	if err != nil {
		return
	}
	var channelID, userID, what string
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		channelID, userID, what = d.ChannelID, d.UserID, d.Command
	case slack.InteractionCallback:
		channelID, userID, what = d.Channel.ID, d.User.ID, interactionName(d)
	default:
		return
	}
	if userID == "" {
		return
	}
	b.tell(ctx, channelID, userID, givenUpText(what, ev.Attempts-1))
}

// interactionName is what the person did, as they saw it: the button's label or the form's title.
func interactionName(cb slack.InteractionCallback) string {
	if cb.Type == slack.InteractionTypeViewSubmission {
		if cb.View.Title != nil {
			return cb.View.Title.Text
		}
		return "form"
	}
	if acts := cb.ActionCallback.BlockActions; len(acts) > 0 && acts[0].Text.Text != "" {
		return acts[0].Text.Text
	}
	return "action"
}
