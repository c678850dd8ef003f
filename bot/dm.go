package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// dmApprovers tells each approver, once per piece and state, that something waits for them, with
// the same buttons as the channel message: founders decide from their phone.
func (b *Bot) dmApprovers(ctx context.Context, v engine.View) {
	phase := decisionPhase(v)
	if phase == "" {
		return // nothing waits for an approver, or it is being revised
	}
	approvers, err := b.engine.Approvers(ctx, v.Piece.ID)
	if err != nil {
		b.log.Error("list approvers", "piece_id", v.Piece.ID, "error", err)
		return
	}
	key := "ready:" + string(v.Piece.State)
	for _, uid := range approvers {
		claimed, err := b.engine.ClaimNotice(ctx, v.Piece.ID, key, uid)
		if err != nil || !claimed {
			continue
		}
		if err := b.dm(ctx, uid, waitingText(v, phase, 0), waitingBlocks(v, phase, 0)); err != nil {
			// Not sent: give the claim back so the next change of this piece tries again.
			if err := b.engine.ReleaseNotice(ctx, v.Piece.ID, key, uid); err != nil {
				b.log.Error("release DM notice", "piece_id", v.Piece.ID, "error", err)
			}
		}
	}
}

// Remind nudges approvers about a piece that has waited too long (the engine calls it once per
// piece per reminder interval, with how long it has waited).
func (b *Bot) Remind(ctx context.Context, pieceID int64, userIDs []string, waited time.Duration) error {
	v, err := b.engine.PieceView(ctx, pieceID)
	if err != nil {
		return err
	}
	phase := decisionPhase(v)
	if phase == "" {
		return nil
	}
	waited = max(waited, time.Second)
	for _, uid := range userIDs {
		b.dm(ctx, uid, waitingText(v, phase, waited), waitingBlocks(v, phase, waited))
	}
	return nil
}

// decisionPhase is the phase whose version waits for an approver's decision — the one the view
// offers to approve — or "" when none does.
func decisionPhase(v engine.View) string {
	for _, o := range v.Actions {
		if o.Action == engine.ActionApprove {
			return o.Phase
		}
	}
	return ""
}

func title(v engine.View) string {
	if v.Outline != nil && v.Outline.Title != "" {
		return v.Outline.Title
	}
	return fmt.Sprintf("piece #%d", v.Piece.ID)
}

// waitingText is the push notification: what waits, for which client, and for how long.
func waitingText(v engine.View, phase string, waited time.Duration) string {
	s := fmt.Sprintf("%s to approve: %s (%s · %s)", upperFirst(phase), title(v), v.ClientName, v.Piece.Platform)
	if waited > 0 {
		s = fmt.Sprintf("Still waiting (%s) — %s", humanDuration(waited), s)
	}
	return escapeText(truncate(s, 300))
}

func waitingBlocks(v engine.View, phase string, waited time.Duration) []slack.Block {
	body := fmt.Sprintf("*%s* waits for your decision in <#%s>.", escapeText(title(v)), v.Piece.ChannelID)
	if phase == engine.PhaseDraft && v.Draft != nil {
		body += "\n>" + escapeText(truncate(v.Draft.Content, 600))
	} else if v.Outline != nil {
		body += "\n>" + escapeText(truncate(v.Outline.Hook, 600))
	}
	if waited > 0 {
		body = fmt.Sprintf(":alarm_clock: Waiting for %s. ", humanDuration(waited)) + body
	}
	flags := v.OutlineFlags
	if phase == engine.PhaseDraft {
		flags = v.DraftFlags
	}
	blocks := []slack.Block{textSection(body)}
	if fb := flagsBlock("dm_claims", flagLines(flags)); fb != nil {
		blocks = append(blocks, fb)
	}
	return append(blocks,
		slack.NewActionBlock("dm_actions", offerButtons(v.Piece.ID, offersOn(v.Actions, phase))...))
}

// dm posts to a person's DM with the bot; failures are logged and returned.
func (b *Bot) dm(ctx context.Context, userID, text string, blocks []slack.Block) error {
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		b.log.Error("open DM", "user_id", userID, "error", err)
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl()}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if _, _, err := b.api.PostMessageContext(ctx, ch.ID, opts...); err != nil {
		b.log.Error("post DM", "user_id", userID, "error", err)
		return err
	}
	return nil
}

// humanDuration says how long something waited the way a person would: "3h 20m", "under a minute".
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %dm", h, m)
}
