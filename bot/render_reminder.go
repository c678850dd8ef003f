package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

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
