package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/llm/llmtest"
)

// card waits for the person's DM card of the piece to match, and returns it.
func (w *world) card(userID string, match func(slacksim.Message) bool) slacksim.Message {
	w.t.Helper()
	return w.sim.WaitDM(userID, func(m slacksim.Message) bool {
		return strings.Contains(m.AllText(), "asked by <@") && match(m)
	})
}

func all(preds ...func(slacksim.Message) bool) func(slacksim.Message) bool {
	return func(m slacksim.Message) bool {
		for _, p := range preds {
			if !p(m) {
				return false
			}
		}
		return true
	}
}

// addOlga makes Olga a second approver of Northwind.
func (w *world) addOlga() (string, *slacksim.User) {
	w.t.Helper()
	id := w.sim.AddUser("olga")
	w.mosPosted(w.maria, "approvers add <@"+id+"|olga>", "<@"+id+"> as an approver")
	return id, w.sim.User(id)
}

// TestApproveFromTheDMCard: Maria decides everything from her DM card, on one message updated in
// place: the whole outline, approve, "the draft is being written", the whole draft, approve, mark
// published, the link. The channel follows each step, and so does her App Home.
func TestApproveFromTheDMCard(t *testing.T) {
	t.Parallel()
	w, model := boundLoopWorld(t)
	release := make(chan struct{})
	var once sync.Once
	let := func() { once.Do(func() { close(release) }) }
	t.Cleanup(let)
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if r.ResponseFormat == nil {
			<-release // the draft is written only once the test has seen the card say so
		}
		return model.reply(t, r)
	})
	outline := w.outlineReady()
	card := w.card(w.mariaID, withButton("Approve"))
	for _, want := range []string{"Most CFOs blame people. The data blames handoffs.", "1. The 9-day baseline",
		"3. What the fastest teams do", "*CTA:* Book a 20-minute close review", "Faster close", "study source",
		"Outline v1 waits for your decision."} {
		require.Contains(t, card.AllText(), want)
	}

	w.maria.Press(card.Channel, card.TS, "Approve")
	w.sim.WaitMessage(w.channel, containing("Writing the draft…"))
	approved := w.card(w.mariaID, containing("Approved by <@"+w.mariaID+"> — the draft is being written."))
	require.Equal(t, card.TS, approved.TS, "the card is updated in place")
	require.Empty(t, approved.Buttons(), "nothing to decide while the draft is written")
	let()

	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	ready := w.card(w.mariaID, all(containing("The median answer: 9 days."), withButton("Approve")))
	require.Equal(t, card.TS, ready.TS)
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject", "Copy text"}, ready.Buttons())
	ping := w.sim.WaitDM(w.mariaID, containing("waits for your decision: <"))
	require.Equal(t, "Draft to approve: Why the month-end close still takes 9 days (Northwind Ledger · linkedin)", ping.Text)
	require.Contains(t, ping.AllText(), w.sim.Permalink(card.Channel, card.TS), "the ping links to the card")
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(w.sim.Home(w.mariaID).Texts, "\n"), "Draft v1 waits for your decision")
	}, 5*time.Second, 20*time.Millisecond, "the App Home follows without being reopened")

	w.maria.Press(card.Channel, card.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	live := w.card(w.mariaID, withButton("Mark published"))
	w.maria.Press(live.Channel, live.TS, "Mark published")
	m := w.maria.WaitModal()
	m.Fill("Link to the live post", "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/")
	require.Empty(t, m.Submit().Errors)
	published := w.card(w.mariaID, containing("Published: <https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/|the live post on linkedin.com>"))
	require.Equal(t, card.TS, published.TS)
	require.Equal(t, []string{"Sounds like us", "Copy text"}, published.Buttons(), "an approver may mark the published piece")
	w.sim.WaitReply(w.channel, outline.TS, containing("Published:"))
	require.Equal(t, draft.TS, w.sim.Replies(w.channel, outline.TS)[0].TS)
	require.Len(t, w.sim.DMs(w.mariaID), 2, "one card and one 'draft ready' line, nothing else")
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(w.sim.Home(w.mariaID).Texts, "\n"), "Nothing waits for your decision")
	}, 5*time.Second, 20*time.Millisecond)
}

