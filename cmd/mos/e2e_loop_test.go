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

const draftText = `I asked 212 finance leaders how long their close takes. The median answer: 9 days.

Most of them blamed people. The data blames handoffs: 41% of the delay sits between teams.

Here is what the fastest teams do differently.`

// scriptedModel answers outlines with JSON, drafts with draftText, and revisions with revised().
type scriptedModel struct {
	mu      sync.Mutex
	draft   string
	revised func(last string) string
}

func (m *scriptedModel) reply(t testing.TB, r llmtest.Recorded) llmtest.Reply {
	m.mu.Lock()
	defer m.mu.Unlock()
	last := r.Last().Content
	switch {
	case r.ResponseFormat != nil:
		return outlineReply(t)
	case m.revised != nil && strings.Contains(last, "REVISE:"):
		return llmtest.Reply{Content: m.revised(last)}
	}
	return llmtest.Reply{Content: m.draft}
}

// boundLoopWorld is a running replica whose channel is bound to Northwind, with Maria as approver.
func boundLoopWorld(t *testing.T) (*world, *scriptedModel) {
	w, m := newLoopWorld(t)
	w.start()
	w.bindAsMaria(3)
	return w, m
}

func newLoopWorld(t *testing.T) (*world, *scriptedModel) {
	w := newWorld(t)
	m := &scriptedModel{draft: draftText}
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply { return m.reply(t, r) })
	return w, m
}

// outlineReady has Sam draft a piece and returns its outline message once it awaits a decision.
func (w *world) outlineReady() slacksim.Message {
	w.t.Helper()
	w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days")
	return w.sim.WaitMessage(w.channel, withButton("Approve"))
}

// approvedOutline drafts a piece and has Maria approve its outline; it returns the outline message
// and the draft reply in its thread.
func (w *world) approvedOutline() (outline, draft slacksim.Message) {
	w.t.Helper()
	outline = w.outlineReady()
	w.maria.Press(w.channel, outline.TS, "Approve")
	draft = w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	return outline, draft
}

func TestLoopOutlineDraftApprovePublish(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline, draft := w.approvedOutline()
	require.Contains(t, draft.AllText(), "The median answer: 9 days.")
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject"}, draft.Buttons())
	parent, _ := w.sim.Message(w.channel, outline.TS)
	require.Contains(t, parent.AllText(), "Draft ready for review in the thread")

	w.sam.Press(w.channel, draft.TS, "Approve")
	w.sim.WaitEphemeral(w.samID, containing("approvers can do that"))
	w.maria.Press(w.channel, draft.TS, "Approve")
	approved := w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	require.Equal(t, draft.TS, approved.TS, "the draft message updates in place")

	m := w.modalFrom(w.maria, approved.TS, "Mark published")
	res := m.Fill("Link to the live post", "ftp://example.com/post").Submit()
	require.NotEmpty(t, res.Errors, "a non-http(s) link is refused in the form")
	m = w.maria.Modal()
	m.Fill("Link to the live post", "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitReply(w.channel, outline.TS, containing("Published:"))
	w.sim.WaitMessage(w.channel, containing(":rocket: Published."))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces WHERE state = 'published'
		AND activity_urn = 'urn:li:activity:7212345678901234567'`))
	require.Len(t, w.sim.Replies(w.channel, outline.TS), 1, "one draft message in the thread")
}

func TestEditedOutlineFeedsTheDraft(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()

	m := w.modalFrom(w.sam, outline.TS, "Edit")
	text := m.Value("Text")
	require.Contains(t, text, "Why the month-end close still takes 9 days")
	m.Fill("Text", strings.Replace(text, "Why the month-end close still takes 9 days", "The 9-day close is a handoff problem", 1))
	require.Empty(t, m.Submit().Errors)
	edited := w.sim.WaitMessage(w.channel, containing("edited by <@"+w.samID+">"))
	require.Contains(t, edited.AllText(), "The 9-day close is a handoff problem")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM piece_versions WHERE author_kind = 'human' AND author = $1", w.samID))

	w.maria.Press(w.channel, outline.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	reqs := w.llm.Requests()
	require.Contains(t, reqs[len(reqs)-1].Last().Content, "The 9-day close is a handoff problem",
		"the draft is written from the human-edited outline")
}

func TestRevisionKeepsLinesAPersonWrote(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	model.revised = func(string) string { return "A brand-new draft that ignores everything a person wrote." }
	w.start()
	w.bindAsMaria(3)
	outline, draft := w.approvedOutline()

	pinned := "At Acme we closed in 3 days after fixing one handoff."
	m := w.modalFrom(w.sam, draft.TS, "Edit")
	require.NotEmpty(t, m.Fill("Text", " \n ").Submit().Errors, "an edit emptied to nothing is refused in the form")
	m = w.sam.Modal()
	m.Fill("Text", draftText)
	m.Fill("Text", m.Value("Text")+"\n\n"+pinned)
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitReply(w.channel, outline.TS, containing("edited by <@"+w.samID+">"))

	m = w.modalFrom(w.sam, draft.TS, "Revise")
	m.Fill("What should change?", "REVISE: make it punchier")
	require.Empty(t, m.Submit().Errors)
	revised := w.sim.WaitReply(w.channel, outline.TS, finished("A brand-new draft"))
	require.Contains(t, revised.AllText(), pinned, "the line a person wrote survives the revision verbatim")
	require.Contains(t, revised.AllText(), "Restored")
}

func TestRejectRecordsFailureModes(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()

	w.sam.Press(w.channel, outline.TS, "Reject")
	w.sim.WaitEphemeral(w.samID, containing("approvers can do that"))

	m := w.modalFrom(w.maria, outline.TS, "Reject")
	require.NotEmpty(t, m.Submit().Missing, "at least one reason is required")
	m = w.maria.Modal()
	m.Check("What went wrong?", "Generic angle", "Off-ICP framing").Fill("Comment", "Reads like any SaaS post; CFOs of 50-person firms?")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("Rejected by <@"+w.mariaID+">"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM reviews WHERE decision = 'rejected'
		AND failure_modes @> ARRAY['generic_angle', 'off_icp'] AND comment LIKE 'Reads like%'`))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state = 'rejected'"))
}

