package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// PieceChanged makes the piece's channel message show its current state: the first call posts it
// (the placeholder), later calls update it in place, so the channel reads as a clean list.
func (b *Bot) PieceChanged(ctx context.Context, pieceID int64) error {
	v, err := b.engine.PieceView(ctx, pieceID)
	if err != nil {
		return err
	}
	text, blocks := renderPiece(cardFromView(v))
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if v.Piece.MessageTS != "" {
		_, _, _, err = b.api.UpdateMessageContext(ctx, v.Piece.ChannelID, v.Piece.MessageTS, opts...)
		if err != nil {
			return fmt.Errorf("bot: update piece %d message: %w", pieceID, err)
		}
		return nil
	}
	_, ts, err := b.api.PostMessageContext(ctx, v.Piece.ChannelID, opts...)
	if err != nil {
		return fmt.Errorf("bot: post piece %d message: %w", pieceID, err)
	}
	if _, err := b.engine.SetMessageTS(ctx, pieceID, ts); err != nil {
		return err
	}
	return nil
}

// showPiece refreshes a piece's message after a person's action; a failure is logged, not shown,
// since the action itself succeeded.
func (b *Bot) showPiece(ctx context.Context, pieceID int64) {
	if err := b.PieceChanged(ctx, pieceID); err != nil {
		b.log.Error("refresh piece message", "piece_id", pieceID, "error", err)
	}
}

func cardFromView(v engine.View) pieceCard {
	c := pieceCard{
		ID: v.Piece.ID, State: v.Piece.State, Client: v.ClientName, Platform: v.Piece.Platform,
		Pillar: v.Piece.Pillar, SourceType: v.Source.Type, SourceURL: v.Source.URL,
		RequestedBy: v.Piece.RequestedBy, CapUsed: v.Cap.Used, Cap: v.Cap.Cap, Failure: v.Piece.FailureReason,
	}
	if o := v.Outline; o != nil {
		c.Title, c.Hook, c.Sections, c.CTA, c.Version = o.Title, o.Hook, o.Sections, o.CTA, o.Version
		if o.Pillar != "" {
			c.Pillar = o.Pillar
		}
		if o.AuthorKind == "human" {
			c.EditedBy = o.Author
		}
		for _, w := range o.Warnings {
			c.Warnings = append(c.Warnings, w.Message)
		}
	}
	if r := v.OutlineApproval; r != nil {
		c.DecidedBy = r.Reviewer
	}
	if r := v.Rejection; r != nil {
		c.DecidedBy = r.Reviewer
	}
	return c
}
