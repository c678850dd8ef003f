package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// draftCard is what the draft message in the outline's thread shows.
type draftCard struct {
	PieceID      int64
	State        engine.State
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
	MarkedBy     string          // the approver who marked the published piece "sounds like us"
	Actions      []engine.Offer  // the engine's offers on the draft
	Trouble      *engine.Trouble // set while its revision retries after a failed attempt
}

// draftChunk is the most escaped text one section holds (Slack's limit is 3000).
const draftChunk = 2900

// renderDraft draws the draft message. A 12,000-character draft becomes at most a few dozen
// sections (17 even if every character grows fourfold when escaped), inside the 50-block limit.
func renderDraft(c draftCard) (string, []slack.Block) {
	text := escapeText(truncate(fmt.Sprintf("Draft v%d of %s: %s", c.Version, c.Title, stateWords(c.State)), 300))
	return text, append(draftSections("draft_", c.Text), draftFooter(c)...)
}

// draftFooter is what follows the draft's text: its version, status, warnings, claim flags and
// buttons. A draft streamed into its thread ends with exactly these blocks under its text.
func draftFooter(c draftCard) []slack.Block {
	label := "Draft v" + strconv.Itoa(c.Version)
	if c.EditedBy != "" {
		label += " · edited by <@" + c.EditedBy + ">"
	}
	blocks := []slack.Block{slack.NewContextBlock("draft_version", mrkdwn(label))}
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
	if btns := offerButtons(c.PieceID, c.Actions); len(btns) > 0 {
		blocks = append(blocks, slack.NewActionBlock("draft_actions", btns...))
	}
	return blocks
}

// draftSections shows a draft whole, escaped and split across sections under Slack's limit: the
// one rule of the draft message in the channel and the approver's DM card. Block ids are
// prefix0, prefix1, ….
func draftSections(prefix, text string) []slack.Block {
	var blocks []slack.Block
	for i, part := range escapedChunks(text, draftChunk) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(part), nil, nil,
			slack.SectionBlockOptionBlockID(prefix+strconv.Itoa(i))))
	}
	return blocks
}

func draftStatus(c draftCard) string {
	var parts []string
	switch {
	case c.Trouble != nil:
		parts = append(parts, troubleLine(writingWords(c.State, c.Busy), *c.Trouble))
	case c.Busy != "":
		parts = append(parts, ":hourglass_flowing_sand: "+busyWords(c.Busy))
	}
	if c.Note != "" {
		parts = append(parts, ":information_source: "+escapeText(truncate(c.Note, 1000)))
	}
	if w := stateWordings[c.State]; w.draft != nil {
		parts = append(parts, withEmoji(w.emoji, w.draft(c)))
	}
	return strings.Join(parts, "\n")
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
	ref := pieceRef{id: id, phase: engine.PhaseOutline}
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
	case engine.BusyRevising:
		return "Revising…"
	case engine.BusyDrafting:
		return "Writing the draft…"
	}
	return strings.ReplaceAll(busy, "_", " ") + "…"
}

func draftCardFromView(v engine.View) draftCard {
	d := v.Draft
	c := draftCard{
		PieceID: v.Piece.ID, State: v.Piece.State, Text: d.Content, Version: d.Version,
		Busy: v.Busy, Note: trouble.Stored(v.Note), PublishedURL: v.Published.URL, DecidedBy: decidedBy(v),
		Actions:  offersOn(v.Actions, engine.PhaseDraft),
		MarkedBy: markedBy(v),
		Flags:    flagLines(v.DraftFlags),
		Trouble:  v.Piece.Trouble,
	}
	if v.Outline != nil {
		c.Title = v.Outline.Title
	}
	if d.AuthorKind == engine.AuthorHuman {
		c.EditedBy = d.Author
	}
	for _, w := range d.Warnings {
		c.Warnings = append(c.Warnings, w.Message)
	}
	return c
}

// markedBy is the approver who marked the piece "sounds like us", or "".
func markedBy(v engine.View) string {
	if v.SoundsLikeUs == nil {
		return ""
	}
	return v.SoundsLikeUs.Reviewer
}
