package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/llm/llmtest"
)

// TestSoak is the chaos soak (`make soak`, MOS_SOAK=10m by default): two real `mos serve`
// processes work one database through the Slack simulator and the fake model while people ask for
// about 200 pieces and approve, edit, revise, reject, retry and cancel them — and meanwhile the
// soak SIGKILLs and restarts replicas (sometimes both at once), stops them with SIGTERM, drops
// every socket, has Slack answer 429 and the model answer 500, 429, too late, bad JSON or nothing.
// Then it heals everything, lets the pieces settle and checks the invariants: no piece stuck
// writing, one channel message and at most one draft reply per piece, no cap exceeded, no line a
// person wrote lost, no envelope acked after Slack's 3 s, no duplicate — and prints its figures.
func TestSoak(t *testing.T) {
	raw := os.Getenv("MOS_SOAK")
	if raw == "" {
		t.Skip("the chaos soak runs with MOS_SOAK set to its length, e.g. MOS_SOAK=10m (make soak)")
	}
	length, err := time.ParseDuration(raw)
	require.NoError(t, err, "MOS_SOAK=%q is not a duration: write it like 10m or 60s", raw)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("MOS_SOAK_SEED"); s != "" {
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "MOS_SOAK_SEED is not a number")
	}
	s := newSoak(t, length, seed)
	stop := make(chan struct{})
	chaosDone := make(chan struct{})
	go func() {
		defer close(chaosDone)
		s.chaos(stop)
	}()
	go s.reviveFailpointKills(stop)
	s.drive(time.Now().Add(length))
	close(stop)
	<-chaosDone
	s.settle(5 * time.Minute)
	res := s.check()
	res.print(os.Stdout, s)
	res.printSuspectLogs(os.Stdout, s)
	res.require(t)
}

// soak is the world of the soak: the database, the simulator, the fake model, the replicas and the
// people, and what happened to them.
type soak struct {
	t        *testing.T
	length   time.Duration
	seed     uint64
	rng      *rand.Rand // the driver's; the chaos goroutine has its own
	db       *pgtest.DB
	sim      *slacksim.Sim
	llm      *llmtest.Server
	model    *chaosModel
	replicas []*soakReplica
	channels []string
	maria    *slacksim.User
	sam      *slacksim.User
	mariaID  string
	samID    string
	cap      int

	drafts, lostActions int
	seq                 int
	cooldown            map[string]time.Time
	actions             map[string]int
	human               []humanLine

	mu        sync.Mutex
	kills     int
	bothKills int
	terms     int
	refreshes int
	slack429  int
	resumes   []time.Duration // after each SIGKILL, per generation the dead replica held
	handbacks []time.Duration // the same after a SIGTERM
	watchers  sync.WaitGroup
}

// humanLine is a line a person added in an edit whose submission Slack acked.
type humanLine struct {
	piece int64
	phase string
	line  string
}

const soakCap = 60

func newSoak(t *testing.T, length time.Duration, seed uint64) *soak {
	t.Helper()
	s := &soak{t: t, length: length, seed: seed, rng: rand.New(rand.NewPCG(seed, 1)), db: pgtest.New(t),
		sim: slacksim.New(t, slacksim.Options{WaitTimeout: 20 * time.Second}), llm: llmtest.New(t),
		cap: soakCap, cooldown: map[string]time.Time{}, actions: map[string]int{}}
	s.sim.AllowUnacked()        // envelopes sent to a replica as it is killed; checked in check()
	s.sim.AllowProtocolErrors() // envelopes with no replica up; checked in check()
	s.model = newChaosModel(t, seed)
	s.llm.SetResponder(s.model.reply)
	_, err := clientos.Import(context.Background(), s.db.Pool, clientos.ImportRequest{
		Slug: "northwind", Name: "Northwind Ledger", Timezone: "UTC", Dir: "../../examples/northwind", Author: "soak"})
	require.NoError(t, err)
	for i := range 4 {
		s.channels = append(s.channels, s.sim.AddChannel(fmt.Sprintf("soak-%d", i+1)))
	}
	s.mariaID, s.samID = s.sim.AddUser("maria"), s.sim.AddUser("sam")
	s.maria, s.sam = s.sim.User(s.mariaID), s.sim.User(s.samID)
	s.sim.SetRole(s.mariaID, slacksim.RoleAdmin) // so she may name the first approver
	settings := map[string]string{
		"DATABASE_URL": s.db.URL, "SLACK_BOT_TOKEN": s.sim.BotToken(), "SLACK_APP_TOKEN": s.sim.AppToken(),
		"SLACK_API_URL": s.sim.APIURL(), "OPENAI_BASE_URL": s.llm.BaseURL(), "OPENAI_API_KEY": "sk-soak-secret",
		"MOS_MODEL": "fake-model", "MOS_LLM_TIMEOUT": "3s", "MOS_LOG_LEVEL": "info", "MOS_TIMEZONE": "UTC",
	}
	for _, name := range []string{"a", "b"} {
		r := newSoakReplica(t, name, settings)
		require.NoError(t, r.start())
		s.replicas = append(s.replicas, r)
	}
	for i, ch := range s.channels {
		s.maria.Command(ch, "/mos", "bind northwind linkedin "+strconv.Itoa(s.cap))
		s.sim.WaitMessage(ch, containing("bound this channel"))
		if i == 0 {
			s.maria.Command(ch, "/mos", "approvers add <@"+s.mariaID+"|maria>")
			s.sim.WaitMessage(ch, containing("as an approver"))
		}
	}
	// Only now, with the channels bound, SIGKILLs aimed at each phase of the front door (the chaos
	// adds ones at random times: mid-handler, mid-generation, mid-notification). Armed during the
	// setup, one could take the bind with it, which another replica takes over only after the
	// inbox lease (25 s), longer than the setup waits.
	settings[failpointsVar] = "stored=0.01,acked=0.01,handled=0.01"
	for _, r := range s.replicas {
		r.setEnv(settings)
		r.signal(syscall.SIGTERM)
		require.NoError(t, r.start())
	}
	return s
}

