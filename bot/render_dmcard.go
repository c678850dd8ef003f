package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// dmCard is what an approver's DM card shows: the whole piece as it stands — the outline or the
// whole draft, its context, where it is and what the approver may do — read from the engine's
// view. Renderers are pure functions of it, golden-tested in testdata/.
type dmCard struct {
	PieceID     int64
	State       engine.State
	Title       string
	Client      string
	Platform    string
	Pillar      string
	SourceType  string
	SourceURL   string
	SourceTitle string // the title of what was read from the source
	SourceNote  string // why the source could not be read, as people read it
	ChannelID   string
	RequestedBy string
	// Phase is the phase the card shows: the draft once there is one, else the outline.
	Phase    string
	Version  int
	Hook     string
	Sections []string
	CTA      string
	Draft    string // the whole draft, exactly as stored
	EditedBy string // who wrote the version shown, when a person did
	// DecidedBy is who approved or rejected; FailureModes why it was rejected.
	DecidedBy    string
	FailureModes []string
	Busy         string
	Note         string
	Failure      string
	PublishedURL string
	Warnings     []string
	Flags        []string       // claims of the version shown that the source does not hold
	Actions      []engine.Offer // the engine's offers: the card's buttons
	Voice        *voiceLine     // the voice match of the version shown; nil when none is stored
}

// actionCopyText posts a draft's exact text on its own, for copying on a phone.
const actionCopyText = "piece_copy_text"

func dmCardFromView(v engine.View) dmCard {
	c := dmCard{
		PieceID: v.Piece.ID, State: v.Piece.State, Client: v.ClientName, Platform: v.Piece.Platform,
		Pillar: v.Piece.Pillar, SourceType: v.Source.Type, SourceURL: v.Source.URL, ChannelID: v.Piece.ChannelID,
		RequestedBy: v.Piece.RequestedBy, Phase: engine.PhaseOutline, DecidedBy: decidedBy(v), Busy: v.Busy,
		Note: trouble.Stored(v.Note), Failure: trouble.Stored(v.Piece.FailureReason), PublishedURL: v.Published.URL, Actions: v.Actions,
		SourceTitle: sourceTitle(v.Source), SourceNote: sourceNote(v.Source), Flags: flagLines(v.OutlineFlags),
	}
	if o := v.Outline; o != nil {
		c.Title, c.Version, c.Hook, c.Sections, c.CTA = o.Title, o.Version, o.Hook, o.Sections, o.CTA
		if o.Pillar != "" {
			c.Pillar = o.Pillar
		}
	}
	if d := v.Draft; d != nil {
		c.Phase, c.Version, c.Draft = engine.PhaseDraft, d.Version, d.Content
		c.Flags = flagLines(v.DraftFlags)
	}
	c.EditedBy = v.LatestEditor
	c.Voice = voiceOf(v, c.Phase, c.Version)
	if r := v.Rejection; r != nil {
		for _, m := range r.FailureModes {
			c.FailureModes = append(c.FailureModes, strings.ToLower(engine.FailureModeLabel(m)))
		}
	}
	for _, w := range v.Warnings {
		c.Warnings = append(c.Warnings, w.Message)
	}
	return c
}

// renderDMCard draws the card. The text is the push notification; the blocks hold the whole piece:
// a draft of 12,000 characters that all grow when escaped still fits (see renderDraft).
func renderDMCard(c dmCard) (string, []slack.Block) {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(truncate(fmt.Sprintf("#%d · %s", c.PieceID, cardTitle(c)), 150))),
		slack.NewContextBlock("card_context", mrkdwn(cardContext(c))),
	}
	blocks = append(blocks, cardContent(c)...)
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(cardStatus(c)), nil, nil, slack.SectionBlockOptionBlockID("card_status")))
	blocks = append(blocks, versionNotes("card_", c.SourceNote, c.Voice, c.Flags, c.Warnings)...)
	btns := offerButtons(c.PieceID, c.Actions)
	if c.Phase == engine.PhaseDraft && c.Draft != "" {
		btns = append(btns, button(actionCopyText, "Copy text", pieceValue(c.PieceID, c.Phase, c.Version)))
	}
	if len(btns) > 0 {
		blocks = append(blocks, slack.NewActionBlock("card_actions", btns...))
	}
	return cardNotification(c), blocks
}

func cardTitle(c dmCard) string {
	if c.Title == "" {
		return "Outline in progress…"
	}
	return c.Title
}

// cardContext is one short line: for whom, where, from what, asked by whom.
func cardContext(c dmCard) string {
	return pieceContext{client: c.Client, platform: c.Platform, pillar: c.Pillar, sourceURL: c.SourceURL,
		sourceType: c.SourceType, sourceTitle: c.SourceTitle, requestedBy: c.RequestedBy}.
		line("<#" + c.ChannelID + ">")
}

// cardContent is the outline, whole, or the draft, whole and exactly as stored.
func cardContent(c dmCard) []slack.Block {
	if c.Version == 0 {
		return nil
	}
	label := upperFirst(c.Phase) + " v" + strconv.Itoa(c.Version)
	if c.EditedBy != "" {
		label += " · edited by <@" + c.EditedBy + ">"
	}
	blocks := []slack.Block{slack.NewContextBlock("card_version", mrkdwn(label))}
	if c.Phase == engine.PhaseDraft {
		return append(blocks, draftSections("card_draft_", c.Draft)...)
	}
	lines := []markedLine{{"*Hook:* ", c.Hook}}
	for i, s := range c.Sections {
		lines = append(lines, markedLine{strconv.Itoa(i+1) + ". ", s})
	}
	lines = append(lines, markedLine{"*CTA:* ", c.CTA})
	for i, text := range packLines(lines, draftChunk) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil,
			slack.SectionBlockOptionBlockID("card_outline_"+strconv.Itoa(i))))
	}
	return blocks
}

// cardStatus says where the piece is, in the words of stateWordings, with what the engine is
// doing and its last note.
func cardStatus(c dmCard) string {
	s := stateWords(c.State)
	if w, ok := stateWordings[c.State]; ok && w.card != nil {
		emoji := w.emoji
		if c.EditedBy != "" && w.editedEmoji != "" {
			emoji = w.editedEmoji
		}
		s = withEmoji(emoji, w.card(c))
	}
	if c.Busy == engine.BusyRevising {
		s = ":hourglass_flowing_sand: " + busyWords(c.Busy)
	}
	if c.Note != "" {
		s += "\n:information_source: " + escapeText(truncate(c.Note, 1000))
	}
	return s
}

// cardNotification is the push line: what waits for the approver, or where the piece went.
func cardNotification(c dmCard) string {
	where := c.Client + " · " + c.Platform
	s := fmt.Sprintf("%s (%s): %s", cardTitle(c), where, stateLabel(c.State))
	if hasOffer(c.Actions, engine.ActionApprove) {
		s = fmt.Sprintf("%s to approve: %s (%s)", upperFirst(c.Phase), cardTitle(c), where)
	}
	return escapeText(truncate(s, 300))
}

func hasOffer(offers []engine.Offer, a engine.Action) bool {
	for _, o := range offers {
		if o.Action == a {
			return true
		}
	}
	return false
}

// liveLabel names a published link in a few words a phone shows on one line: "the live post on
// linkedin.com".
func liveLabel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "the live post"
	}
	return "the live post on " + strings.TrimPrefix(u.Hostname(), "www.")
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
