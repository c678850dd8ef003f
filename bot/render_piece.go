package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// pieceCard is everything the piece message shows, already read from the engine. Keeping the renderer
// on this small struct makes it a pure function, golden-tested in testdata/.
type pieceCard struct {
	ID          int64
	State       engine.State
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
	FailedPhase string // the phase a failed piece was writing: engine.PhaseOutline or engine.PhaseDraft
	Warnings    []string
	Busy        string // engine.BusyRevising, engine.BusyDrafting, or ""
	Note        string // the engine's last note: a refused or restored revision
	// Trouble is set while the generation this message waits for retries after a failed attempt.
	Trouble *engine.Trouble
	// Actions are the engine's offers this message carries buttons for (the outline's, a retry).
	Actions     []engine.Offer
	SourceTitle string // the title of what was read from the source
	SourceNote  string // why the source could not be read, as people read it
	Flags       []string
	// Voice is the voice match of the latest version: the draft's once there is one, else the
	// outline's; nil when none is stored.
	Voice *voiceLine
}

// Action ids: one handler each (see actions.go). The button value is the piece id.
const (
	actionApprove      = "piece_approve"
	actionEdit         = "piece_edit"
	actionRevise       = "piece_revise"
	actionReject       = "piece_reject"
	actionRetry        = "piece_retry"
	actionPublish      = "piece_publish"
	actionSoundsLikeUs = "piece_sounds_like_us"
	actionRetryNow     = "piece_retry_now"
	actionCancel       = "piece_cancel"
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
	blocks = append(blocks, versionNotes("", c.SourceNote, c.Voice, c.Flags, c.Warnings)...)
	if btns := offerButtons(c.ID, c.Actions); len(btns) > 0 {
		blocks = append(blocks, slack.NewActionBlock("actions", btns...))
	}
	return notificationText(c), blocks
}

func headerText(c pieceCard) string {
	title := c.Title
	switch {
	case title == "" && c.State == engine.StateCancelled:
		title = "Cancelled before an outline"
	case title == "":
		title = "Outline in progress…"
	}
	return truncate(fmt.Sprintf("#%d · %s", c.ID, title), 150)
}

func contextLine(c pieceCard) string {
	return pieceContext{client: c.Client, platform: c.Platform, pillar: c.Pillar, sourceURL: c.SourceURL,
		sourceType: c.SourceType, sourceTitle: c.SourceTitle, requestedBy: c.RequestedBy}.
		line(fmt.Sprintf("cap %d/%d today", c.CapUsed, c.Cap))
}

// pieceContext is what the short line under a piece's title says, on the piece message and on
// an approver's DM card alike.
type pieceContext struct {
	client, platform, pillar           string
	sourceURL, sourceType, sourceTitle string
	requestedBy                        string
}

// line is for whom, where, the pillar and the source when known, then where (what the message
// adds: the cap today, the channel), then who asked.
func (pc pieceContext) line(where string) string {
	parts := []string{escapeText(pc.client), escapeText(pc.platform)}
	if pc.pillar != "" {
		parts = append(parts, escapeText(pc.pillar))
	}
	if pc.sourceURL != "" {
		parts = append(parts, sourceLink(pc.sourceURL, pc.sourceType, pc.sourceTitle))
	}
	parts = append(parts, where)
	if pc.requestedBy != "" {
		parts = append(parts, askedBy(pc.requestedBy))
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
	if c.Trouble != nil {
		return troubleLine(writingWords(c.State, c.Busy), *c.Trouble) + extra
	}
	if c.Busy != "" {
		return ":hourglass_flowing_sand: " + busyWords(c.Busy) + extra
	}
	return baseStatus(c) + extra
}

// baseStatus is the piece message's status line: the adapter's words for the engine's state.
func baseStatus(c pieceCard) string {
	if w, ok := stateWordings[c.State]; ok && w.piece != nil {
		return withEmoji(w.emoji, w.piece(c))
	}
	return ""
}

// versionNotes are the blocks under the version shown: why its source could not be read, its voice
// match, its claims to check and the check warnings left on it, each only when there is something
// to say. Their block ids start with idPrefix: "" in the channel message, "card_" on a DM card.
func versionNotes(idPrefix, sourceNote string, voice *voiceLine, flags, warnings []string) []slack.Block {
	var blocks []slack.Block
	if nb := sourceNoteBlock(idPrefix+"source_note", sourceNote); nb != nil {
		blocks = append(blocks, nb)
	}
	if vb := voiceBlock(idPrefix+"voice", voice); vb != nil {
		blocks = append(blocks, vb)
	}
	if fb := flagsBlock(idPrefix+"claims", flags); fb != nil {
		blocks = append(blocks, fb)
	}
	if len(warnings) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(warningText(warnings)), nil, nil,
			slack.SectionBlockOptionBlockID(idPrefix+"warnings")))
	}
	return blocks
}

