package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// copyChunk keeps each copy message under chat.postMessage's 40,000 characters once escaped.
const copyChunk = 39000

// onCopyText posts the exact stored text of the draft version the person saw as a message of its
// own, without formatting: a long press on a phone copies exactly what will be published.
func (b *Bot) onCopyText(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	versions, err := b.engine.History(ctx, ref.id)
	if err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	var text string
	for _, v := range versions {
		if v.Phase == ref.phase && (v.Version == ref.version || ref.version == 0) {
			text = v.Content
		}
	}
	if text == "" || ref.phase != engine.PhaseDraft {
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "There is no draft text to copy yet.")
		return
	}
	for _, part := range escapedChunks(text, copyChunk) {
		_, _, err := b.api.PostMessageContext(ctx, cb.Channel.ID, slack.MsgOptionText(part, false),
			slack.MsgOptionDisableMarkdown(), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
		if err != nil {
			b.log.Error("post copy text", "piece_id", ref.id, "error", err)
			b.tell(ctx, cb.Channel.ID, cb.User.ID, "I couldn't post the text just now. Please press *Copy text* again.")
			return
		}
	}
}

// refuseDecided answers a press on a decision someone already made elsewhere (another approver,
// the channel, the App Home) kindly — who decided and where the piece is now — and redraws the
// piece so every card shows it. Other refusals are worded as refuse words them.
func (b *Bot) refuseDecided(ctx context.Context, channelID, userID string, pieceID int64, err error) {
	var stale *engine.StaleError
	if !errors.As(err, &stale) || (stale.Busy != "" && stale.State == stale.Want) {
		b.refuse(ctx, channelID, userID, err)
		return
	}
	v, verr := b.engine.PieceView(ctx, pieceID)
	if verr != nil {
		b.refuse(ctx, channelID, userID, err)
		return
	}
	b.tell(ctx, channelID, userID, decidedText(v))
	b.showPiece(ctx, pieceID)
}

// decidedText says who made the last decision on a piece, that the press changed nothing, and
// where the piece is now.
func decidedText(v engine.View) string {
	now := cardStatus(dmCardFromView(v))
	for i := len(v.Reviews) - 1; i >= 0; i-- {
		r := v.Reviews[i]
		if verb, ok := decisionVerbs[r.Decision]; ok {
			return fmt.Sprintf("<@%s> already %s the %s, so nothing changed. Now: %s", r.Reviewer, verb, r.Phase, now)
		}
	}
	return "Already decided, so nothing changed. Now: " + now
}

// decisionVerbs word the recorded decisions in a sentence ("<@maria> already approved the outline").
var decisionVerbs = map[string]string{
	engine.DecisionApproved:  "approved",
	engine.DecisionRejected:  "rejected",
	engine.DecisionPublished: "marked published",
	engine.DecisionEdited:    "edited",
	engine.DecisionRevised:   "asked for a revision of",
}
