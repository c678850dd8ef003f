package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// onDraft starts a piece from `/draft [type] <url> <brief>`, or opens the draft form for `/draft`.
func (b *Bot) onDraft(ctx context.Context, cmd slack.SlashCommand) {
	if strings.TrimSpace(cmd.Text) == "" {
		b.openDraftModal(ctx, cmd)
		return
	}
	in, err := parseDraftText(cmd.Text)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.requestDraft(ctx, cmd.ChannelID, cmd.UserID, in)
}

func (b *Bot) requestDraft(ctx context.Context, channelID, userID string, in engine.DraftInput) {
	_, err := b.engine.RequestDraft(ctx, engine.DraftRequest{ChannelID: channelID, UserID: userID, Input: in,
		RequestKey: envelopeID(ctx)})
	if err != nil {
		b.refuse(ctx, channelID, userID, err)
	}
	// On success the outline job posts the piece's message; nothing more to say here.
}

// refuse tells one person why their request did nothing. Errors meant for people (bad input, caps,
// permissions, stale buttons) are shown as they are; anything else is logged and summarised.
//
// Our own failure (the database restarting, say) on an envelope's attempt that is not its last is
// not shown: the envelope is handled again a few seconds later (see retryLater), and the person
// hears only of the outcome.
func (b *Bot) refuse(ctx context.Context, channelID, userID string, err error) {
	if !isPersonError(err) && retryLater(ctx) {
		b.log.Warn("request failed; handling it again shortly", "channel_id", channelID, "user_id", userID,
			"envelope_id", envelopeID(ctx), "error", err)
		return
	}
	b.tell(ctx, channelID, userID, refusalText(err))
	if !isPersonError(err) {
		b.log.Error("request failed", "channel_id", channelID, "user_id", userID, "error", err)
	}
}

func refusalText(err error) string {
	var pe personError
	if errors.As(err, &pe) {
		return ":no_entry_sign: " + upperFirst(pe.msg) // worded by the adapter, user parts already escaped
	}
	if words, ok := refusalWords(err); ok {
		return ":no_entry_sign: " + escapeText(upperFirst(words))
	}
	return ":warning: Something went wrong on our side and nothing was changed. Please try again in a minute."
}

// isPersonError says whether err is a refusal the person can act on, rather than our failure.
func isPersonError(err error) bool {
	var pe personError
	_, worded := refusalWords(err)
	return worded || errors.As(err, &pe)
}

// personError is a refusal the adapter itself words (bad /mos usage, unknown document, …).
type personError struct{ msg string }

func (e personError) Error() string { return e.msg }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