// TestSecondApproversCardUpdates: Olga's card is open when Maria approves from hers; Olga's card
// loses its buttons and says who approved, and her press on the screen she still had is refused
// kindly, changing nothing.
func TestSecondApproversCardUpdates(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	olgaID, olga := w.addOlga()
	w.outlineReady()
	olgasCard := w.card(olgaID, withButton("Approve"))
	mariasCard := w.card(w.mariaID, withButton("Approve"))

	w.maria.Press(mariasCard.Channel, mariasCard.TS, "Approve")
	updated := w.card(olgaID, containing("Approved by <@"+w.mariaID+"> — the draft is being written."))
	require.Equal(t, olgasCard.TS, updated.TS)
	require.Empty(t, updated.Buttons())

	olga.PressAsSeen(olgasCard, "Approve")
	w.sim.WaitEphemeral(olgaID, containing("<@"+w.mariaID+"> already approved the outline, so nothing changed. Now:"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reviews WHERE decision = 'approved'"))
	w.card(olgaID, withButton("Approve")) // the draft reaches Olga's card too
}

// TestEditedInTheChannelWhileTheDMIsOpen: Sam edits the outline in the channel; Maria's card
// shows v2 at once, and her press on the v1 she still had on screen approves nothing.
func TestEditedInTheChannelWhileTheDMIsOpen(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()
	seen := w.card(w.mariaID, withButton("Approve"))

	m := w.modalFrom(w.sam, outline.TS, "Edit")
	m.Fill("Text", strings.Replace(m.Value("Text"), "Book a 20-minute close review", "Get the close benchmark", 1))
	require.Empty(t, m.Submit().Errors)
	v2 := w.card(w.mariaID, containing("Edited by <@"+w.samID+"> — now v2."))
	require.Equal(t, seen.TS, v2.TS)
	require.Contains(t, v2.AllText(), "Get the close benchmark")

	w.maria.PressAsSeen(seen, "Approve")
	w.sim.WaitEphemeral(w.mariaID, containing("you saw v1, it is now v2"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state = 'outline_ready'"))
	w.maria.Press(v2.Channel, v2.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
}

// TestReminderLinksToTheCard: a piece that waited too long brings one short DM that links to the
// card instead of copying it; Snooze holds the next reminder and says until when.
func TestReminderLinksToTheCard(t *testing.T) {
	t.Parallel()
	w := waitingForMaria(t, 2*time.Second)
	card := w.card(w.mariaID, withButton("Approve"))

	reminder := w.sim.WaitDM(w.mariaID, containing("1 piece has waited"))
	require.Equal(t, "1 piece has waited under a minute for your decision", reminder.Text)
	require.Contains(t, reminder.AllText(), "<"+w.sim.Permalink(card.Channel, card.TS)+"|Why the month-end close still takes 9 days>")
	require.Equal(t, []string{"Snooze 1 h", "Tomorrow morning"}, reminder.Buttons())

	w.maria.Press(reminder.Channel, reminder.TS, "Snooze 1 h")
	snoozed := w.sim.WaitDM(w.mariaID, containing("Snoozed until <!date^"))
	require.Equal(t, reminder.TS, snoozed.TS, "the reminder says so in place")
	require.Empty(t, snoozed.Buttons())
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reminder_snoozes WHERE user_id = $1 AND until > now() + interval '50 minutes'", w.mariaID))
	time.Sleep(2500 * time.Millisecond) // another window passes; the snoozed reminder stays quiet
	require.Len(t, w.sim.DMs(w.mariaID), 2, "the card and one reminder")
}

// TestLongDraftWholeInTheDM: a 3,000-character LinkedIn draft with mentions, mrkdwn and Markdown
// appears whole on the card, escaped, exactly as stored — stored without the Markdown LinkedIn
// would show — and Copy text gives exactly that text.
func TestLongDraftWholeInTheDM(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	var sb strings.Builder
	sb.WriteString("**The 9-day close** is a handoff problem.\n\n")
	for sb.Len() < 3000 {
		sb.WriteString("Ask <@U0BOSS> & <!channel> about *the close*, see <https://evil.example|the survey> & _more_.\n")
	}
	model.draft = sb.String()[:2990] + "\n#CFO"
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply { return model.reply(t, r) })
	w.start()
	w.bindAsMaria(3)
	outline := w.outlineReady()
	w.maria.Press(w.channel, outline.TS, "Approve")
	card := w.card(w.mariaID, withButton("Copy text"))

	var stored string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(),
		"SELECT content FROM piece_versions WHERE phase = 'draft'").Scan(&stored))
	require.True(t, strings.HasPrefix(stored, "The 9-day close is a handoff problem."), "no Markdown on LinkedIn")
	require.NotContains(t, stored, "*the close*")
	require.Contains(t, stored, "<@U0BOSS> & <!channel>", "people's and the model's words are kept, only escaped")
	var shown strings.Builder
	for _, s := range card.BlockTexts() {
		if strings.Contains(s, "handoff") || strings.Contains(s, "U0BOSS") || strings.Contains(s, "#CFO") {
			shown.WriteString(s)
		}
	}
	require.Equal(t, escape(stored), shown.String(), "the whole draft, nothing cut")
	for _, m := range card.Mrkdwn() {
		require.NotContains(t, m, "<!channel>")
		require.NotContains(t, m, "<@U0BOSS>")
	}

	w.maria.Press(card.Channel, card.TS, "Copy text")
	copied := w.sim.WaitDM(w.mariaID, func(m slacksim.Message) bool { return len(m.Blocks) == 0 && strings.Contains(m.Text, "handoff") })
	require.Equal(t, escape(stored), copied.Text, "exactly the stored text, to copy with one long press")
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// TestDMThatCannotBeSentNeverBlocksThePiece: Maria is deactivated when the outline is ready, so
// her card cannot be sent; the piece goes on in the channel, and the next change after she is back
// brings her card. A card whose update fails once is redrawn by the next change.
func TestDMThatCannotBeSentNeverBlocksThePiece(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	w.sim.DeactivateUser(w.mariaID)
	outline := w.outlineReady()
	require.Eventually(t, func() bool { return w.sim.Calls("conversations.open") > 0 }, 5*time.Second, 20*time.Millisecond)
	require.Zero(t, w.scalar("SELECT count(*) FROM dm_cards"), "the card could not be sent")
	require.Empty(t, w.sim.DMs(w.mariaID))

	edit := func(from, to string) {
		m := w.modalFrom(w.sam, outline.TS, "Edit")
		m.Fill("Text", strings.Replace(m.Value("Text"), from, to, 1))
		require.Empty(t, m.Submit().Errors)
		w.sim.WaitMessage(w.channel, containing(to))
	}
	w.sim.ReactivateUser(w.mariaID)
	edit("Book a 20-minute close review", "Get the close benchmark")
	card := w.card(w.mariaID, containing("Get the close benchmark"))

	w.sim.FailCallsIn("chat.update", card.Channel, "fatal_error", 1)
	before := w.sim.Calls("chat.update")
	edit("Get the close benchmark", "Read the close benchmark")
	require.Eventually(t, func() bool { return w.sim.Calls("chat.update") >= before+2 }, 5*time.Second, 20*time.Millisecond,
		"the channel message and the card were both redrawn")
	stale, _ := w.sim.Message(card.Channel, card.TS)
	require.Contains(t, stale.AllText(), "Get the close benchmark", "the card's update failed; the piece moved on")
	edit("Read the close benchmark", "Download the close benchmark")
	fresh := w.card(w.mariaID, containing("Download the close benchmark"))
	require.Equal(t, card.TS, fresh.TS)
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM dm_cards"))
}
