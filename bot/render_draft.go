package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// draftCard is what the draft message in the outline's thread shows.
type draftCard struct {
	PieceID      int64
	State        string
	Title        string
	Text         string
	Version      int
	EditedBy     string
	Busy         string
	Note         string
	Warnings     []string
	Flags        []string
	PublishedURL string
	DecidedBy    string
}

// draftChunk is the most escaped text one section holds (Slack's limit is 3000).
const draftChunk = 2900

// renderDraft draws the draft message. A 12,000-character draft becomes at most a few dozen
// sections (17 even if every character grows fourfold when escaped), inside the 50-block limit.
func renderDraft(c draftCard) (string, []slack.Block) {
	label := "Draft v" + strconv.Itoa(c.Version)
	if c.EditedBy != "" {
		label += " · edited by <@" + c.EditedBy + ">"
	}
	blocks := []slack.Block{slack.NewContextBlock("draft_version", mrkdwn(label))}
	for i, part := range escapedChunks(c.Text, draftChunk) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(part), nil, nil,
			slack.SectionBlockOptionBlockID("draft_"+strconv.Itoa(i))))
	}
	if s := draftStatus(c); s != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(s), nil, nil, slack.SectionBlockOptionBlockID("draft_status")))
	}
	if len(c.Warnings) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(warningText(c.Warnings)), nil, nil,
			slack.SectionBlockOptionBlockID("draft_warnings")))
	}
	if fb := flagsBlock("draft_claims", c.Flags); fb != nil {
		blocks = append(blocks, fb)
	}
	if btns := draftButtons(c); len(btns) > 0 {
		blocks = append(blocks, slack.NewActionBlock("draft_actions", btns...))
	}
	return escapeText(truncate(fmt.Sprintf("Draft v%d of %s: %s", c.Version, c.Title, stateWords(c.State)), 300)), blocks
}

func draftStatus(c draftCard) string {
	var parts []string
	if c.Busy != "" {
		parts = append(parts, ":hourglass_flowing_sand: "+busyWords(c.Busy))
	}
	if c.Note != "" {
		parts = append(parts, ":information_source: "+escapeText(truncate(c.Note, 1000)))
	}
	switch c.State {
	case "draft_ready":
		parts = append(parts, ":eyes: Draft ready for review.")
	case "approved":
		parts = append(parts, ":white_check_mark: Approved by <@"+c.DecidedBy+">. Press *Mark published* once it is live.")
	case "published":
		parts = append(parts, ":rocket: Published: "+link(c.PublishedURL, c.PublishedURL))
	case "rejected":
		parts = append(parts, ":x: Rejected by <@"+c.DecidedBy+">.")
	}
	return strings.Join(parts, "\n")
}

func draftButtons(c draftCard) []slack.BlockElement {
	v := pieceValue(c.PieceID, "draft", c.Version)
	switch {
	case c.Busy != "":
		return nil
	case c.State == "draft_ready":
		return reviewButtons(v)
	case c.State == "approved":
		return []slack.BlockElement{button(actionPublish, "Mark published", v)}
	}
	return nil
}

// reviewButtons are the four decisions on an outline or a draft.
func reviewButtons(value string) []slack.BlockElement {
	approve := button(actionApprove, "Approve", value)
	approve.Style = slack.StylePrimary
	reject := button(actionReject, "Reject", value)
	reject.Style = slack.StyleDanger
	return []slack.BlockElement{approve, button(actionEdit, "Edit", value), button(actionRevise, "Revise", value), reject}
}

// pieceValue is a button's value: the piece, the phase and the version the person sees, so a
// stale outline button can never approve a draft, nor an old screen approve a newer version.
func pieceValue(id int64, phase string, version int) string {
	return strconv.FormatInt(id, 10) + ":" + phase + ":" + strconv.Itoa(version)
}

// pieceRef is what a piece button points at.
type pieceRef struct {
	id      int64
	phase   string
	version int // 0 when unknown
}

func parsePieceValue(v string) (pieceRef, error) {
	parts := strings.SplitN(v, ":", 3)
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return pieceRef{}, fmt.Errorf("bot: bad button value %q", v)
	}
	ref := pieceRef{id: id, phase: "outline"}
	if len(parts) > 1 && parts[1] != "" {
		ref.phase = parts[1]
	}
	if len(parts) > 2 {
		ref.version, _ = strconv.Atoi(parts[2])
	}
	return ref, nil
}

func busyWords(busy string) string {
	switch busy {
	case "revising":
		return "Revising…"
	case "drafting":
		return "Writing the draft…"
	}
	return strings.ReplaceAll(busy, "_", " ") + "…"
}

func stateWords(state string) string { return strings.ReplaceAll(state, "_", " ") }
