package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/engine"
)

// requireSafeBlocks checks Block Kit's limits and that no mention survived escaping.
func requireSafeBlocks(t *testing.T, blocks []slack.Block) string {
	t.Helper()
	require.LessOrEqual(t, len(blocks), 50)
	texts := mrkdwnTexts(t, blocks)
	for _, s := range texts {
		require.LessOrEqual(t, len([]rune(s)), 3000)
		require.NotContains(t, s, "<!channel>")
		require.NotContains(t, s, "<@U999>")
		require.NotContains(t, s, "<@U1>")
	}
	return strings.Join(texts, "\n")
}

func TestRenderPieceWithSourceTitleAndFlagsGolden(t *testing.T) {
	t.Parallel()
	c := sampleCard()
	c.SourceTitle = "Close survey 2026 <Ledger News>"
	c.Flags = flagLines([]engine.ClaimFlag{
		{Kind: "percent", Claim: "87% of CFOs", Verdict: engine.VerdictNotInSource},
		{Kind: "quote", Claim: `"ping <!channel> & <@U999>"`, Verdict: engine.VerdictNotInSource},
	})
	c.Actions = engine.Offers(engine.Piece{State: c.State}, map[string]int{engine.PhaseOutline: c.Version})
	text, blocks := renderPiece(c)
	golden(t, "piece_flags.json", renderJSON(t, text, blocks))
	all := requireSafeBlocks(t, blocks)
	require.Contains(t, all, `⚠ Not in the source: "87% of CFOs"`)
	require.Contains(t, all, "study: Close survey 2026 &lt;Ledger News&gt;")
}

func TestRenderPieceWithAnUnreadableSourceGolden(t *testing.T) {
	t.Parallel()
	src := engine.Source{Type: "study", URL: "https://example.com/x",
		Read: &engine.Snapshot{Outcome: engine.SourceUnreadable, Reason: "the site answered 404 Not Found"}}
	c := sampleCard()
	c.SourceTitle, c.SourceNote = sourceTitle(src), sourceNote(src)
	c.Flags = flagLines([]engine.ClaimFlag{{Kind: "number", Claim: "9 days", Verdict: engine.VerdictUnverified}})
	require.Empty(t, c.SourceTitle)
	c.Actions = engine.Offers(engine.Piece{State: c.State}, map[string]int{engine.PhaseOutline: c.Version})
	text, blocks := renderPiece(c)
	golden(t, "piece_source_unreadable.json", renderJSON(t, text, blocks))
}

func TestRenderDraftWithFlagsGolden(t *testing.T) {
	t.Parallel()
	c := draftCard{PieceID: 7, State: "draft_ready", Title: "Why the close takes 9 days", Version: 2,
		Text: "Teams lose $4.2M a year; revenue fell 7%; 412 teams automate.", Flags: flagLines([]engine.ClaimFlag{
			{Kind: "money", Claim: "$4.2M", Verdict: engine.VerdictNotInSource, Reason: claim.ReasonMissing},
			{Kind: "percent", Claim: "7%", Verdict: engine.VerdictNotInSource, Reason: claim.ReasonDirection,
				SourceSays: "Revenue rose 7% <!channel> & <@U999>."},
			{Kind: "number", Claim: "412", Verdict: engine.VerdictUnverified, Reason: claim.ReasonElsewhere,
				SourceSays: "We asked 412 finance leaders."}})}
	c.Actions = offersOn(engine.Offers(engine.Piece{State: c.State},
		map[string]int{engine.PhaseOutline: 1, engine.PhaseDraft: c.Version}), engine.PhaseDraft)
	text, blocks := renderDraft(c)
	golden(t, "draft_flags.json", renderJSON(t, text, blocks))
	all := requireSafeBlocks(t, blocks)
	require.Contains(t, all, `⚠ Not in the source: "$4.2M"`)
	require.Contains(t, all, `⚠ In the source, but going the other way: "7%" (the source says: "Revenue rose 7% &lt;!channel&gt; &amp; &lt;@U999&gt;.")`)
	require.Contains(t, all, `⚠ In the source, but about something else: "412" (the source says: "We asked 412 finance leaders.")`)
}

// TestFlagsStoredBeforeReasonsReadAsBefore: a flag with no reason (stored before reasons were)
// shows as it always did.
func TestFlagsStoredBeforeReasonsReadAsBefore(t *testing.T) {
	t.Parallel()
	require.Equal(t, []string{`⚠ Not in the source: "87% of CFOs"`, `⚠ Unverified (the source could not be read): "9 days"`},
		flagLines([]engine.ClaimFlag{{Kind: "percent", Claim: "87% of CFOs", Verdict: engine.VerdictNotInSource},
			{Kind: "number", Claim: "9 days", Verdict: engine.VerdictUnverified}}))
}

func TestSourceBlocks(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 30, 9, 5, 0, 0, time.UTC)
	read := engine.Source{Type: "study", URL: "https://short.example/x", Read: &engine.Snapshot{
		Outcome: engine.SourceRead, Title: "Close <survey>", Kind: "html", FinalURL: "https://news.example/close",
		Text: "The median close takes 9 days & <@U1> was quoted.", Hash: "0123456789abcdef0123", FetchedAt: at}}
	blocks := sourceBlocks(12, read)
	requireSafeBlocks(t, blocks)
	golden(t, "source_read.json", renderJSON(t, "Source of piece #12", blocks))

	long := read
	long.Read = &engine.Snapshot{Outcome: engine.SourceRead, Title: "Long", Kind: "pdf", FetchedAt: at,
		Text: strings.Repeat("x", sourceShownChars+500), Hash: "ab"}
	blocks = sourceBlocks(12, long)
	require.Contains(t, requireSafeBlocks(t, blocks), "… 500 more characters not shown.")

	gone := engine.Source{Type: "study", URL: "https://example.com/x", Read: &engine.Snapshot{
		Outcome: engine.SourceUnreadable, Reason: "the site answered 404 Not Found", FetchedAt: at}}
	require.Contains(t, requireSafeBlocks(t, sourceBlocks(3, gone)), "Could not be read on 2026-11-30 09:05 UTC: the site answered 404 Not Found.")
	require.Contains(t, requireSafeBlocks(t, sourceBlocks(3, engine.Source{Type: "study", URL: "https://x.example"})), "Not read yet")
}
