package bot

import (
	"context"

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
	case callbackPieceEdit:
		return validatePieceEdit(cb.View)
	case callbackRevise:
		return validateRevise(cb.View)
	case callbackReject:
		return validateReject(cb.View)
	case callbackPublish:
		return validatePublish(cb.View)
	case callbackResults:
		return validateResults(cb.View)
	}
	return nil
}

func (b *Bot) onInteraction(ctx context.Context, cb slack.InteractionCallback) {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			b.onAction(ctx, cb, a)
		}
		if cb.View.Type == slack.VTHomeTab {
			b.publishHome(ctx, cb.User.ID)
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
	case callbackPieceEdit:
		b.submitPieceEdit(ctx, cb)
	case callbackRevise:
		b.submitRevise(ctx, cb)
	case callbackReject:
		b.submitReject(ctx, cb)
	case callbackPublish:
		b.submitPublish(ctx, cb)
	case callbackResults:
		b.submitResults(ctx, cb)
	}
}

// actionHandler handles one button; the piece and phase come from the button's value.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, pieceID int64, phase string)

func (b *Bot) actionHandlers() map[string]actionHandler {
	return map[string]actionHandler{
		actionApprove: b.onApprove,
		actionRetry:   b.onRetry,
		actionEdit:    b.onEdit,
		actionRevise:  b.onRevise,
		actionReject:  b.onReject,
		actionPublish: b.onPublish,
	}
}

func (b *Bot) onAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	if a.ActionID == actionApply || a.ActionID == actionDismiss {
		b.onProposalAction(ctx, cb, a)
		return
	}
	h, ok := b.actionHandlers()[a.ActionID]
	if !ok {
		b.log.Warn("unknown action", "action_id", a.ActionID)
		return
	}
	id, phase, err := parsePieceValue(a.Value)
	if err != nil {
		b.log.Warn("action with a bad piece id", "action_id", a.ActionID, "value", a.Value)
		return
	}
	h(ctx, cb, id, phase)
}

func (b *Bot) onApprove(ctx context.Context, cb slack.InteractionCallback, pieceID int64, phase string) {
	if _, err := b.engine.Approve(ctx, pieceID, phase, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	b.showPiece(ctx, pieceID)
}

func (b *Bot) onRetry(ctx context.Context, cb slack.InteractionCallback, pieceID int64, _ string) {
	if _, err := b.engine.Retry(ctx, pieceID, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	b.showPiece(ctx, pieceID)
}
