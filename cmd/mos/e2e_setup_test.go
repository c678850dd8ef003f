package main

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/llm/llmtest"
)

// world is one running mos replica wired exactly as `mos serve` wires it, talking to the Slack
// simulator and the fake LLM, on a database of its own with the Northwind example imported.
type world struct {
	t       testing.TB
	tune    tuning
	sim     *slacksim.Sim
	llm     *llmtest.Server
	db      *pgtest.DB
	cfg     config.Config
	channel string
	maria   *slacksim.User // a workspace admin; an approver once a test adds her
	sam     *slacksim.User // a writer
	mariaID string
	samID   string
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldWith(t, slacksim.Options{}, tuning{})
}

// boundWorld is a started world whose channel is bound to Northwind on LinkedIn with a daily cap
// of 3, Maria its approver.
func boundWorld(t testing.TB) *world {
	t.Helper()
	w := newWorld(t)
	w.start()
	w.bindAsMaria(3)
	return w
}

// newWorldWith takes simulator options and tuning; zero tuning fields get fast test defaults.
func newWorldWith(t testing.TB, opts slacksim.Options, tune tuning) *world {
	t.Helper()
	if tune.llmBackoff == 0 {
		tune.llmBackoff = time.Millisecond
	}
	if tune.outlineAttempts == 0 {
		tune.outlineAttempts = 2
	}
	if tune.jobBackoff == nil {
		tune.jobBackoff = func(int) time.Duration { return 50 * time.Millisecond }
	}
	if tune.sourceTimeout == 0 {
		tune.sourceTimeout = 3 * time.Second // example.com links are not served here
	}
	if tune.reportTick == 0 {
		// The reporting tick runs once, at start: the wall clock's five-minute tick landing
		// mid-test would add a scheduled report to whatever the test counts.
		tune.reportTick = time.Hour
	}
	if tune.planTick == 0 {
		tune.planTick = time.Hour // no week's plan mid-test unless a test asks for one (e2e_plan_test.go)
	}
	w := &world{t: t, tune: tune, db: pgtest.New(t), sim: slacksim.New(t, opts), llm: llmtest.New(t)}
	model := &scriptedModel{draft: draftText}
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply { return model.reply(t, r) })
	_, err := clientos.Import(context.Background(), w.db.Pool, clientos.ImportRequest{
		Slug: "northwind", Name: "Northwind Ledger", Timezone: "Europe/Berlin",
		Dir: "../../examples/northwind", Author: "test"})
	require.NoError(t, err)
	w.channel = w.sim.AddChannel("northwind-linkedin")
	w.mariaID, w.samID = w.sim.AddUser("maria"), w.sim.AddUser("sam")
	w.maria, w.sam = w.sim.User(w.mariaID), w.sim.User(w.samID)
	w.sim.SetRole(w.mariaID, slacksim.RoleAdmin) // so she may name Northwind's first approver
	w.cfg = config.Config{
		DatabaseURL: w.db.URL, SlackBotToken: w.sim.BotToken(), SlackAppToken: w.sim.AppToken(),
		SlackAPIURL: w.sim.APIURL(), OpenAIBaseURL: w.llm.BaseURL(), OpenAIAPIKey: "sk-test-secret",
		Model: "fake-model", Timezone: "UTC", DailyCap: 3, ReportSchedule: "0 9 * * MON",
		HTTPAddr: "127.0.0.1:0", LLMTimeout: 5 * time.Second, StreamDrafts: true,
	}
	return w
}

// start runs a replica until the test ends; it returns once the replica's socket is connected, with
// a function that stops the replica early (as a deploy or a crash would).
func (w *world) start() (stop func()) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, w.cfg, testLogger(w.t), w.tune) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				require.NoError(w.t, err)
			case <-time.After(shutdownGrace):
				w.t.Error("serve did not stop within the shutdown grace period")
			}
		})
	}
	w.t.Cleanup(stop)
	before := w.sim.TotalConnections()
	require.Eventually(w.t, func() bool { return w.sim.TotalConnections() > before && w.sim.Connections() > 0 },
		10*time.Second, 10*time.Millisecond, "the bot never connected to the simulator")
	return stop
}

// bindAsMaria binds the channel to Northwind on LinkedIn and makes Maria, a workspace admin, its
// first approver.
func (w *world) bindAsMaria(capacity int) {
	w.t.Helper()
	bound := w.mosPosted(w.maria, "bind northwind linkedin "+strconv.Itoa(capacity), "bound this channel to *Northwind Ledger*")
	require.Contains(w.t, bound.Text, "Nobody can approve pieces yet", "a client without approvers says so at once")
	w.mosPosted(w.maria, "approvers add <@"+w.mariaID+"|maria>", "as an approver")
}

// mosAnswer types `/mos text` as who in the world's channel and waits for the answer only they see
// that contains want.
func (w *world) mosAnswer(who *slacksim.User, text, want string) slacksim.Message {
	w.t.Helper()
	who.Command(w.channel, "/mos", text)
	return w.sim.WaitEphemeral(who.ID, containing(want))
}

// mosPosted types `/mos text` as who in the world's channel and waits for the bot's message there
// that contains want.
func (w *world) mosPosted(who *slacksim.User, text, want string) slacksim.Message {
	w.t.Helper()
	who.Command(w.channel, "/mos", text)
	return w.sim.WaitMessage(w.channel, containing(want))
}

// mosModal types `/mos text` as who in the world's channel and returns the modal it opens.
func (w *world) mosModal(who *slacksim.User, text string) *slacksim.View {
	w.t.Helper()
	who.Command(w.channel, "/mos", text)
	return who.WaitModal()
}

// modalFrom has who press the button labelled label on the message ts in the world's channel, and
// returns the modal it opens.
func (w *world) modalFrom(who *slacksim.User, ts, label string) *slacksim.View {
	w.t.Helper()
	who.Press(w.channel, ts, label)
	return who.WaitModal()
}

// samDrafts has Sam ask for a piece from a plain link and title with /draft, and waits for the
// bot's message in the channel that matches.
func (w *world) samDrafts(match func(slacksim.Message) bool) slacksim.Message {
	w.t.Helper()
	w.sam.Command(w.channel, "/draft", "https://example.com/x Why the close takes 9 days")
	return w.sim.WaitMessage(w.channel, match)
}

// closeOutline is the outline the scripted model writes for the month-end close piece.
func closeOutline() engine.Outline {
	return engine.Outline{
		Title:    "Why the month-end close still takes 9 days",
		Hook:     "Most CFOs blame people. The data blames handoffs.",
		Sections: []string{"The 9-day baseline", "Where the days go", "What the fastest teams do"},
		CTA:      "Book a 20-minute close review",
		Pillar:   "Faster close",
	}
}

func outlineReply(t testing.TB) llmtest.Reply { return llmtest.JSON(t, closeOutline()) }

func containing(s string) func(slacksim.Message) bool {
	return func(m slacksim.Message) bool { return strings.Contains(m.AllText(), s) }
}

// withText are the messages of ms whose text contains s.
func withText(ms []slacksim.Message, s string) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range ms {
		if strings.Contains(m.AllText(), s) {
			out = append(out, m)
		}
	}
	return out
}

func withButton(label string) func(slacksim.Message) bool {
	return func(m slacksim.Message) bool {
		for _, b := range m.Buttons() {
			if b == label {
				return true
			}
		}
		return false
	}
}