func warningText(ws []string) string {
	var b strings.Builder
	b.WriteString(":warning: *Check warnings* (left after one automatic repair):")
	for _, w := range ws {
		b.WriteString("\n• " + escapeText(w))
	}
	return truncate(b.String(), 3000)
}

func notificationText(c pieceCard) string {
	title := c.Title
	if title == "" {
		title = "new piece"
	}
	where := c.Client + " · " + c.Platform
	s := fmt.Sprintf("%s (%s): %s", title, where, stateWords(c.State))
	if w := stateWordings[c.State]; w.notify != nil {
		s = w.notify(c, title, where)
	}
	return escapeText(truncate(s, 300))
}

func button(actionID, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func cardFromView(v engine.View) pieceCard {
	c := pieceCard{
		ID: v.Piece.ID, State: v.Piece.State, Client: v.ClientName, Platform: v.Piece.Platform,
		Pillar: v.Piece.Pillar, SourceType: v.Source.Type, SourceURL: v.Source.URL,
		RequestedBy: v.Piece.RequestedBy, CapUsed: v.Cap.Used, Cap: v.Cap.Cap, Failure: trouble.Stored(v.Piece.FailureReason),
		DecidedBy: decidedBy(v), SourceTitle: sourceTitle(v.Source), SourceNote: sourceNote(v.Source),
		Flags: flagLines(v.OutlineFlags), FailedPhase: failedPhase(v.Piece),
	}
	if v.Draft == nil {
		c.Busy, c.Note, c.Trouble = v.Busy, trouble.Stored(v.Note), v.Piece.Trouble // once there is a draft, its message says so
	}
	c.Actions = parentOffers(v)
	c.Voice = latestVoice(v)
	if o := v.Outline; o != nil {
		c.Title, c.Hook, c.Sections, c.CTA, c.Version = o.Title, o.Hook, o.Sections, o.CTA, o.Version
		if o.Pillar != "" {
			c.Pillar = o.Pillar
		}
		if o.AuthorKind == engine.AuthorHuman {
			c.EditedBy = o.Author
		}
		for _, w := range o.Warnings {
			c.Warnings = append(c.Warnings, w.Message)
		}
	}
	return c
}

// parentOffers are the offers the piece message carries: all of them until there is a draft, whose
// message in the thread then carries those on the draft.
func parentOffers(v engine.View) []engine.Offer {
	if v.Draft == nil {
		return v.Actions
	}
	var out []engine.Offer
	for _, o := range v.Actions {
		if o.Phase != engine.PhaseDraft {
			out = append(out, o)
		}
	}
	return out
}

// decidedBy is who made the decision the piece's state shows.
func decidedBy(v engine.View) string {
	for i := len(v.Reviews) - 1; i >= 0; i-- {
		r := v.Reviews[i]
		if r.Decision == engine.DecisionApproved || r.Decision == engine.DecisionRejected ||
			r.Decision == engine.DecisionCancelled {
			return r.Reviewer
		}
	}
	return ""
}

// latestVoice is the voice match of the draft once there is one, else of the outline.
func latestVoice(v engine.View) *voiceLine {
	if v.Draft != nil {
		return voiceOf(v, engine.PhaseDraft, v.Draft.Version)
	}
	if v.Outline != nil {
		return voiceOf(v, engine.PhaseOutline, v.Outline.Version)
	}
	return nil
}
