package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot"
)

// withFastInbox makes an envelope a dead replica acked be taken over within about a second.
func withFastInbox(w *world) {
	w.tune.inboxLease, w.tune.inboxSweep = time.Second, 100*time.Millisecond
}

// dieOnce returns a failpoint that kills the replica at phase for the first envelope after arm()
// is called, and a channel that receives that envelope's id.
func dieOnce(phase string) (fp func(string, string) bool, arm func(), died <-chan string) {
	var armed atomic.Bool
	ch := make(chan string, 1)
	fp = func(p, id string) bool {
		if p == phase && armed.CompareAndSwap(true, false) {
			ch <- id
			return true
		}
		return false
	}
	return fp, func() { armed.Store(true) }, ch
}

// crashWorld is a bound channel served by replica a, which dies at phase for the first envelope
// after arm(); died receives that envelope's id. Leases are short, so another replica takes over fast.
func crashWorld(t *testing.T, phase string) (w *world, a *replica, arm func(), died <-chan string) {
	w, _ = newLoopWorld(t)
	withFastLeases(w)
	withFastInbox(w)
	w.tune.failpoint, arm, died = dieOnce(phase)
	a = w.startReplica("a")
	w.bindAsMaria(3)
	return w, a, arm, died
}

// TestEditSurvivesACrashBetweenAckAndCommit: Sam submits an edit from the modal; the replica stores
// and acks it, then dies before handling it. Slack will not send it again — but it is in the store,
// and the replica started after takes it over: the edit arrives, once, authored by Sam.
func TestEditSurvivesACrashBetweenAckAndCommit(t *testing.T) {
	t.Parallel()
	w, a, arm, died := crashWorld(t, bot.PhaseAcked)
	outline := w.outlineReady()

	m := w.modalFrom(w.sam, outline.TS, "Edit")
	m.Fill("Text", strings.Replace(m.Value("Text"), "Book a 20-minute close review", "Get the close benchmark", 1))
	arm()
	res := m.Submit()
	require.Empty(t, res.Errors)
	id := <-died
	a.crash()
	require.Zero(t, w.scalar(`SELECT count(*) FROM piece_versions WHERE author_kind = 'human'`), "the dead replica stored no edit")
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM inbound_events WHERE event_id = $1 AND done_at IS NULL`, id))

	w.startReplica("b")
	w.sim.WaitMessage(w.channel, containing("Get the close benchmark"))
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM inbound_events WHERE event_id = $1 AND outcome = 'handled'`, id) == 1
	}, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM piece_versions WHERE author_kind = 'human' AND author = $1`, w.samID),
		"the edit arrives once")
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM inbound_events WHERE event_id = $1 AND holder = 'b' AND attempts = 1`, id),
		"handled by the replica that took it over, on its first attempt")
}

// TestDeadAfterInsertBeforeAck: a replica dies after storing a /draft but before acking it. Slack
// tells Sam the command failed; the stored command is still carried out once by the next replica,
// so a person who types it again is told about the piece already started (cap counted once each).
func TestDeadAfterInsertBeforeAckIsHandledOnce(t *testing.T) {
	t.Parallel()
	w, a, arm, died := crashWorld(t, bot.PhaseStored)
	w.sim.AllowUnacked()
	arm()
	res := w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days")
	require.False(t, res.Acked)
	w.sim.WaitEphemeral(w.samID, containing(`/draft failed with the error "operation_timeout"`))
	<-died
	a.crash()
	w.startReplica("b")
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces`), "the stored command is carried out once")
}

// TestDeadAfterTheHandlerStartsOnePiece: a replica handles a /draft — the piece is stored — and
// dies before marking the envelope done. The next replica handles the envelope again and finds the
// piece it started: one piece, one channel message, the cap counted once.
func TestDeadAfterTheHandlerStartsOnePiece(t *testing.T) {
	t.Parallel()
	w, a, arm, died := crashWorld(t, bot.PhaseHandled)
	require.Eventually(t, func() bool { return w.scalar(`SELECT count(*) FROM inbound_events WHERE done_at IS NULL`) == 0 },
		10*time.Second, 10*time.Millisecond, "the commands before are done, so the failpoint meets the /draft")
	arm()
	res := w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days")
	require.True(t, res.Acked)
	id := <-died
	a.crash()
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM inbound_events WHERE event_id = $1 AND done_at IS NULL`, id))
	w.startReplica("b")
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM inbound_events WHERE event_id = $1 AND outcome = 'handled'`, id) == 1
	}, 20*time.Second, 20*time.Millisecond)
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces`), "handled twice, started once")
	require.Equal(t, 1, w.scalar(`SELECT coalesce(sum(used), 0)::int FROM cap_usage`))
	require.Len(t, w.sim.Messages(w.channel), 3, "the bind reply, the approver reply and one piece")
}