// TestLongDraftEditedUnchanged: a 12,000-character draft posts within Block Kit limits, and saving
// it from the edit form without changes keeps it byte for byte (no new version).
func TestLongDraftEditedUnchanged(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	var sb strings.Builder
	for sb.Len() < 12000 {
		sb.WriteString("Finance teams lose two days of every close to handoffs nobody owns; here is the fix.\n")
	}
	long := sb.String()[:11990] + " The end."
	model.draft = long
	w.start()
	w.mosPosted(w.maria, "bind northwind blog 3", "bound this channel")
	w.mosPosted(w.maria, "approvers add <@"+w.mariaID+"|maria>", "as an approver")
	_, draft := w.approvedOutline()

	m := w.modalFrom(w.maria, draft.TS, "Edit")
	require.GreaterOrEqual(t, len(m.Labels()), 6)
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitEphemeral(w.mariaID, containing("No change"))
	var content string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(),
		"SELECT content FROM piece_versions WHERE phase = 'draft' ORDER BY version DESC LIMIT 1").Scan(&content))
	require.Equal(t, long, content)
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM piece_versions WHERE phase = 'draft'"))
}

func TestApproversDecideFromDMAndHome(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()

	dm := w.sim.WaitDM(w.mariaID, withButton("Approve"))
	require.Contains(t, dm.Text, "Outline to approve: Why the month-end close still takes 9 days")
	w.sim.OpenHome(w.mariaID)
	require.Eventually(t, func() bool { return len(w.sim.Home(w.mariaID).Buttons) == 4 }, 5*time.Second, 20*time.Millisecond)

	w.maria.Press(dm.Channel, dm.TS, "Approve")
	draft := w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	w.sim.WaitDM(w.mariaID, containing("Draft to approve"))

	w.sim.OpenHome(w.mariaID)
	require.Eventually(t, func() bool { return strings.Contains(strings.Join(w.sim.Home(w.mariaID).Texts, " "), "draft") },
		5*time.Second, 20*time.Millisecond)
	w.maria.PressInHome("Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	require.Equal(t, draft.TS, w.sim.Replies(w.channel, outline.TS)[0].TS)
	require.Len(t, w.sim.DMs(w.mariaID), 2, "one DM per piece per state, no flood")
}

func TestLogHumanPiece(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	w.mosAnswer(w.sam, "log ftp://example.com/x", "http")
	w.mosPosted(w.sam, "log <https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/> Faster close", "logged a human-written piece")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE human_only AND state = 'published' AND pillar = 'Faster close'"))
	require.Zero(t, w.llm.Count())
}

// TestKilledDuringDraftPostsExactlyOnce: the replica writing a draft stops mid-generation; the
// next replica picks the job up and the thread gets exactly one draft.
func TestKilledDuringDraftPostsExactlyOnce(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	w.tune.shutdownGrace = time.Second
	stop := w.start()
	outline := w.draftHeld(t, model, hang) // the draft request is in flight
	stop()

	w.start()
	w.sim.WaitReply(w.channel, outline.TS, withButton("Approve"))
	time.Sleep(200 * time.Millisecond) // let any duplicate post surface before counting
	w.requireOneDraft(outline.TS)
}

// waitingForMaria is a running replica that looks for waiting pieces every 100 ms and reminds
// approvers of a piece that has waited longer than after; Sam has just asked for a piece in the
// channel, bound with Maria as approver.
func waitingForMaria(t *testing.T, after time.Duration) *world {
	w := newWorldWith(t, slacksim.Options{}, tuning{reminderEvery: 100 * time.Millisecond})
	w.cfg.ReminderAfter = after
	w.start()
	w.bindAsMaria(3)
	w.sam.Command(w.channel, "/draft", "https://example.com/close-survey Why the close takes 9 days")
	return w
}

func TestWaitingPieceRemindsApproversOncePerInterval(t *testing.T) {
	t.Parallel()
	w := waitingForMaria(t, 3*time.Second)
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	w.sim.WaitDM(w.mariaID, containing("Outline to approve"))
	reminder := w.sim.WaitDM(w.mariaID, containing("1 piece has waited"))
	require.Equal(t, []string{"Snooze 1 h", "Tomorrow morning"}, reminder.Buttons(), "a link to the card, not a copy")
	// The reminder job runs every 100 ms, but the next reminder is due only after another 3 s.
	require.Never(t, func() bool { return len(w.sim.DMs(w.mariaID)) > 2 }, time.Second, 50*time.Millisecond,
		"one 'waiting' DM and one reminder, not a flood")
}

// TestCheckWarningsAndHistory: a draft that keeps a forbidden phrase after the one automatic repair
// shows a visible warning; /mos history lists who wrote each version and from which OS versions.
func TestCheckWarningsAndHistory(t *testing.T) {
	t.Parallel()
	w, model := newLoopWorld(t)
	model.draft = draftText + "\n\nReal synergy between finance and ops is a game-changer."
	w.start()
	w.bindAsMaria(3)
	outline, draft := w.approvedOutline()
	require.Contains(t, draft.AllText(), "Check warnings")
	require.Contains(t, draft.AllText(), "synergy")
	require.GreaterOrEqual(t, w.scalar("SELECT count(*) FROM llm_calls WHERE purpose = 'repair'"), 1)

	m := w.modalFrom(w.sam, draft.TS, "Edit")
	m.Fill("Text", draftText)
	require.Empty(t, m.Submit().Errors)
	edited := w.sim.WaitReply(w.channel, outline.TS, containing("edited by <@"+w.samID+">"))
	require.NotContains(t, edited.AllText(), "Check warnings", "the person's clean version carries no warning")

	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces").Scan(&id))
	h := w.mosAnswer(w.sam, "history #"+id, "History of piece #"+id)
	for _, want := range []string{"outline v1 — the model (fake-model)", "draft v1 — the model", "draft v2 — <@" + w.samID + ">",
		"brand v1", "style/linkedin v1"} {
		require.Contains(t, h.AllText(), want)
	}
	w.mosAnswer(w.sam, "history #9999", "There is no piece #9999")
}

// TestTwoEditsFromTheSameVersionKeepTheFirst: Sam and Maria both open Edit on outline v1. Maria
// saves first (v2). Sam's save, made from v1, would silently undo hers: it is refused, says why,
// and gives Sam his text back; Maria's line stays.
func TestTwoEditsFromTheSameVersionKeepTheFirst(t *testing.T) {
	t.Parallel()
	w, _ := boundLoopWorld(t)
	outline := w.outlineReady()

	w.sam.Press(w.channel, outline.TS, "Edit")
	sams := w.sam.WaitModal()
	w.maria.Press(w.channel, outline.TS, "Edit")
	marias := w.maria.WaitModal()
	marias.Fill("Text", strings.Replace(marias.Value("Text"), "Book a 20-minute close review", "Get the close benchmark", 1))
	require.Empty(t, marias.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("Get the close benchmark"))

	sams.Fill("Text", strings.Replace(sams.Value("Text"), "Book a 20-minute close review", "Ask for a demo", 1))
	require.Empty(t, sams.Submit().Errors)
	w.sim.WaitEphemeral(w.samID, containing("you saw v1, it is now v2. Nothing was saved"))
	w.sim.WaitEphemeral(w.samID, containing("Ask for a demo"))
	require.Equal(t, 2, w.scalar(`SELECT count(*) FROM piece_versions WHERE phase = 'outline'`), "Sam's late edit stored nothing")
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM piece_versions WHERE phase = 'outline' AND version = 2
		AND strpos(content, 'Get the close benchmark') > 0`), "Maria's edit stands")
}