// chaos kills, stops and restarts replicas, drops sockets and makes Slack rate-limit, every 8 to
// 16 s, until stop closes.
func (s *soak) chaos(stop <-chan struct{}) {
	rng := rand.New(rand.NewPCG(s.seed, 2))
	for {
		select {
		case <-stop:
			return
		case <-time.After(8*time.Second + time.Duration(rng.IntN(8000))*time.Millisecond):
		}
		switch x := rng.IntN(100); {
		case x < 40:
			r := s.replicas[rng.IntN(len(s.replicas))]
			s.holdDown(r, syscall.SIGKILL, time.Duration(1000+rng.IntN(5000))*time.Millisecond)
		case x < 48:
			s.mu.Lock()
			s.bothKills++
			s.mu.Unlock()
			for _, r := range s.replicas {
				r.heldDown.Store(true)
				s.kill(r, syscall.SIGKILL)
			}
			time.Sleep(2 * time.Second)
			s.restart(s.replicas[0])
			time.Sleep(6 * time.Second)
			s.restart(s.replicas[1])
		case x < 60:
			s.holdDown(s.replicas[rng.IntN(len(s.replicas))], syscall.SIGTERM, 2*time.Second)
		case x < 80:
			s.sim.Refresh()
			s.count(&s.refreshes)
		default:
			s.sim.RateLimit("chat.postMessage", 2, time.Second)
			s.sim.RateLimit("chat.update", 2, time.Second)
			s.count(&s.slack429)
		}
	}
}

// reviveFailpointKills restarts, within half a second, a replica that a failpoint killed (one the
// chaos is not holding down on purpose), until stop closes.
func (s *soak) reviveFailpointKills(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(500 * time.Millisecond):
		}
		for _, r := range s.replicas {
			if !r.heldDown.Load() && r.pid() == 0 {
				s.restart(r)
			}
		}
	}
}

func (s *soak) count(n *int) {
	s.mu.Lock()
	*n++
	s.mu.Unlock()
}

// kill ends a replica with sig and watches every generation it held until another run picks it up.
func (s *soak) kill(r *soakReplica, sig syscall.Signal) {
	pid := r.pid()
	if pid == 0 {
		return
	}
	held := s.jobsHeldBy(pid)
	at := time.Now()
	if !r.signal(sig) {
		return
	}
	s.mu.Lock()
	if sig == syscall.SIGKILL {
		s.kills++
	} else {
		s.terms++
	}
	s.mu.Unlock()
	for _, id := range held {
		s.watchers.Add(1)
		go s.watchResume(id, at, sig == syscall.SIGKILL)
	}
}

// holdDown ends r with sig, keeps it down for d and starts it again.
func (s *soak) holdDown(r *soakReplica, sig syscall.Signal, d time.Duration) {
	r.heldDown.Store(true)
	s.kill(r, sig)
	time.Sleep(d)
	s.restart(r)
}

func (s *soak) restart(r *soakReplica) {
	defer r.heldDown.Store(false)
	r.starting.Lock() // the chaos and the reviver may both try
	defer r.starting.Unlock()
	if r.pid() != 0 {
		return
	}
	if err := r.start(); err != nil {
		s.t.Logf("soak: %v", err)
	}
}

