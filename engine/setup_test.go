package engine

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

const (
	testChannel   = "C0TEST"
	testApprover  = "UAPPROVER"
	testApprover2 = "UAPPROVER2"
	testUser      = "UWRITER"
)

// bundle is the engine under test plus what a test needs to drive and inspect it.
type bundle struct {
	e      *Engine
	pool   *pgtest.DB
	llm    *llmtest.Server
	notes  *recordingNotifier
	client clientos.Client
	clock  *testClock
	river  *river.Client[pgx.Tx] // built by setup; not started with withoutWorkers
	// reminders records reminders when setup ran withReminding.
	reminders *remindingNotifier
}

type setupConfig struct {
	timezone      string
	cap           int
	attempts      int
	startRiver    bool
	llmAttempts   int
	reminderAfter time.Duration
	reminding     bool // the notifier also implements Reminder
	silent        bool // the engine tells no notifier
	sources       SourceReader
	backoff       time.Duration
	giveUpAfter   time.Duration
}

// setup starts a real engine on its own database, with a running River client, the fake LLM
// answering with a valid outline, client "acme" imported from testdata and bound to testChannel.
func setup(t testing.TB, opts ...func(*setupConfig)) *bundle {
	t.Helper()
	cfg := setupConfig{timezone: "UTC", cap: 5, attempts: 3, startRiver: true, llmAttempts: 1, backoff: 10 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	ctx := context.Background()
	logger := testLogger(t, slog.LevelInfo)
	db := pgtest.New(t)
	srv := llmtest.New(t)
	srv.SetResponder(goodModel(t))
	clock := &testClock{}
	clock.Set(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	notes := &recordingNotifier{}
	reminders := &remindingNotifier{recordingNotifier: notes}
	var notifier Notifier = notes
	switch {
	case cfg.silent:
		notifier = nil
	case cfg.reminding:
		notifier = reminders
	}
	e := New(Deps{
		Pool: db.Pool,
		LLM: llm.New(llm.Config{BaseURL: srv.BaseURL(), APIKey: "test-key", Model: "fake-model",
			Timeout: 10 * time.Second, MaxAttempts: cfg.llmAttempts, BaseBackoff: time.Millisecond}, logger, nil),
		Logger:             logger,
		DefaultCap:         3,
		DefaultTimezone:    "UTC",
		Now:                clock.Now,
		OutlineMaxAttempts: cfg.attempts,
		RetryBackoff:       func(int) time.Duration { return cfg.backoff },
		ReminderAfter:      cfg.reminderAfter,
		Sources:            cfg.sources,
		GiveUpAfter:        cfg.giveUpAfter,
		Jobs:               newJobClient(t, db),
		Notifier:           notifier,
	})
	notes.e = e // it reads pieces back as the bot does
	rc := startRiver(t, e, db, cfg.startRiver)

	res, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "acme", Name: "Acme Ledger",
		Timezone: cfg.timezone, Dir: "testdata/acme", Author: "test"})
	require.NoError(t, err)
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, res.Client.ID, testApprover, "test"))
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, res.Client.ID, testApprover2, "test"))
	_, err = e.Bind(ctx, testChannel, "acme", "linkedin", &cfg.cap, testApprover)
	require.NoError(t, err)
	return &bundle{e: e, pool: db, llm: srv, notes: notes, client: res.Client, clock: clock, river: rc,
		reminders: reminders}
}

// newJobClient is the insert-only River client the engine queues with, as cmd/mos builds it, with
// the short fetch cooldown of the test's working client (startRiver) so no insert goes unannounced.
func newJobClient(t testing.TB, db *pgtest.DB) *river.Client[pgx.Tx] {
	t.Helper()
	rc, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{
		Logger: testLogger(t, slog.LevelWarn), FetchCooldown: 10 * time.Millisecond})
	require.NoError(t, err)
	return rc
}

// startRiver builds the River client that works the engine's jobs; with start false jobs are
// enqueued but never worked.
func startRiver(t testing.TB, e *Engine, db *pgtest.DB, start bool) *river.Client[pgx.Tx] {
	t.Helper()
	workers := river.NewWorkers()
	e.RegisterWorkers(workers)
	config := riverConfig(workers, testLogger(t, slog.LevelWarn))
	config.FetchCooldown = 10 * time.Millisecond
	config.FetchPollInterval = 50 * time.Millisecond
	rc, err := river.NewClient(riverpgxv5.New(db.Pool), config)
	require.NoError(t, err)
	if !start {
		return rc
	}
	require.NoError(t, rc.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, rc.StopAndCancel(ctx))
	})
	return rc
}

func withCap(n int) func(*setupConfig)          { return func(c *setupConfig) { c.cap = n } }
func withTimezone(tz string) func(*setupConfig) { return func(c *setupConfig) { c.timezone = tz } }
func withAttempts(n int) func(*setupConfig)     { return func(c *setupConfig) { c.attempts = n } }
func withoutWorkers() func(*setupConfig)        { return func(c *setupConfig) { c.startRiver = false } }

