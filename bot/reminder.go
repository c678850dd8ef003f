package bot

import (
	"context"
	"fmt"
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

// reminderNote is the short DM that reminds an approver of pieces waiting for them: links to
// their cards, not copies of them.
type reminderNote struct {
	Items []reminderItem
	// Snoozed is when the person snoozed it until; zero while it offers Snooze.
	Snoozed time.Time
}

// reminderItem is one waiting piece in a reminder.
type reminderItem struct {
	PieceID int64
	Title   string
	Phase   string
	Client  string
	Link    string // the approver's card, else the piece's message in the channel; "" when neither
	Waited  time.Duration
}

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

// renderReminder draws the reminder: one line a phone shows in full, then a line per piece.
func renderReminder(n reminderNote) (string, []slack.Block) {
	head := reminderHead(n)
	lines := []markedLine{{markup: "*" + head + "*"}}
	for i, it := range n.Items {
		if i == reminderLimit {
			lines = append(lines, markedLine{markup: fmt.Sprintf("…and %d more, in my App Home.", len(n.Items)-reminderLimit)})
			break
		}
		lines = append(lines, reminderLine(it, n.Snoozed.IsZero()))
	}
	var blocks []slack.Block
	for i, text := range packLines(lines, draftChunk) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil,
			slack.SectionBlockOptionBlockID("reminder_"+strconv.Itoa(i))))
	}
	if n.Snoozed.IsZero() {
		value := snoozeValue(n.Items)
		blocks = append(blocks, slack.NewActionBlock("reminder_actions",
			button(actionSnoozeHour, "Snooze 1 h", value), button(actionSnoozeMorning, "Tomorrow morning", value)))
	} else {
		blocks = append(blocks, slack.NewContextBlock("reminder_snoozed", mrkdwn(
			":zzz: Snoozed until "+slackDate(n.Snoozed)+". I'll remind you again then.")))
	}
	return head, blocks
}

// reminderHead is the push line: "2 pieces have waited 4h for your decision"; once snoozed, "2
// pieces wait for your decision".
func reminderHead(n reminderNote) string {
	count, have, wait := "1 piece", "has", "waits"
	if len(n.Items) != 1 {
		count, have, wait = strconv.Itoa(len(n.Items))+" pieces", "have", "wait"
	}
	if !n.Snoozed.IsZero() {
		return fmt.Sprintf("%s %s for your decision", count, wait)
	}
	shortest := n.Items[0].Waited
	for _, it := range n.Items {
		shortest = min(shortest, it.Waited)
	}
	return fmt.Sprintf("%s %s waited %s for your decision", count, have, roughDuration(shortest))
}

// reminderLine is one piece: its title linked to its card, the phase, the client and, unless the
// reminder was snoozed, how long it has waited.
func reminderLine(it reminderItem, withWait bool) markedLine {
	name := escapeText(truncate(it.Title, 80))
	if it.Link != "" {
		name = link(it.Link, truncate(it.Title, 80))
	}
	rest := " · " + it.Phase + " · " + it.Client
	if withWait {
		rest += " · " + roughDuration(it.Waited)
	}
	return markedLine{markup: "• " + name, text: rest}
}

// roughDuration is a wait in whole hours once it is an hour or more ("4h"), else humanDuration.
func roughDuration(d time.Duration) string {
	if d >= time.Hour {
		return strconv.Itoa(int(d.Hours())) + "h"
	}
	return humanDuration(d)
}

// slackDate shows a time in the reader's own time zone ("Tomorrow at 9:00 AM").
func slackDate(t time.Time) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} at {time}|%s>", t.Unix(), t.UTC().Format("Mon 2 Jan 15:04 UTC"))
}

func snoozeValue(items []reminderItem) string {
	ids := make([]string, 0, min(len(items), reminderLimit))
	for i, it := range items {
		if i == reminderLimit {
			break
		}
		ids = append(ids, strconv.FormatInt(it.PieceID, 10))
	}
	return strings.Join(ids, ",")
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