// TestModalKeepsItsTextWhenTheDatabaseIsDown: with the database unreachable, Sam's edit cannot be
// stored: the modal stays open saying so, with his text still in it; once the database is back,
// Submit again stores it once.
func TestModalKeepsItsTextWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	w, _ := newLoopWorld(t)
	a := w.startReplica("a")
	w.bindAsMaria(3)
	outline := w.outlineReady()
	m := w.modalFrom(w.sam, outline.TS, "Edit")
	edited := strings.Replace(m.Value("Text"), "Book a 20-minute close review", "Get the close benchmark", 1)
	m.Fill("Text", edited)

	a.proxy.down()
	res := m.Submit()
	require.Len(t, res.Errors, 1)
	for _, msg := range res.Errors {
		require.Equal(t, "mos couldn't save this just now — press Submit again (your text is still here).", msg)
	}
	require.Less(t, res.Latency, 3*time.Second, "answered while the modal is open")
	require.Equal(t, edited, m.Value("Text"), "the text is still in the form")

	a.proxy.up()
	require.Eventually(t, func() bool { return len(m.Submit().Errors) == 0 }, 20*time.Second, 200*time.Millisecond)
	w.sim.WaitMessage(w.channel, containing("Get the close benchmark"))
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM piece_versions WHERE author_kind = 'human'`) == 1
	}, 10*time.Second, 20*time.Millisecond)
}

// TestCommandNotAckedWhenTheDatabaseIsDown: a /draft that cannot be stored is not acked, so Slack
// tells Sam it failed; nothing is half-done, and the same command works once the database is back.
func TestCommandNotAckedWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	w, _ := newLoopWorld(t)
	w.sim.AllowUnacked()
	a := w.startReplica("a")
	w.bindAsMaria(3)
	a.proxy.down()
	res := w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days")
	require.False(t, res.Acked, "nothing is acked that was not stored")
	w.sim.WaitEphemeral(w.samID, containing(`/draft failed with the error "operation_timeout"`))
	a.proxy.up()
	require.Eventually(t, func() bool {
		return w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the month-end close still takes 9 days").Acked
	}, 20*time.Second, 200*time.Millisecond)
	w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM pieces`))
}