// withoutNotifier builds the engine with no Notifier: nothing but the engine's own work is measured.
func withoutNotifier() func(*setupConfig) { return func(c *setupConfig) { c.silent = true } }

// withBackoff sets the wait between a generation's attempts (10 ms by default).
func withBackoff(d time.Duration) func(*setupConfig) { return func(c *setupConfig) { c.backoff = d } }

// withGiveUpAfter sets how long a generation retries after its first failure.
func withGiveUpAfter(d time.Duration) func(*setupConfig) {
	return func(c *setupConfig) { c.giveUpAfter = d }
}

func outlineReply(t testing.TB, pillar string) llmtest.Reply {
	return llmtest.JSON(t, testOutline(pillar))
}

func draftInput(brief string) DraftInput {
	return DraftInput{SourceType: "study", SourceURL: "https://example.com/report", Brief: brief}
}

// request starts a piece in testChannel as testUser.
func (b *bundle) request(t testing.TB, brief string) Piece {
	t.Helper()
	p, err := b.e.RequestDraft(context.Background(), DraftRequest{ChannelID: testChannel, UserID: testUser,
		Input: draftInput(brief)})
	require.NoError(t, err)
	return p
}

// waitState waits until the piece reaches state.
func (b *bundle) waitState(t testing.TB, id int64, state State) Piece {
	t.Helper()
	return b.waitPiece(t, id, func(p Piece) bool { return p.State == state }, "piece %d never reached %s", id, state)
}

// waitPiece waits until the piece is as done wants it and returns it; msgAndArgs say, if it never
// is, what was waited for.
func (b *bundle) waitPiece(t testing.TB, id int64, done func(Piece) bool, msgAndArgs ...any) Piece {
	t.Helper()
	var p Piece
	require.Eventually(t, func() bool {
		var err error
		p, err = b.e.Piece(context.Background(), id)
		require.NoError(t, err)
		return done(p)
	}, waitFor, tick, msgAndArgs...)
	return p
}

func (b *bundle) count(t testing.TB, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, b.pool.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

// recordingNotifier stands in for the Slack adapter: it reads the piece as a renderer would and
// records the state it saw.
type recordingNotifier struct {
	e    *Engine
	mu   sync.Mutex
	seen map[int64][]State
}

func (n *recordingNotifier) PieceChanged(ctx context.Context, pieceID int64) error {
	v, err := n.e.PieceView(ctx, pieceID)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[int64][]State{}
	}
	n.seen[pieceID] = append(n.seen[pieceID], v.Piece.State)
	return nil
}

func (n *recordingNotifier) states(id int64) []State {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]State(nil), n.seen[id]...)
}

type testClock struct{ ns atomic.Int64 }

func (c *testClock) Now() time.Time  { return time.Unix(0, c.ns.Load()) }
func (c *testClock) Set(t time.Time) { c.ns.Store(t.UnixNano()) }

// Advance moves the clock on by d.
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// testLogger logs to t.Log until the test ends, then drops lines from stragglers.
func testLogger(t testing.TB, level slog.Level) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

type testWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(string(p))
	}
	return len(p), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

// How long tests wait for a job, and how often they look.
const (
	waitFor = 15 * time.Second
	tick    = 10 * time.Millisecond
)

// byApprovers runs act n times at once, alternating the two test approvers, and returns each
// run's error: what a double click on two phones looks like.
func byApprovers(n int, act func(approver string) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		who := testApprover
		if i%2 == 1 {
			who = testApprover2
		}
		wg.Go(func() { errs[i] = act(who) })
	}
	wg.Wait()
	return errs
}

// requireOneWins checks that exactly one of the concurrent attempts in errs succeeded, and hands
// every other error to refused, which checks it is the answer a loser of the race should get.
func requireOneWins(t testing.TB, errs []error, refused func(err error)) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		refused(err)
	}
	require.Equal(t, 1, ok)
}

// claimsWon runs claim n times at once, as n replicas would, requires that none fails, and counts
// the runs that won the claim.
func claimsWon(t *testing.T, n int, claim func(i int) (bool, error)) int {
	t.Helper()
	var wg sync.WaitGroup
	var won atomic.Int32
	for i := range n {
		wg.Go(func() {
			ok, err := claim(i)
			require.NoError(t, err)
			if ok {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	return int(won.Load())
}

// setupWithPiece is setup with one piece from the brief "brief", brought to state as a person
// would (StateRequested, StateOutlineReady, StateDraftReady or StateApproved).
func setupWithPiece(t testing.TB, state State, opts ...func(*setupConfig)) (*bundle, Piece) {
	t.Helper()
	b := setup(t, opts...)
	switch state {
	case StateRequested:
		return b, b.request(t, "brief")
	case StateOutlineReady:
		return b, b.toOutlineReady(t, "brief")
	case StateDraftReady:
		return b, b.toDraftReady(t, "brief")
	case StateApproved:
		return b, b.toApproved(t, "brief")
	}
	t.Fatalf("setupWithPiece cannot bring a piece to %s", state)
	return nil, Piece{}
}
