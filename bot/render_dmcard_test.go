package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
)

func sampleDMCard() dmCard {
	return dmCard{
		PieceID: 7, State: engine.StateOutlineReady, Title: "Why the month-end close still takes 9 days",
		Client: "Northwind Ledger", Platform: "linkedin", Pillar: "Faster close", SourceType: "study",
		SourceURL: "https://example.com/report?a=1&b=2", ChannelID: "C01", RequestedBy: "U01",
		Phase: engine.PhaseOutline, Version: 1, Hook: "Most CFOs blame people. The data blames <handoffs>.",
		Sections: []string{"The 9-day baseline", "Where the days go", "What the fastest teams do"},
		CTA:      "Book a close review",
	}
}

// dmCardStates are the card in every state it can show, with the engine's offers in that state.
var dmCardStates = map[string]func(*dmCard){
	"dm_requested.json": func(c *dmCard) {
		c.State, c.Title, c.Version, c.Hook, c.Sections, c.CTA = engine.StateRequested, "", 0, "", nil, ""
	},
	"dm_outline_ready.json":    func(*dmCard) {},
	"dm_outline_edited.json":   func(c *dmCard) { c.Version, c.EditedBy = 2, "U03" },
	"dm_outline_revising.json": func(c *dmCard) { c.Busy = engine.BusyRevising },
	"dm_outline_approved.json": func(c *dmCard) {
		c.State, c.DecidedBy, c.Busy = engine.StateOutlineApproved, "U02", engine.BusyDrafting
	},
	"dm_draft_ready.json":     withDraft(engine.StateDraftReady, 1, ""),
	"dm_draft_edited.json":    withDraft(engine.StateDraftReady, 2, "U03"),
	"dm_draft_approved.json":  withDraft(engine.StateApproved, 1, ""),
	"dm_draft_published.json": withDraft(engine.StatePublished, 1, ""),
	"dm_draft_rejected.json":  withDraft(engine.StateRejected, 1, ""),
	"dm_outline_failed.json": func(c *dmCard) {
		c.State, c.Failure = engine.StateFailed, "Could not write the draft: the model timed out."
	},
	"dm_draft_ready_warnings.json": func(c *dmCard) { withDraft(engine.StateDraftReady, 1, "")(c); c.Warnings = []string{`Uses "synergy".`} },
}

func withDraft(state engine.State, version int, editedBy string) func(*dmCard) {
	return func(c *dmCard) {
		c.State, c.Phase, c.Version, c.EditedBy = state, engine.PhaseDraft, version, editedBy
		c.Draft = "I asked 212 finance leaders how long their close takes.\n\nThe median: 9 days. <!channel> & *co*."
		c.DecidedBy, c.PublishedURL = "U02", "https://www.linkedin.com/feed/update/urn:li:activity:1/?a=1&b=2"
		if state == engine.StateRejected {
			c.FailureModes = []string{"voice drift"}
		}
	}
}

// TestRenderDMCardGolden draws the card in every state; each drawing passes Slack's validator and
// carries exactly the engine's offers (plus Copy text on a draft).
func TestRenderDMCardGolden(t *testing.T) {
	t.Parallel()
	for name, mutate := range dmCardStates {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := sampleDMCard()
			mutate(&c)
			latest := map[string]int{engine.PhaseOutline: 1}
			if c.Phase == engine.PhaseDraft {
				latest[engine.PhaseDraft] = c.Version
			}
			busy := c.Busy
			if busy == engine.BusyDrafting {
				busy = "" // the view's word for outline_approved, not the piece's
			}
			c.Actions = engine.Offers(engine.Piece{State: c.State, FailedFrom: engine.StateOutlineApproved, Busy: busy}, latest)
			text, blocks := renderDMCard(c)
			got := renderJSON(t, text, blocks)
			golden(t, name, got)
			require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
			require.LessOrEqual(t, len([]rune(text)), 300)
		})
	}
}

func blocksJSON(t *testing.T, blocks []slack.Block) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(blocks)
	require.NoError(t, err)
	return raw
}

// TestDMCardButtonsAreTheOffers: the card's buttons are the engine's offers and nothing else, so a
// decision made elsewhere takes them away.
func TestDMCardButtonsAreTheOffers(t *testing.T) {
	t.Parallel()
	c := sampleDMCard()
	c.Actions = engine.Offers(engine.Piece{State: engine.StateOutlineReady}, map[string]int{engine.PhaseOutline: 1})
	_, blocks := renderDMCard(c)
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject"}, buttonLabels(t, blocks))
	c.State, c.DecidedBy = engine.StateOutlineApproved, "U02"
	c.Actions = engine.Offers(engine.Piece{State: c.State}, map[string]int{engine.PhaseOutline: 1})
	_, blocks = renderDMCard(c)
	require.Empty(t, buttonLabels(t, blocks))
	require.Contains(t, strings.Join(mrkdwnTexts(t, blocks), "\n"), "Approved by <@U02> — the draft is being written.")
}

func buttonLabels(t *testing.T, blocks []slack.Block) []string {
	t.Helper()
	var out []string
	for _, b := range blocks {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.Text.Text)
				}
			}
		}
	}
	return out
}