// TestDatabaseRestartUnderTraffic: the database goes away for two seconds while people send
// commands. /healthz says the database is down meanwhile; every command that was acked is carried
// out once the database is back, and every one that was not is shown to the person as failed —
// none lost, none carried out twice, and a command whose handling met the outage is handled again
// rather than shown as failed. (A command whose insert landed although the database's answer
// was lost, or whose ack reached Slack late, may still be carried out: at least once, never twice.)
func TestDatabaseRestartUnderTraffic(t *testing.T) {
	t.Parallel()
	w, _ := newLoopWorld(t)
	w.sim.AllowUnacked()
	withFastInbox(w)
	w.tune.inboxLease = 2 * time.Second // a handling that met the outage is tried again after it
	w.useFreeHTTPAddr()
	a := w.startReplica("a")
	w.bindAsMaria(100)

	var mu sync.Mutex
	var acked []string // the briefs of the commands Slack counts as delivered
	var refused atomic.Int32
	var wg sync.WaitGroup
	send := func(i int) {
		defer wg.Done()
		brief := "Restart piece " + strconv.Itoa(i)
		if w.sam.Command(w.channel, "/draft", "https://example.com/x "+brief).Acked {
			mu.Lock()
			acked = append(acked, brief)
			mu.Unlock()
		} else {
			refused.Add(1)
		}
	}
	for i := range 5 {
		wg.Add(1)
		go send(i)
	}
	time.Sleep(50 * time.Millisecond)
	a.proxy.down()
	require.Eventually(t, func() bool { return healthDatabase(w.cfg.HTTPAddr) == "unreachable" }, 10*time.Second, 50*time.Millisecond)
	for i := 5; i < 10; i++ {
		wg.Add(1)
		go send(i)
	}
	time.Sleep(2 * time.Second)
	a.proxy.up()
	for i := 10; i < 15; i++ {
		wg.Add(1)
		go send(i)
	}
	wg.Wait()
	require.Eventually(t, func() bool { return healthDatabase(w.cfg.HTTPAddr) == "ok" }, 20*time.Second, 50*time.Millisecond)
	require.Eventually(t, func() bool {
		return w.scalar(`SELECT count(*) FROM pieces WHERE message_ts IS NOT NULL AND brief = ANY($1)`, acked) == len(acked)
	}, time.Minute, 50*time.Millisecond, "every acked command is carried out")
	require.Equal(t, int(refused.Load()), len(w.sim.Ephemerals(w.samID))-countCapOrOther(w),
		"every command not acked was shown to Sam as failed")
	require.Positive(t, refused.Load(), "some commands met the database down")
	require.Zero(t, w.scalar(`SELECT count(*) - count(DISTINCT brief) FROM pieces`), "none carried out twice")
	for _, e := range w.sim.Ephemerals(w.samID) {
		require.NotContains(t, e.AllText(), "went wrong", "a handling that met the outage was tried again, not shown as failed")
	}
	require.Eventually(t, func() bool { return w.scalar(`SELECT count(*) FROM inbound_events WHERE done_at IS NULL`) == 0 },
		20*time.Second, 50*time.Millisecond, "every stored envelope is finished")
}

// countCapOrOther counts Sam's ephemerals that are not Slack's operation_timeout.
func countCapOrOther(w *world) int {
	n := 0
	for _, e := range w.sim.Ephemerals(w.samID) {
		if !strings.Contains(e.AllText(), "operation_timeout") {
			n++
		}
	}
	return n
}

func healthDatabase(addr string) string {
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	s, _ := body["database"].(string)
	return s
}

// poisonAt returns a failpoint under which, once armed, the first envelope to reach phase ends its
// handling there every time it is taken, as a replica it crashed would: an envelope that kills every
// replica that takes it.
func poisonAt(phase string) (fp func(string, string) bool, arm func()) {
	var armed atomic.Bool
	var poison atomic.Value
	fp = func(p, id string) bool {
		if p != phase {
			return false
		}
		if armed.CompareAndSwap(true, false) {
			poison.Store(id)
		}
		return poison.Load() == id
	}
	return fp, func() { armed.Store(true) }
}

// TestAPoisonEnvelopeIsGivenUpAndThePersonTold: Maria's Approve is handled, then its replica dies
// before marking it done — every time it is taken. After five handlings it is given up rather than
// going round for ever, and Maria is told, in the channel she pressed in, that it may not have taken
// effect. The approval itself happened once, however often it was handled.
func TestAPoisonEnvelopeIsGivenUpAndThePersonTold(t *testing.T) {
	t.Parallel()
	w, _ := newLoopWorld(t)
	withFastLeases(w)
	withFastInbox(w)
	var arm func()
	w.tune.failpoint, arm = poisonAt(bot.PhaseHandled)
	w.startReplica("a")
	w.bindAsMaria(3)
	outline := w.outlineReady()

	arm()
	w.maria.Press(w.channel, outline.TS, "Approve")
	e := w.sim.WaitEphemeral(w.mariaID, containing("mos tried 5 times to finish your *Approve*"))
	require.Equal(t, w.channel, e.Channel)
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM inbound_events WHERE outcome = 'gave_up' AND attempts = 6`),
		"given up at the sixth take, after five handlings")
	require.Equal(t, 1, w.scalar(`SELECT count(*) FROM reviews WHERE decision = 'approved'`), "approved once")
}
