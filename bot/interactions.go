package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// modal is one form the bot opens: a pure check run on the ack path (its errors show under the
// inputs), and what a valid submission does after the ack.
type modal struct {
	validate func(slack.View) map[string]string
	submit   func(*Bot, context.Context, slack.InteractionCallback)
}

var modals = map[string]modal{
	callbackDraft:     {validateDraftModal, (*Bot).submitDraftModal},
	callbackOSEdit:    {validateOSEdit, (*Bot).submitOSEdit},
	callbackSetup:     {validateSetup, (*Bot).submitSetup},
	callbackPieceEdit: {validatePieceEdit, (*Bot).submitPieceEdit},
	callbackRevise:    {validateRevise, (*Bot).submitRevise},
	callbackReject:    {validateReject, (*Bot).submitReject},
	callbackPublish:   {validatePublish, (*Bot).submitPublish},
	callbackResults:   {validateResults, (*Bot).submitResults},
}

// validateSubmission runs on the ack path: pure checks only, no I/O.
func validateSubmission(cb slack.InteractionCallback) map[string]string {
	if m, ok := modals[cb.View.CallbackID]; ok {
		return m.validate(cb.View)
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
	if m, ok := modals[cb.View.CallbackID]; ok {
		m.submit(b, ctx, cb)
	}
}

// actionHandler handles one button; the piece, phase and shown version come from its value.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, ref pieceRef)

func (b *Bot) actionHandlers() map[string]actionHandler {
	return map[string]actionHandler{
		actionApprove:      b.onApprove,
		actionRetry:        b.onRetry,
		actionEdit:         b.onEdit,
		actionRevise:       b.onRevise,
		actionReject:       b.onReject,
		actionPublish:      b.onPublish,
		actionSoundsLikeUs: b.onSoundsLikeUs,
		actionCopyText:     b.onCopyText,
		actionRetryNow:     b.onRetryNow,
		actionCancel:       b.onCancel,
	}
}

func (b *Bot) onAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	switch a.ActionID {
	case actionApply, actionDismiss:
		b.onProposalAction(ctx, cb, a)
		return
	case actionSnoozeHour, actionSnoozeMorning:
		b.onSnooze(ctx, cb, a)
		return
	case actionDraftOne:
		b.onDraftOne(ctx, cb, a)
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
		b.refuseDecided(ctx, cb.Channel.ID, cb.User.ID, ref.id, err)
	}
	// On success the engine has already called PieceChanged: the messages show the new state.
}

func (b *Bot) onRetry(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	if _, err := b.engine.Retry(ctx, ref.id, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
}

// onSoundsLikeUs records an approver's "sounds like us" on a published piece. A second press or a
// redelivery is told the piece is already marked; the engine redraws the message on success.
func (b *Bot) onSoundsLikeUs(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	_, err := b.engine.MarkSoundsLikeUs(ctx, ref.id, cb.User.ID)
	var already *engine.AlreadyMarkedError
	switch {
	case err == nil:
		b.tell(ctx, cb.Channel.ID, cb.User.ID, soundsLikeUsThanks(ref.id))
	case errors.As(err, &already):
		b.tell(ctx, cb.Channel.ID, cb.User.ID, alreadyMarkedText(already))
	case errors.Is(err, clientos.ErrNotApprover):
		b.tell(ctx, cb.Channel.ID, cb.User.ID, soundsLikeUsNotApprover)
	default:
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
}
