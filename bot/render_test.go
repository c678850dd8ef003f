package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./bot -run %s -update", t.Name())
	require.Equal(t, string(want), string(got))
}

func renderJSON(t *testing.T, text string, blocks []slack.Block) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(map[string]any{"text": text, "blocks": blocks}))
	return buf.Bytes()
}

func sampleCard() pieceCard {
	return pieceCard{
		ID: 7, State: engine.StateOutlineReady, Client: "Northwind Ledger", Platform: "linkedin", Pillar: "Close faster",
		SourceType: "study", SourceURL: "https://example.com/report?a=1&b=2", RequestedBy: "U01", CapUsed: 1, Cap: 3,
		Title: "Why the month-end close still takes 9 days", Hook: "Most CFOs blame people. The data blames <handoffs>.",
		Sections: []string{"The 9-day baseline", "Where the days go", "What the fastest teams do"},
		CTA:      "Book a close review", Version: 1,
	}
}

func TestRenderPieceGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]func(*pieceCard){
		"piece_requested.json": func(c *pieceCard) {
			c.State, c.Title, c.Hook, c.Sections, c.CTA, c.Pillar = engine.StateRequested, "", "", nil, "", ""
		},
		"piece_outline_ready.json":    func(*pieceCard) {},
		"piece_outline_approved.json": func(c *pieceCard) { c.State, c.DecidedBy = engine.StateOutlineApproved, "U02" },
		"piece_failed.json": func(c *pieceCard) {
			c.State, c.Failure, c.Title, c.Version = engine.StateFailed,
				"The model endpoint answered HTTP 500 (server error). Gave up after 4 attempts over 1 min 40 s.", "", 0
			c.FailedPhase = engine.PhaseOutline
		},
		"piece_trouble.json": func(c *pieceCard) {
			c.State, c.Title, c.Hook, c.Sections, c.CTA, c.Pillar, c.Version = engine.StateRequested, "", "", nil, "", "", 0
			c.Trouble = &engine.Trouble{Cause: engine.CauseServerError, Status: 500, Attempt: 2, MaxAttempts: 5,
				Wait: 40 * time.Second}
		},
		"piece_trouble_model.json": func(c *pieceCard) {
			c.State, c.DecidedBy, c.Busy = engine.StateOutlineApproved, "U02", engine.BusyDrafting
			c.Trouble = &engine.Trouble{Cause: engine.CauseModelNotFound, Status: 404, Model: "gpt-<x>", Attempt: 1,
				MaxAttempts: 5, Wait: 10 * time.Second, RetryingNow: true}
		},
		"piece_cancelled.json": func(c *pieceCard) {
			c.State, c.DecidedBy, c.Title, c.Version = engine.StateCancelled, "U01", "", 0
			c.Note = "It was cancelled before it had an outline, so it no longer counts against the daily cap."
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := sampleCard()
			mutate(&c)
			// The offers the engine makes in that state: a failed outline resumes at requested.
			c.Actions = engine.Offers(engine.Piece{State: c.State, FailedFrom: engine.StateRequested, Trouble: c.Trouble},
				map[string]int{engine.PhaseOutline: c.Version})
			text, blocks := renderPiece(c)
			golden(t, name, renderJSON(t, text, blocks))
		})
	}
}

func TestRenderPieceEscapesModelAndUserText(t *testing.T) {
	t.Parallel()
	c := sampleCard()
	c.Title = "Hi <!channel>"
	c.Hook = "ping <!here> and <@U999> & co"
	c.Sections = []string{"<https://evil.example|click>"}
	c.Client = "<!everyone>"
	text, blocks := renderPiece(c)
	out := text + "\n" + strings.Join(mrkdwnTexts(t, blocks), "\n")
	for _, raw := range []string{"<!channel>", "<!here>", "<@U999>", "<!everyone>", "<https://evil"} {
		require.NotContains(t, out, raw)
	}
	require.Contains(t, out, "&lt;!here&gt;")
}

func TestSplitForModalIsLossless(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 7001)
	lines := strings.Repeat("A line of brand voice that goes on for a while.\n", 300)
	for _, s := range []string{"", "short", long, lines, lines + long + "\n\n", "\n\n\n", strings.Repeat("é🙂", 3000)} {
		ct := splitForModal(s)
		for _, c := range ct.Chunks {
			require.LessOrEqual(t, len([]rune(c)), chunkFill)
		}
		require.Equal(t, s, joinFromModal(ct.Chunks, ct.Joins))
	}
}