// TestDMCardShowsALongDraftWholeAndEscaped: a 3,000-character draft full of mentions and mrkdwn is
// shown whole, escaped (nobody is pinged, no link is faked), in sections within Slack's limits; a
// 12,000-character draft of characters that grow when escaped still fits one message.
func TestDMCardShowsALongDraftWholeAndEscaped(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	for sb.Len() < 3000 {
		sb.WriteString("Ask <@U0BOSS> & <!channel> about *the close* — see <https://evil.example|the survey>.\n")
	}
	for _, draft := range []string{sb.String()[:3000], strings.Repeat("<&>", 4000)} {
		c := sampleDMCard()
		withDraft(engine.StateDraftReady, 1, "")(&c)
		c.Draft = draft
		_, blocks := renderDMCard(c)
		require.LessOrEqual(t, len(blocks), 50)
		require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
		var shown strings.Builder
		for _, b := range blocks {
			if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.BlockID, "card_draft_") {
				shown.WriteString(s.Text.Text)
			}
		}
		require.Equal(t, escapeText(draft), shown.String(), "the whole draft, escaped, nothing cut")
		for _, m := range mrkdwnTexts(t, blocks) {
			require.NotContains(t, m, "<@U0BOSS>")
			require.NotContains(t, m, "<!channel>")
			require.NotContains(t, m, "<https://evil")
		}
	}
}

// TestEveryStateHasCardWords: the card says where the piece is in every state of the engine.
func TestEveryStateHasCardWords(t *testing.T) {
	t.Parallel()
	for _, s := range engine.States {
		w, ok := stateWordings[s]
		require.True(t, ok && w.card != nil, "no card words for %s", s)
	}
}

func TestRenderReminder(t *testing.T) {
	t.Parallel()
	n := reminderNote{Items: []reminderItem{
		{PieceID: 3, Title: "Why the close takes 9 days", Phase: engine.PhaseDraft, Client: "Northwind <Ledger>",
			Link: "https://slacksim.slack.com/archives/D01/p1700000000000100", Waited: 5*time.Hour + 10*time.Minute},
		{PieceID: 4, Title: "A <!here> title", Phase: engine.PhaseOutline, Client: "Northwind <Ledger>",
			Waited: 4*time.Hour + 2*time.Minute},
	}}
	text, blocks := renderReminder(n)
	require.Equal(t, "2 pieces have waited 4h for your decision", text)
	golden(t, "reminder.json", renderJSON(t, text, blocks))
	require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
	require.Equal(t, []string{"Snooze 1 h", "Tomorrow morning"}, buttonLabels(t, blocks))

	n.Snoozed = time.Date(2026, 3, 11, 8, 0, 0, 0, time.UTC)
	text, blocks = renderReminder(n)
	require.Equal(t, "2 pieces wait for your decision", text)
	require.Empty(t, buttonLabels(t, blocks))
	require.Contains(t, strings.Join(mrkdwnTexts(t, blocks), "\n"), "Snoozed until <!date^1773216000^")

	var many reminderNote
	for i := range 45 {
		many.Items = append(many.Items, reminderItem{PieceID: int64(i + 1), Title: strings.Repeat("t", 200), Phase: "outline",
			Client: "c", Waited: time.Hour})
	}
	text, blocks = renderReminder(many)
	require.Equal(t, "45 pieces have waited 1h for your decision", text)
	require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
	require.Contains(t, strings.Join(mrkdwnTexts(t, blocks), "\n"), "…and 25 more")
	require.Len(t, parseSnoozeValue(snoozeValue(many.Items)), reminderLimit)
}

// TestDMCardShowsTheSourceAndItsClaimFlags: the approver reads on the phone what the channel shows:
// the source's title, why it could not be read, and the claims it does not back.
func TestDMCardShowsTheSourceAndItsClaimFlags(t *testing.T) {
	t.Parallel()
	read := engine.View{Piece: engine.Piece{ID: 7, State: engine.StateOutlineReady, ChannelID: "C01"},
		ClientName: "Northwind Ledger",
		Source: engine.Source{Type: "study", URL: "https://example.com/s", Read: &engine.Snapshot{
			Outcome: engine.SourceRead, Title: "Close Survey <2026>"}},
		Outline:      &engine.OutlineVersion{Version: 1, Outline: engine.Outline{Title: "T", Hook: "H"}},
		OutlineFlags: []engine.ClaimFlag{{Kind: "percent", Claim: "87% of <!channel>", Verdict: engine.VerdictNotInSource}},
	}
	_, blocks := renderDMCard(dmCardFromView(read))
	all := requireSafeBlocks(t, blocks)
	require.Contains(t, all, "study: Close Survey &lt;2026&gt;")
	require.Contains(t, all, `⚠ Not in the source: "87% of &lt;!channel&gt;"`)

	unread := read
	unread.Source.Read = &engine.Snapshot{Outcome: engine.SourceUnreadable, Reason: "the site answered 404 Not Found"}
	_, blocks = renderDMCard(dmCardFromView(unread))
	all = requireSafeBlocks(t, blocks)
	require.Contains(t, all, "I couldn't read the source (the site answered 404 Not Found)")
	require.Contains(t, all, "study source")
}
