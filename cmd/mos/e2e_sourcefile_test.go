package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// interviewNotes are notes from a customer call, pasted as a person types them: Slack mentions and
// mrkdwn included, which must reach nobody and format nothing.
const interviewNotes = "Call with the Ledger team, cc <@U0BOSS> <!channel>\n" +
	"*Their close takes 9 days*; 61% of the delay is handoffs between AP and treasury.\n" +
	"_They want_ a shared checklist. ~Not~ a new tool. <https://evil.example|click>"

// openDraftForm opens the /draft form and fills the brief and the type, as Sam does.
func openDraftForm(w *world) *slacksim.View {
	w.sam.Command(w.channel, "/draft", "")
	return w.sam.WaitModal().Fill("Brief", "Why the month-end close still takes 9 days").
		Select("Source type", "interview")
}

// noPings fails when a message or a block would ping or link what a person pasted.
func noPings(t *testing.T, m slacksim.Message) {
	t.Helper()
	for _, ping := range []string{"<!channel>", "<@U0BOSS>", "<https://evil"} {
		require.NotContains(t, m.Text, ping)
		for _, s := range m.Mrkdwn() {
			require.NotContains(t, s, ping)
		}
	}
}

// TestAPastedTranscriptGroundsThePiece: a transcript pasted in the /draft form, without a link,
// is the piece's source: the model request's data carries it, a figure not in it is flagged, and
// /mos source shows it escaped, pinging nobody.
func TestAPastedTranscriptGroundsThePiece(t *testing.T) {
	t.Parallel()
	w, _, _ := sourceWorld(t)

	res := openDraftForm(w).Fill("Transcript or notes", interviewNotes).Submit()
	require.Empty(t, res.Errors, "a transcript needs no link")
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))

	user := w.llm.Requests()[0].Last().Content
	_, data, ok := strings.Cut(user, "\n## Data\n")
	require.True(t, ok)
	require.Contains(t, data, `"origin": "transcript"`)
	require.Contains(t, data, "61% of the delay is handoffs between AP and treasury")
	require.Contains(t, user, "source_inputs texts of the data")

	text := msg.AllText()
	require.Contains(t, text, `⚠ Not in the source: "87% of CFOs"`)
	require.NotContains(t, text, `"61%`, "a figure the transcript holds is not flagged")
	noPings(t, msg)

	id := pieceID(t, w)
	shown := w.mosAnswer(w.sam, "source #"+id, "Source of piece #"+id)
	require.Contains(t, shown.AllText(), "Pasted transcript or notes")
	require.Contains(t, shown.AllText(), "61% of the delay is handoffs")
	noPings(t, shown)
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM source_snapshots WHERE origin = 'transcript'
		AND body_text LIKE '%<!channel>%'`), "stored as pasted; escaped only where shown")
}

// TestAnAttachedFileGroundsThePiece: a Markdown file attached in the form is read by the outline
// job with the bot's token, once, and grounds the piece like a read page.
func TestAnAttachedFileGroundsThePiece(t *testing.T) {
	t.Parallel()
	w, _, _ := sourceWorld(t)
	notes := "# Interview: Ledger team\n\nThe close takes 9 days. 61% of the delay is handoffs.\n"

	res := openDraftForm(w).Attach("File", "interview.md", []byte(notes)).Submit()
	require.Empty(t, res.Errors)
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))

	data := w.llm.Requests()[0].Last().Content
	require.Contains(t, data, `"origin": "file"`)
	require.Contains(t, data, `"title": "interview.md"`)
	require.Contains(t, data, "61% of the delay is handoffs")
	require.Contains(t, msg.AllText(), `⚠ Not in the source: "87% of CFOs"`)
	require.NotContains(t, msg.AllText(), `"61%`)

	files := w.sim.UserFiles()
	require.Len(t, files, 1)
	require.Equal(t, 1, files[0].Downloads, "read once, with the bot token")
	require.Zero(t, files[0].Refused)

	id := pieceID(t, w)
	shown := w.mosAnswer(w.sam, "source #"+id, "Source of piece #"+id)
	require.Contains(t, shown.AllText(), "*Attached file* interview.md — markdown")
	require.Contains(t, shown.AllText(), "The close takes 9 days")
}

// TestUnreadableFilesLeaveThePieceGoing: a file over the size limit (refused before a byte is
// downloaded) and a PDF without a text layer each get a clear note on the piece, which is written
// from the brief, its figures flagged unverified.
func TestUnreadableFilesLeaveThePieceGoing(t *testing.T) {
	t.Parallel()
	w, _, _ := sourceWorld(t)
	scan, err := os.ReadFile("../../source/testdata/scan.pdf")
	require.NoError(t, err)
	big := []byte(strings.Repeat("The close takes 9 days.\n", 6<<20/24+1)) // just over 6 MB

	openDraftForm(w).Attach("File", "big.txt", big).Submit()
	first := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Contains(t, first.AllText(), "I couldn't read the attached file big.txt (it is 6.0 MB, over the 5.0 MB limit)")
	require.Contains(t, first.AllText(), `⚠ Unverified (the source could not be read): "87% of CFOs"`)
	require.Zero(t, w.sim.UserFiles()[0].Downloads, "refused from its declared size")

	openDraftForm(w).Attach("File", "scan.pdf", scan).Submit()
	second := w.sim.WaitMessage(w.channel, func(m slacksim.Message) bool {
		return withButton("Approve")(m) && m.TS != first.TS
	})
	require.Contains(t, second.AllText(), "I couldn't read the attached file scan.pdf (the PDF has no text layer")
	require.Equal(t, 2, w.scalar(`SELECT count(*) FROM source_snapshots WHERE origin = 'file' AND outcome = 'unreadable'`))
}

// TestTheFormNeedsALinkATranscriptOrAFile: with none of the three the form refuses, under the link.
func TestTheFormNeedsALinkATranscriptOrAFile(t *testing.T) {
	t.Parallel()
	w, _, _ := sourceWorld(t)
	res := openDraftForm(w).Submit()
	require.Contains(t, res.Errors["source_url"], "transcript")
	require.Zero(t, w.scalar("SELECT count(*) FROM pieces"))
}