// mrkdwnTexts returns every mrkdwn string in blocks: the text Slack parses for mentions and links.
// (plain_text is shown literally, so "<!channel>" there pings no one.)
func mrkdwnTexts(t *testing.T, blocks []slack.Block) []string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	require.NoError(t, err)
	return slacksim.MrkdwnTexts(raw)
}

func sampleDraft() draftCard {
	return draftCard{PieceID: 7, State: engine.StateDraftReady, Title: "Why the month-end close still takes 9 days",
		Text: "I asked 212 finance leaders how long their close takes.\n\nThe median: 9 days. <!channel> & co.", Version: 2,
		EditedBy: "U03", Warnings: []string{`"synergy" is a forbidden phrase (brand)`}}
}

func TestRenderDraftGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]func(*draftCard){
		"draft_ready.json":     func(*draftCard) {},
		"draft_revising.json":  func(c *draftCard) { c.Busy, c.Note = engine.BusyRevising, "" },
		"draft_approved.json":  func(c *draftCard) { c.State, c.DecidedBy, c.Warnings = engine.StateApproved, "U02", nil },
		"draft_published.json": func(c *draftCard) { c.State, c.PublishedURL = engine.StatePublished, "https://example.com/p?a=1&b=2" },
		"draft_marked.json": func(c *draftCard) {
			c.State, c.PublishedURL, c.MarkedBy = engine.StatePublished, "https://example.com/p?a=1&b=2", "U02"
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := sampleDraft()
			mutate(&c)
			c.Actions = offersOn(engine.Offers(engine.Piece{State: c.State, Busy: c.Busy},
				map[string]int{engine.PhaseOutline: 1, engine.PhaseDraft: c.Version}), engine.PhaseDraft)
			if c.MarkedBy != "" {
				c.Actions = nil // the engine's view offers nothing more once the piece is marked
			}
			text, blocks := renderDraft(c)
			golden(t, name, renderJSON(t, text, blocks))
		})
	}
}

// TestLongDraftFitsBlockKit: a 12,000-character draft of characters that grow when escaped still
// fits Slack's limits (50 blocks, 3,000 characters a section) and loses nothing.
func TestLongDraftFitsBlockKit(t *testing.T) {
	t.Parallel()
	c := sampleDraft()
	c.Text = strings.Repeat("<&>", 4000)
	_, blocks := renderDraft(c)
	require.LessOrEqual(t, len(blocks), 50)
	var joined strings.Builder
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.BlockID, "draft_") && s.BlockID != "draft_status" &&
			s.BlockID != "draft_warnings" {
			require.LessOrEqual(t, len([]rune(s.Text.Text)), 3000)
			joined.WriteString(s.Text.Text)
		}
	}
	require.Equal(t, escapeText(c.Text), joined.String())
}

// TestLongOutlineLosesNothing: an outline edited up to its 6,000-character limit is shown whole,
// across sections that each fit Slack's limit.
func TestLongOutlineLosesNothing(t *testing.T) {
	t.Parallel()
	c := sampleCard()
	c.Sections = []string{strings.Repeat("a & b ", 500), strings.Repeat("<x>", 700), "the last section"}
	c.CTA = "the call to action at the very end"
	_, blocks := renderPiece(c)
	var shown strings.Builder
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.BlockID, "outline") {
			require.LessOrEqual(t, len([]rune(s.Text.Text)), 3000)
			shown.WriteString(s.Text.Text)
		}
	}
	require.Contains(t, shown.String(), "the last section")
	require.Contains(t, shown.String(), "*CTA:* the call to action at the very end")
	require.Equal(t, strings.Count(escapeText(c.Hook+c.Sections[0]+c.Sections[1]), "&"), strings.Count(shown.String(), "&"))
}

// TestEveryOfferHasAButton: every action the lifecycle lets a person take is drawn as a button
// whose action id has a handler, so an offer can never go missing from Slack.
func TestEveryOfferHasAButton(t *testing.T) {
	t.Parallel()
	handlers := (&Bot{}).actionHandlers()
	for _, m := range engine.Moves() {
		if m.Who == engine.RoleSystem || m.From == "" {
			continue
		}
		ob, ok := offerButtonFor[m.Action]
		require.True(t, ok, "no button for %s", m.Action)
		require.Contains(t, handlers, ob.actionID, "no handler for %s", ob.actionID)
	}
}

// TestEveryStateIsWorded: the piece message has a status line for every state of the engine.
func TestEveryStateIsWorded(t *testing.T) {
	t.Parallel()
	for _, s := range engine.States {
		c := sampleCard()
		c.State = s
		require.NotEmpty(t, baseStatus(c), "no words for %s", s)
		require.Contains(t, stateWordings, s)
		require.NotEmpty(t, stateWordings[s].label, "no label for %s", s)
	}
}
