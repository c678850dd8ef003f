package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
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

// actionHandler handles one button; the piece, phase and shown version come from its value.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, ref pieceRef)

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
	ref, err := parsePieceValue(a.Value)
	if err != nil {
		b.log.Warn("action with a bad piece id", "action_id", a.ActionID, "value", a.Value)
		return
	}
	h(ctx, cb, ref)
}

func (b *Bot) onApprove(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	_, err := b.engine.ApproveSeen(ctx, ref.id, ref.phase, ref.version, cb.User.ID)
	var changed *engine.VersionChangedError
	if errors.As(err, &changed) {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		b.showPiece(ctx, ref.id) // redraw with the version they should read
		return
	}
	if err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
	// On success the engine has already called PieceChanged: the messages show the new state.
}

func (b *Bot) onRetry(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	if _, err := b.engine.Retry(ctx, ref.id, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
}