// jobsHeldBy lists the jobs whose lease the process pid holds (its holder is host:pid:random).
func (s *soak) jobsHeldBy(pid int) []int64 {
	rows, err := s.db.Pool.Query(context.Background(), `SELECT job_id FROM generation_leases
		WHERE holder LIKE '%:' || $1::text || ':%'`, strconv.Itoa(pid))
	if err != nil {
		return nil
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// watchResume records how long after the kill at `at` job id was picked up again (River's
// attempted_at of the next run), or ended.
func (s *soak) watchResume(id int64, at time.Time, killed bool) {
	defer s.watchers.Done()
	deadline := at.Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		var attempted, finalized *time.Time
		err := s.db.Pool.QueryRow(context.Background(), `SELECT attempted_at, finalized_at FROM river_job WHERE id = $1`,
			id).Scan(&attempted, &finalized)
		if err != nil {
			return
		}
		var took time.Duration
		switch {
		case attempted != nil && attempted.After(at):
			took = attempted.Sub(at)
		case finalized != nil && finalized.After(at):
			took = finalized.Sub(at)
		default:
			time.Sleep(100 * time.Millisecond)
			continue
		}
		s.mu.Lock()
		if killed {
			s.resumes = append(s.resumes, took)
		} else {
			s.handbacks = append(s.handbacks, took)
		}
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	if killed {
		s.resumes = append(s.resumes, 5*time.Minute)
	}
	s.mu.Unlock()
}

// drive is the people: Sam asks for a piece about every length/200, and both act on the pieces
// in the channels, until `until`.
func (s *soak) drive(until time.Time) {
	every := max(s.length/200, 300*time.Millisecond)
	next := time.Now()
	for time.Now().Before(until) {
		if !time.Now().Before(next) {
			s.requestDraft()
			next = next.Add(every)
		}
		s.actOnPieces(true)
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *soak) requestDraft() {
	s.seq++
	ch := s.channels[s.rng.IntN(len(s.channels))]
	text := fmt.Sprintf("https://example.com/soak/%d Soak piece %d: why the close takes %d days", s.seq, s.seq, 3+s.seq%9)
	s.drafts++
	for range 3 { // Slack shows a command nobody acked as failed; the person sends it again
		if s.sam.Command(ch, "/draft", text).Acked {
			return
		}
		s.lostActions++
	}
}

var pieceHeader = regexp.MustCompile(`^#(\d+) · `)

// actOnPieces looks at every piece message and its draft reply and does what a person would with
// its buttons, each message at most once every 15 s. With chaos false it only approves.
func (s *soak) actOnPieces(chaos bool) {
	for _, ch := range s.channels {
		for _, m := range s.sim.Messages(ch) {
			texts := m.BlockTexts()
			if len(texts) == 0 || !pieceHeader.MatchString(texts[0]) {
				continue
			}
			id, _ := strconv.ParseInt(pieceHeader.FindStringSubmatch(texts[0])[1], 10, 64)
			s.act(ch, m, id, "outline", chaos)
			for _, r := range s.sim.Replies(ch, m.TS) {
				if len(r.Buttons()) > 0 && strings.Contains(r.AllText(), "Draft v") {
					s.act(ch, r, id, "draft", chaos)
				}
			}
		}
	}
}

func (s *soak) act(ch string, m slacksim.Message, piece int64, phase string, chaos bool) {
	buttons := m.Buttons()
	key := m.TS + strings.Join(buttons, ",")
	if len(buttons) == 0 || time.Now().Before(s.cooldown[key]) {
		return
	}
	s.cooldown[key] = time.Now().Add(15 * time.Second)
	has := func(l string) bool { return slices.Contains(buttons, l) }
	pk := strconv.FormatInt(piece, 10) + phase
	s.actions[pk]++
	x := s.rng.IntN(100)
	if !chaos || s.actions[pk] > 4 {
		x = 0 // enough back and forth: decide
	}
	switch {
	case has("Retry"):
		s.press(s.sam, ch, m.TS, "Retry")
	case has("Retry now") && x < 5 && chaos:
		s.press(s.sam, ch, m.TS, "Cancel")
	case has("Retry now") && x < 40:
		s.press(s.sam, ch, m.TS, "Retry now")
	case !has("Approve"):
	case x < 60:
		s.press(s.maria, ch, m.TS, "Approve")
	case x < 75 && phase == "draft":
		s.edit(ch, m.TS, piece)
	case x < 90:
		s.modal(s.sam, ch, m.TS, "Revise", func(v *slacksim.View) bool {
			return s.fill(v, "What should change?", "REVISE: tighter, and name the 3-day close")
		})
	default:
		s.modal(s.maria, ch, m.TS, "Reject", func(v *slacksim.View) bool {
			if !slices.Contains(v.Labels(), "What went wrong?") {
				return false
			}
			v.Check("What went wrong?", "Generic angle")
			return true
		})
	}
}

func (s *soak) press(u *slacksim.User, ch, ts, label string) {
	if res, ok := u.TryPress(ch, ts, label); ok && !res.Acked {
		s.lostActions++
	}
}

// modal presses label, waits for the modal it opens, lets fill fill it and submits it; it reports
// whether Slack acked the submission and closed the modal.
func (s *soak) modal(u *slacksim.User, ch, ts, label string, fill func(*slacksim.View) bool) bool {
	closeModals(u)
	res, ok := u.TryPress(ch, ts, label)
	if !ok {
		return false
	}
	if !res.Acked {
		s.lostActions++
		return false
	}
	v := u.WaitModalWithin(5 * time.Second)
	if v == nil || !fill(v) {
		closeModals(u)
		return false
	}
	sub := v.Submit()
	if !sub.Acked {
		s.lostActions++
	}
	ok = sub.Acked && len(sub.Errors) == 0 && !sub.Open
	closeModals(u)
	return ok
}

func (s *soak) fill(v *slacksim.View, label, value string) bool {
	if !slices.Contains(v.Labels(), label) {
		return false
	}
	v.Fill(label, value)
	return true
}

// edit adds a line of Sam's to the draft and remembers it when Slack acked the edit.
func (s *soak) edit(ch, ts string, piece int64) {
	s.seq++
	line := fmt.Sprintf("Human line %d: we closed in 3 days after fixing one handoff.", s.seq)
	if s.modal(s.sam, ch, ts, "Edit", func(v *slacksim.View) bool {
		if !slices.Contains(v.Labels(), "Text") {
			return false
		}
		v.Fill("Text", v.Value("Text")+"\n\n"+line)
		return true
	}) {
		s.human = append(s.human, humanLine{piece: piece, phase: "draft", line: line})
	}
}

// closeModals closes whatever modal the person still has open (one left by a replica that died).
func closeModals(u *slacksim.User) {
	for range 5 {
		v := u.Modal()
		if v == nil || !v.Open() {
			return
		}
		v.Close()
	}
}

// settle heals the model, brings every replica back and waits, approving outlines and drafts
// still waiting, until no piece is being written — at most for max.
func (s *soak) settle(max time.Duration) {
	s.model.heal()
	for _, r := range s.replicas {
		s.restart(r)
	}
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) && (s.writing() > 0 || s.envelopesPending() > 0) {
		time.Sleep(time.Second)
	}
	s.watchers.Wait()
	time.Sleep(3 * time.Second) // the last redraws
}

// envelopesPending counts the envelopes stored and not yet finished: one a killed replica acked is
// taken over once its lease runs out (up to 25 s), after which its press or edit takes effect.
func (s *soak) envelopesPending() int {
	var n int
	if err := s.db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM inbound_events WHERE done_at IS NULL`).Scan(&n); err != nil {
		return 1
	}
	return n
}

// writing counts the pieces whose outline, draft or revision is still being written.
func (s *soak) writing() int {
	var n int
	_ = s.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pieces
		WHERE state IN ('requested', 'outline_approved') OR busy <> ''`).Scan(&n)
	return n
}

// chaosModel answers like the scripted model, slowly, and while faulty also with 500s, 429s,
// answers too late for MOS_LLM_TIMEOUT, bad JSON and empty completions.
type chaosModel struct {
	t       testing.TB
	healthy atomic.Bool
	mu      sync.Mutex
	rng     *rand.Rand
	script  *scriptedModel
	faults  map[string]int
}

func newChaosModel(t testing.TB, seed uint64) *chaosModel {
	m := &chaosModel{t: t, rng: rand.New(rand.NewPCG(seed, 3)), faults: map[string]int{},
		script: &scriptedModel{draft: draftText, revised: func(string) string {
			return "A brand-new draft that ignores what people wrote.\n\nIt is shorter."
		}}}
	return m
}

func (m *chaosModel) heal() { m.healthy.Store(true) }

func (m *chaosModel) reply(r llmtest.Recorded) llmtest.Reply {
	m.mu.Lock()
	x, delay := m.rng.IntN(100), time.Duration(200+m.rng.IntN(1000))*time.Millisecond
	var fault string
	if !m.healthy.Load() {
		switch {
		case x < 8:
			fault = "500"
		case x < 11:
			fault = "429"
		case x < 13:
			fault = "timeout"
		case x < 16 && r.ResponseFormat != nil:
			fault = "bad JSON"
		case x < 17:
			fault = "empty"
		}
		if fault != "" {
			m.faults[fault]++
		}
	}
	m.mu.Unlock()
	switch fault {
	case "500":
		return llmtest.Reply{Status: 500}
	case "429":
		return llmtest.Reply{Status: 429, RetryAfter: "1"}
	case "timeout":
		return llmtest.Reply{Delay: 5 * time.Second, Content: "too late"}
	case "bad JSON":
		return llmtest.Reply{Content: "this is not json", Delay: delay}
	case "empty":
		return llmtest.Reply{NoChoices: true}
	}
	reply := m.script.reply(m.t, r)
	reply.Delay = delay
	return reply
}
