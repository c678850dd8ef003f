package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// showCards keeps every approver's DM card of the piece current: each card is updated in place
// (a decision made elsewhere takes its buttons away), an approver the piece waits for who has no
// card yet gets one, and one who has a card hears that a new decision waits. Slack failing for
// one approver (deactivated, DMs closed, an outage) is logged and tried again on the next change;
// it never blocks the piece or the others. The approvers' App Homes follow.
func (b *Bot) showCards(ctx context.Context, v engine.View) {
	approvers, err := b.engine.Approvers(ctx, v.Piece.ID)
	if err != nil {
		b.log.Error("list approvers", "piece_id", v.Piece.ID, "error", err)
		return
	}
	cards, err := b.engine.DMCards(ctx, v.Piece.ID)
	if err != nil {
		b.log.Error("list DM cards", "piece_id", v.Piece.ID, "error", err)
		return
	}
	text, blocks := renderDMCard(dmCardFromView(v))
	has := map[string]engine.DMCard{}
	for _, c := range cards {
		has[c.UserID] = c
		b.updateCard(ctx, c, text, blocks)
	}
	waits := decisionPhase(v) != ""
	for _, uid := range approvers {
		c, ok := has[uid]
		switch {
		case !waits:
		case ok:
			b.pingCard(ctx, v, c)
		default:
			b.postCard(ctx, v, uid, text, blocks)
		}
	}
	for _, uid := range approvers {
		b.publishHome(ctx, uid)
	}
}

// postCard posts an approver's first card of the piece and records it. When another replica
// recorded one first, ours is deleted and theirs shows the same.
func (b *Bot) postCard(ctx context.Context, v engine.View, userID, text string, blocks []slack.Block) {
	channelID, ts, err := b.postDM(ctx, userID, text, blocks)
	if err != nil {
		b.log.Warn("DM card not sent; trying again on the next change", "piece_id", v.Piece.ID, "user_id", userID,
			"error", err)
		return
	}
	card := engine.DMCard{PieceID: v.Piece.ID, UserID: userID, ChannelID: channelID, TS: ts}
	won, err := b.engine.SetDMCard(ctx, card)
	if err != nil || !won {
		if _, _, derr := b.api.DeleteMessageContext(ctx, channelID, ts); derr != nil {
			b.log.Error("delete duplicate DM card", "piece_id", v.Piece.ID, "user_id", userID, "error", derr)
		}
		if err != nil {
			b.log.Error("record DM card", "piece_id", v.Piece.ID, "user_id", userID, "error", err)
		}
		return
	}
	// The new card was the notification: no "it waits for you" line on top of it.
	if _, err := b.engine.ClaimNotice(ctx, v.Piece.ID, readyKey(v), userID); err != nil {
		b.log.Error("claim DM notice", "piece_id", v.Piece.ID, "error", err)
	}
}

// updateCard redraws a card in place; a failure is logged and the next change redraws it again.
func (b *Bot) updateCard(ctx context.Context, c engine.DMCard, text string, blocks []slack.Block) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if _, _, _, err := b.api.UpdateMessageContext(ctx, c.ChannelID, c.TS, opts...); err != nil {
		b.log.Warn("DM card not updated; trying again on the next change", "piece_id", c.PieceID,
			"user_id", c.UserID, "error", err)
	}
}

// pingCard tells an approver who already has the card that a new decision waits on it (the draft
// after the outline): an update alone makes no sound on a phone. Once per piece and state.
func (b *Bot) pingCard(ctx context.Context, v engine.View, c engine.DMCard) {
	claimed, err := b.engine.ClaimNotice(ctx, v.Piece.ID, readyKey(v), c.UserID)
	if err != nil || !claimed {
		return
	}
	card := dmCardFromView(v)
	where := "its card above"
	if url, err := b.permalink(ctx, c.ChannelID, c.TS); err == nil {
		where = link(url, "open its card")
	}
	body := fmt.Sprintf("*%s v%d* of _%s_ waits for your decision: %s.", upperFirst(card.Phase), card.Version,
		escapeText(cardTitle(card)), where)
	if _, _, err := b.postDM(ctx, c.UserID, cardNotification(card), []slack.Block{textSection(body)}); err != nil {
		b.log.Warn("DM ping not sent; trying again on the next change", "piece_id", v.Piece.ID, "user_id", c.UserID,
			"error", err)
		if err := b.engine.ReleaseNotice(ctx, v.Piece.ID, readyKey(v), c.UserID); err != nil {
			b.log.Error("release DM notice", "piece_id", v.Piece.ID, "error", err)
		}
	}
}

// permalink is a link to a message that opens it in Slack, on a phone too.
func (b *Bot) permalink(ctx context.Context, channelID, ts string) (string, error) {
	return b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channelID, Ts: ts})
}

// dm posts to a person's DM with the bot; failures are logged and returned.
func (b *Bot) dm(ctx context.Context, userID, text string, blocks []slack.Block) error {
	_, _, err := b.postDM(ctx, userID, text, blocks)
	if err != nil {
		b.log.Error("post DM", "user_id", userID, "error", err)
	}
	return err
}

// postDM opens the bot's DM with a person and posts there, returning where the message is.
func (b *Bot) postDM(ctx context.Context, userID, text string, blocks []slack.Block) (channelID, ts string, err error) {
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", "", fmt.Errorf("open DM: %w", err)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl()}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	channelID, ts, err = b.api.PostMessageContext(ctx, ch.ID, opts...)
	if err != nil {
		return "", "", fmt.Errorf("post DM: %w", err)
	}
	return channelID, ts, nil
}

// readyKey names the notice "this approver has heard that the piece waits in this state".
func readyKey(v engine.View) string { return "ready:" + string(v.Piece.State) }
