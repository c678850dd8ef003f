package bot

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"
)

// validateSubmission runs on the ack path: pure checks only, no I/O.
func validateSubmission(cb slack.InteractionCallback) map[string]string {
	switch cb.View.CallbackID {
	case callbackDraft:
		return validateDraftModal(cb.View)
	case callbackOSEdit:
		return validateOSEdit(cb.View)
	case callbackSetup:
		return validateSetup(cb.View)
	}
	return nil
}

func (b *Bot) onInteraction(ctx context.Context, cb slack.InteractionCallback) {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			b.onAction(ctx, cb, a)
		}
	case slack.InteractionTypeViewSubmission:
		b.onSubmission(ctx, cb)
	}
}

func (b *Bot) onSubmission(ctx context.Context, cb slack.InteractionCallback) {
	switch cb.View.CallbackID {
	case callbackDraft:
		b.submitDraftModal(ctx, cb)
	case callbackOSEdit:
		b.submitOSEdit(ctx, cb)
	case callbackSetup:
		b.submitSetup(ctx, cb)
	}
}

// actionHandler handles one button; pieceID comes from the button's value.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, pieceID int64)

func (b *Bot) actionHandlers() map[string]actionHandler {
	return map[string]actionHandler{
		actionApprove: b.onApprove,
		actionRetry:   b.onRetry,
		actionEdit:    b.onNotYet,
		actionRevise:  b.onNotYet,
		actionReject:  b.onNotYet,
	}
}

func (b *Bot) onAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	h, ok := b.actionHandlers()[a.ActionID]
	if !ok {
		b.log.Warn("unknown action", "action_id", a.ActionID)
		return
	}
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil {
		b.log.Warn("action with a bad piece id", "action_id", a.ActionID, "value", a.Value)
		return
	}
	h(ctx, cb, id)
}

func (b *Bot) onApprove(ctx context.Context, cb slack.InteractionCallback, pieceID int64) {
	if _, err := b.engine.ApproveOutline(ctx, pieceID, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	b.showPiece(ctx, pieceID)
}

func (b *Bot) onRetry(ctx context.Context, cb slack.InteractionCallback, pieceID int64) {
	if _, err := b.engine.Retry(ctx, pieceID, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	b.showPiece(ctx, pieceID)
}

func (b *Bot) onNotYet(ctx context.Context, cb slack.InteractionCallback, _ int64) {
	b.tell(ctx, cb.Channel.ID, cb.User.ID, "Edit, Revise and Reject are not available in this version yet: "+
		"approve the outline, or start a new piece with `/draft`.")
}
