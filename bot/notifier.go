package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// PieceChanged makes Slack show the piece's current state: the channel message (posted the first
// time, the placeholder; updated in place after), the draft in its thread, each approver's DM
// card (posted the first time the piece waits for them, updated in place after) and their App
// Homes. The engine may call it more than once for one change; every step is idempotent.
func (b *Bot) PieceChanged(ctx context.Context, pieceID int64) error {
	// One redraw of a piece at a time in this replica: two at once would both post its first
	// message. (Across replicas the loser of that race deletes its copy, below.)
	mu, _ := b.pieceLocks.LoadOrStore(pieceID, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	return b.redraw(ctx, pieceID)
}

func (b *Bot) redraw(ctx context.Context, pieceID int64) error {
	v, err := b.engine.PieceView(ctx, pieceID)
	if err != nil {
		return err
	}
	lost, err := b.showParent(ctx, &v)
	if err == nil && !lost && v.Draft != nil {
		lost, err = b.showDraft(ctx, v)
	}
	if err != nil {
		return err
	}
	if lost {
		// Another call posted the same message first; ours is gone. Draw the winner's with the
		// state as it is now.
		return b.redraw(ctx, pieceID)
	}
	b.showCards(ctx, v)
	b.tellRequesterOfFailure(ctx, v)
	return nil
}

// showParent posts or updates the piece's channel message. lost reports that a concurrent call
// posted it first (ours was deleted).
func (b *Bot) showParent(ctx context.Context, v *engine.View) (lost bool, err error) {
	text, blocks := renderPiece(cardFromView(*v))
	ts, lost, err := b.showMessage(ctx, *v, engine.ParentMessage, text, blocks)
	if err == nil && !lost {
		v.Piece.MessageTS = ts
	}
	return lost, err
}

// showDraft posts or updates the draft in the outline's thread, like showParent.
func (b *Bot) showDraft(ctx context.Context, v engine.View) (lost bool, err error) {
	if live := b.takeLiveDraft(v); live != nil {
		return false, live.finish(ctx, v)
	}
	text, blocks := renderDraft(draftCardFromView(v))
	_, lost, err = b.showMessage(ctx, v, engine.DraftMessage, text, blocks)
	return lost, err
}

// showMessage updates the piece's message m, or posts it — adopting one an earlier attempt left
// unrecorded — and records it. lost reports that a concurrent call recorded its own first; ours
// is deleted then.
func (b *Bot) showMessage(ctx context.Context, v engine.View, m engine.PieceMessage, text string,
	blocks []slack.Block) (ts string, lost bool, err error) {
	ts, thread := v.Piece.MessageTS, ""
	if m == engine.DraftMessage {
		ts, thread = v.Piece.DraftTS, v.Piece.MessageTS
	}
	recorded := ts != ""
	if !recorded {
		ts = b.leftMessage(ctx, v, m)
	}
	var extra []slack.MsgOption
	if ts == "" && m == engine.ParentMessage { // a new channel message is marked to be found again
		extra = append(extra, pieceMetadata(v.Piece.ID))
	}
	ts, err = b.postOrUpdate(ctx, v.Piece.ChannelID, ts, thread, text, blocks, extra...)
	if err != nil {
		return "", false, fmt.Errorf("bot: piece %d %s: %w", v.Piece.ID, m, err)
	}
	if recorded {
		return ts, false, nil
	}
	won, err := b.engine.RecordMessage(ctx, v.Piece.ID, m, ts)
	if err != nil || won != ts {
		return won, true, errors.Join(err, b.deleteMessage(ctx, v.Piece.ChannelID, ts))
	}
	return ts, false, nil
}

func (b *Bot) deleteMessage(ctx context.Context, channelID, ts string) error {
	if _, _, err := b.api.DeleteMessageContext(ctx, channelID, ts); err != nil {
		return fmt.Errorf("bot: delete duplicate message: %w", err)
	}
	return nil
}

// postOrUpdate posts a new message (in threadTS's thread, if given) or updates ts in place.
func (b *Bot) postOrUpdate(ctx context.Context, channelID, ts, threadTS, text string, blocks []slack.Block,
	extra ...slack.MsgOption) (string, error) {
	opts := append([]slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}, extra...)
	if ts != "" {
		_, _, _, err := b.api.UpdateMessageContext(ctx, channelID, ts, opts...)
		return ts, err
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	_, newTS, err := b.api.PostMessageContext(ctx, channelID, opts...)
	return newTS, err
}

// showPiece refreshes a piece's messages after a person's action; a failure is logged, not shown,
// since the action itself succeeded.
func (b *Bot) showPiece(ctx context.Context, pieceID int64) {
	if err := b.PieceChanged(ctx, pieceID); err != nil {
		b.log.Error("refresh piece message", "piece_id", pieceID, "error", err)
	}
}
