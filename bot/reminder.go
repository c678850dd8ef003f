package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// Action ids of the reminder's snooze buttons; their value lists the reminder's piece ids.
const (
	actionSnoozeHour    = "reminder_snooze_hour"
	actionSnoozeMorning = "reminder_snooze_morning"
)

// reminderLimit bounds the pieces one reminder lists; the App Home shows them all.
const reminderLimit = 20

// Remind sends an approver one short DM about the pieces that have waited for them: how many, for
// how long, each with a link to its card. The engine calls it at most once per piece per window.
func (b *Bot) Remind(ctx context.Context, userID string, due []engine.Due) error {
	note, err := b.reminderFor(ctx, userID, due)
	if err != nil || len(note.Items) == 0 {
		return err
	}
	text, blocks := renderReminder(note)
	_, _, err = b.postDM(ctx, userID, text, blocks)
	return err
}

// reminderFor reads what a reminder lists: the pieces still waiting, with links to the approver's
// cards (or, for a piece without one, to its message in the channel).
func (b *Bot) reminderFor(ctx context.Context, userID string, due []engine.Due) (reminderNote, error) {
	ids := make([]int64, len(due))
	waited := map[int64]time.Duration{}
	for i, d := range due {
		ids[i], waited[d.PieceID] = d.PieceID, d.Waited
	}
	views, err := b.engine.Views(ctx, ids)
	if err != nil {
		return reminderNote{}, err
	}
	cards, err := b.engine.DMCardsOf(ctx, userID, ids)
	if err != nil {
		return reminderNote{}, err
	}
	var note reminderNote
	for _, v := range views {
		phase := decisionPhase(v)
		if phase == "" {
			continue // decided since
		}
		it := reminderItem{PieceID: v.Piece.ID, Title: title(v), Phase: phase, Client: v.ClientName,
			Waited: waited[v.Piece.ID]}
		channelID, ts := v.Piece.ChannelID, v.Piece.MessageTS
		if c, ok := cards[v.Piece.ID]; ok {
			channelID, ts = c.ChannelID, c.TS
		}
		if ts != "" {
			if it.Link, err = b.permalink(ctx, channelID, ts); err != nil {
				b.log.Warn("permalink for a reminder", "piece_id", v.Piece.ID, "error", err)
			}
		}
		note.Items = append(note.Items, it)
	}
	return note, nil
}

func parseSnoozeValue(v string) []int64 {
	var ids []int64
	for _, s := range strings.Split(v, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// onSnooze holds the reminder's pieces for an hour or until the next morning and redraws the
// reminder in place to say until when.
func (b *Bot) onSnooze(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	f := engine.SnoozeHour
	if a.ActionID == actionSnoozeMorning {
		f = engine.SnoozeMorning
	}
	ids := parseSnoozeValue(a.Value)
	until, err := b.engine.Snooze(ctx, cb.User.ID, ids, f)
	if err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	if until.IsZero() {
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "Nothing to snooze: these pieces are not waiting for you any more.")
		return
	}
	due := make([]engine.Due, len(ids))
	for i, id := range ids {
		due[i] = engine.Due{PieceID: id}
	}
	note, err := b.reminderFor(ctx, cb.User.ID, due)
	if err != nil || len(note.Items) == 0 {
		return
	}
	note.Snoozed = until
	text, blocks := renderReminder(note)
	_, _, _, err = b.api.UpdateMessageContext(ctx, cb.Channel.ID, cb.Container.MessageTs,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		b.log.Warn("redraw snoozed reminder", "user_id", cb.User.ID, "error", err)
	}
}
