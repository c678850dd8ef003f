package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// pieceCard is everything the piece message shows, already read from the engine. Keeping the renderer
// on this small struct makes it a pure function, golden-tested in testdata/.
type pieceCard struct {
	ID          int64
	State       string
	Client      string
	Platform    string
	Pillar      string
	SourceType  string
	SourceURL   string
	RequestedBy string
	CapUsed     int
	Cap         int
	Title       string
	Hook        string
	Sections    []string
	CTA         string
	Version     int
	EditedBy    string // set when the latest version is a human's
	DecidedBy   string // who approved or rejected
	Failure     string
	Warnings    []string
	Busy        string // "revising", "drafting", or ""
	Note        string // the engine's last note: a refused or restored revision
	SourceTitle string // the title of what was read from the source
	SourceNote  string // why the source could not be read, as people read it
	Flags       []string
}

// Action ids: one handler each (see actions.go). The button value is the piece id.
const (
	actionApprove = "piece_approve"
	actionEdit    = "piece_edit"
	actionRevise  = "piece_revise"
	actionReject  = "piece_reject"
	actionRetry   = "piece_retry"
	actionPublish = "piece_publish"
)

// renderPiece draws a piece's channel message for its current state. The returned text is the
// push-notification line: it must carry the decision-critical summary on its own.
func renderPiece(c pieceCard) (string, []slack.Block) {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, headerText(c), false, false)),
		slack.NewContextBlock("context", slack.NewTextBlockObject(slack.MarkdownType, contextLine(c), false, false)),
	}
	if c.Title != "" {
		blocks = append(blocks, outlineBlocks(c)...)
	}
	if s := statusLine(c); s != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(s), nil, nil, slack.SectionBlockOptionBlockID("status")))
	}
	if c.SourceNote != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(":information_source: "+escapeText(truncate(c.SourceNote, 1000))),
			nil, nil, slack.SectionBlockOptionBlockID("source_note")))
	}
	if fb := flagsBlock("claims", c.Flags); fb != nil {
		blocks = append(blocks, fb)
	}
	if len(c.Warnings) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(warningText(c.Warnings)), nil, nil,
			slack.SectionBlockOptionBlockID("warnings")))
	}
	if btns := pieceButtons(c); len(btns) > 0 {
		blocks = append(blocks, slack.NewActionBlock("actions", btns...))
	}
	return notificationText(c), blocks
}

func headerText(c pieceCard) string {
	title := c.Title
	if title == "" {
		title = "Outline in progress…"
	}
	return truncate(fmt.Sprintf("#%d · %s", c.ID, title), 150)
}

func contextLine(c pieceCard) string {
	parts := []string{escapeText(c.Client), escapeText(c.Platform)}
	if c.Pillar != "" {
		parts = append(parts, escapeText(c.Pillar))
	}
	if c.SourceURL != "" && c.SourceTitle != "" {
		parts = append(parts, link(c.SourceURL, c.SourceType+": "+truncate(c.SourceTitle, 120)))
	} else if c.SourceURL != "" {
		parts = append(parts, link(c.SourceURL, c.SourceType+" source"))
	}
	parts = append(parts, fmt.Sprintf("cap %d/%d today", c.CapUsed, c.Cap))
	if c.RequestedBy != "" {
		parts = append(parts, "asked by <@"+c.RequestedBy+">")
	}
	return strings.Join(parts, " · ")
}

func outlineBlocks(c pieceCard) []slack.Block {
	lines := []markedLine{{"*Hook:* ", c.Hook}}
	for i, s := range c.Sections {
		lines = append(lines, markedLine{strconv.Itoa(i+1) + ". ", s})
	}
	lines = append(lines, markedLine{"*CTA:* ", c.CTA})
	label := "Outline v" + strconv.Itoa(c.Version)
	if c.EditedBy != "" {
		label += " · edited by <@" + c.EditedBy + ">"
	}
	var blocks []slack.Block
	for i, text := range packLines(lines, 2900) {
		id := "outline"
		if i > 0 {
			id += "_" + strconv.Itoa(i)
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(id)))
	}
	return append(blocks, slack.NewContextBlock("version", slack.NewTextBlockObject(slack.MarkdownType, label, false, false)))
}

func statusLine(c pieceCard) string {
	var extra string
	if c.Note != "" {
		extra = "\n:information_source: " + escapeText(truncate(c.Note, 1000))
	}
	if c.Busy != "" {
		return ":hourglass_flowing_sand: " + busyWords(c.Busy) + extra
	}
	return baseStatus(c) + extra
}

func baseStatus(c pieceCard) string {
	switch c.State {
	case "requested":
		return ":hourglass_flowing_sand: Writing the outline…"
	case "outline_ready":
		return ":eyes: Outline ready for review. An approver can *Approve*, *Edit*, *Revise* or *Reject*."
	case "outline_approved":
		return ":white_check_mark: Outline approved by <@" + c.DecidedBy + ">. The draft comes next, in this thread."
	case "draft_ready":
		return ":eyes: Draft ready for review in the thread."
	case "approved":
		return ":white_check_mark: Draft approved by <@" + c.DecidedBy + ">. Mark it published from the thread once it is live."
	case "published":
		return ":rocket: Published."
	case "rejected":
		return ":x: Rejected by <@" + c.DecidedBy + ">."
	case "failed":
		return ":warning: Generation failed: " + escapeText(truncate(c.Failure, 500)) + ". Press *Retry* to try again."
	}
	return ""
}

func warningText(ws []string) string {
	var b strings.Builder
	b.WriteString(":warning: *Check warnings* (left after one automatic repair):")
	for _, w := range ws {
		b.WriteString("\n• " + escapeText(w))
	}
	return truncate(b.String(), 3000)
}

// pieceButtons are the outline's decisions; the draft's live on the draft message in the thread.
func pieceButtons(c pieceCard) []slack.BlockElement {
	switch {
	case c.Busy != "":
		return nil
	case c.State == "outline_ready":
		return reviewButtons(pieceValue(c.ID, "outline", c.Version))
	case c.State == "failed":
		return []slack.BlockElement{button(actionRetry, "Retry", pieceValue(c.ID, "outline", 0))}
	}
	return nil
}

func notificationText(c pieceCard) string {
	title := c.Title
	if title == "" {
		title = "new piece"
	}
	where := c.Client + " · " + c.Platform
	var s string
	switch c.State {
	case "requested":
		s = fmt.Sprintf("Writing an outline for %s (%s)", title, where)
	case "outline_ready":
		s = fmt.Sprintf("Outline ready for review: %s (%s)", title, where)
	case "failed":
		s = fmt.Sprintf("Generation failed for piece #%d (%s): press Retry", c.ID, where)
	default:
		s = fmt.Sprintf("%s (%s): %s", title, where, strings.ReplaceAll(c.State, "_", " "))
	}
	return escapeText(truncate(s, 300))
}

func button(actionID, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}
