// Package slacksim is a protocol-faithful Slack simulator for end-to-end tests. An unmodified slack-go
// client connects to it exactly as it would to Slack (apps.connections.open, a Socket Mode WebSocket with
// hello, envelopes, acks, server pings and disconnects; the Web API methods a bot calls, with Slack's
// error shapes and 429 Retry-After), and every message and view the bot sends is checked against Block
// Kit's limits. Tests act as a person through User and View: type a command, read the message, press a
// button by its label, fill and submit a modal. At cleanup the simulator fails the test if the bot broke
// a limit, left an envelope unacked or spoke the protocol wrongly, unless the test opted out.
package slacksim

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Fixed identities of the simulated workspace and app.
const (
	TeamID     = "T0SIM0001"
	TeamDomain = "slacksim"
	AppID      = "A0SIM0001"
	BotID      = "B0SIM0001"
	BotUserID  = "U0SIMBOT1"
	BotName    = "mos"
)

// Options tune the simulator. Zero values mean Slack's real numbers.
type Options struct {
	PingInterval time.Duration // server WebSocket PING period (default 5 s)
	AckTimeout   time.Duration // envelope ack deadline (default 3 s)
	TriggerTTL   time.Duration // trigger_id lifetime (default 3 s)
	WarningDelay time.Duration // socket closed this long after a `warning` disconnect (default 10 s)
	CloseDelay   time.Duration // socket closed this long after refresh_requested/link_disabled (default 500 ms)
	WaitTimeout  time.Duration // how long Wait* helpers and envelope delivery wait (default 10 s)
	StreamTTL    time.Duration // a chat.startStream stream ends on its own after this (default 5 min)
	StatusTTL    time.Duration // an assistant.threads.setStatus line clears after this (default 2 min)
	// UnlimitedTiers turns off the per-minute tier limits of the streaming methods, for benchmarks
	// that run more drafts a minute than one workspace could.
	UnlimitedTiers bool
	// APILatency delays every Web API answer, as Slack's round trip does (roughly 50–300 ms); 0 answers at once.
	APILatency time.Duration
}

func (o *Options) defaults() {
	setDefault(&o.PingInterval, 5*time.Second)
	setDefault(&o.AckTimeout, 3*time.Second)
	setDefault(&o.TriggerTTL, 3*time.Second)
	setDefault(&o.WarningDelay, 10*time.Second)
	setDefault(&o.CloseDelay, 500*time.Millisecond)
	setDefault(&o.WaitTimeout, 10*time.Second)
	setDefault(&o.StreamTTL, 5*time.Minute)
	setDefault(&o.StatusTTL, 2*time.Minute)
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Sim is one simulated Slack workspace with the app installed. Create it with New.
type Sim struct {
	t        testing.TB
	opts     Options
	srv      *httptest.Server
	botToken string
	appToken string
	handlers map[string]handler
	pings    atomic.Bool

	mu      sync.Mutex
	changed chan struct{}
	closed  bool
	seq     int64
	lastTS  int64

	users     map[string]*userRec
	channels  map[string]*channel
	dms       map[string]string // user id → D… channel id
	triggers  map[string]*trigger
	views     map[string]*viewRec
	modals    map[string]*modalStack // user id → open modal
	homes     map[string]string      // user id → home view id
	files     []*File
	userFiles []*UserFile
	hooks     map[string]*responseURL
	ephem     []*Message
	drivers   map[string]*User

	conns      []*conn
	rr         int
	totalConns int
	tickets    map[string]time.Time
	envelopes  map[string]*envelope
	repeatNext bool
	revoked    bool
	linkOff    bool

	calls      map[string]int
	rateLimits map[string]*rateLimit
	afterCall  map[string]func() // see AfterCall
	tierCalls  map[string][]time.Time
	statuses   map[string]*threadStatus // "channel/thread_ts" → assistant.threads.setStatus
	failures   map[string]*failure
	latencies  []time.Duration
	violations []string
	protoErrs  []string
	unacked    []string
	timers     []*time.Timer

	expectViolations bool
	allowUnacked     bool
	allowProtoErrs   bool
}

// New starts a simulator; t.Cleanup closes it and fails the test on recorded violations, unacked
// envelopes or protocol errors (see ExpectViolations, AllowUnacked, AllowProtocolErrors).
func New(t testing.TB, opts Options) *Sim {
	t.Helper()
	opts.defaults()
	s := &Sim{
		t: t, opts: opts,
		botToken: "xoxb-" + randToken(24), appToken: "xapp-1-" + AppID + "-" + randToken(24),
		changed: make(chan struct{}),
		users:   map[string]*userRec{}, channels: map[string]*channel{}, dms: map[string]string{},
		triggers: map[string]*trigger{}, views: map[string]*viewRec{}, modals: map[string]*modalStack{},
		homes: map[string]string{}, hooks: map[string]*responseURL{}, drivers: map[string]*User{},
		tickets: map[string]time.Time{}, envelopes: map[string]*envelope{},
		calls: map[string]int{}, rateLimits: map[string]*rateLimit{}, afterCall: map[string]func(){}, failures: map[string]*failure{},
		tierCalls: map[string][]time.Time{}, statuses: map[string]*threadStatus{},
	}
	s.pings.Store(true)
	s.handlers = s.apiHandlers()
	s.srv = httptest.NewServer(s.routes())
	t.Cleanup(s.cleanup)
	return s
}

func (s *Sim) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.handleAPI)
	mux.HandleFunc("/link/", s.handleLink)
	mux.HandleFunc("/upload/", s.handleUpload)
	mux.HandleFunc("/files-pri/", s.handleFileDownload)
	mux.HandleFunc("/hooks/", s.handleHook)
	return mux
}

// APIURL is the Web API base for slack.OptionAPIURL; it ends with "/".
func (s *Sim) APIURL() string { return s.srv.URL + "/api/" }

// BotToken is the xoxb- token the Web API accepts.
func (s *Sim) BotToken() string { return s.botToken }

// AppToken is the xapp- token apps.connections.open accepts.
func (s *Sim) AppToken() string { return s.appToken }

// ExpectViolations turns off the cleanup check for Block Kit and message violations.
func (s *Sim) ExpectViolations() { s.locked(func() { s.expectViolations = true }) }

// AllowUnacked turns off the cleanup check for envelopes not acked within the deadline.
func (s *Sim) AllowUnacked() { s.locked(func() { s.allowUnacked = true }) }

// AllowProtocolErrors turns off the cleanup check for Socket Mode and Web API protocol errors.
func (s *Sim) AllowProtocolErrors() { s.locked(func() { s.allowProtoErrs = true }) }

// Violations lists every rejected message, view or ack payload, in Slack's words.
func (s *Sim) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// ProtocolErrors lists protocol mistakes: unknown or malformed acks, oversized frames, unknown methods.
func (s *Sim) ProtocolErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.protoErrs...)
}

// Unacked lists the envelopes that were not acked within the deadline.
func (s *Sim) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unacked...)
}

// Calls counts every HTTP call of a Web API method, including rate-limited and failed ones.
func (s *Sim) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// AckLatencies is the time from sending each envelope to its first ack, in ack order.
func (s *Sim) AckLatencies() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.latencies...)
}

func (s *Sim) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Sim) locked(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *Sim) violationLocked(format string, args ...any) {
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

func (s *Sim) protoErr(format string, args ...any) {
	s.locked(func() { s.protoErrs = append(s.protoErrs, fmt.Sprintf(format, args...)) })
}

// notifyLocked wakes every waiter; call with mu held after any state change.
func (s *Sim) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil polls cond (run with mu held) on every state change until it holds or timeout passes.
func (s *Sim) waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}

// afterFunc runs f after d unless the simulator closes first.
func (s *Sim) afterFunc(d time.Duration, f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.timers = append(s.timers, time.AfterFunc(d, f))
}

func (s *Sim) cleanup() {
	s.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	var problems []string
	if !s.expectViolations && len(s.violations) > 0 {
		problems = append(problems, "Block Kit / message violations:\n  "+strings.Join(s.violations, "\n  "))
	}
	if !s.allowUnacked && len(s.unacked) > 0 {
		problems = append(problems, "envelopes not acked in time:\n  "+strings.Join(s.unacked, "\n  "))
	}
	if !s.allowProtoErrs && len(s.protoErrs) > 0 {
		problems = append(problems, "protocol errors:\n  "+strings.Join(s.protoErrs, "\n  "))
	}
	if len(problems) > 0 {
		s.t.Errorf("slacksim: %s", strings.Join(problems, "\n"))
	}
}

// close stops timers, closes every socket and the HTTP server, and releases anyone waiting on an ack.
func (s *Sim) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for _, tm := range s.timers {
		tm.Stop()
	}
	conns := s.conns
	s.conns = nil
	var pending []*envelope
	for _, e := range s.envelopes {
		pending = append(pending, e)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.closeNow()
	}
	for _, e := range pending {
		e.stopTimer()
		e.finish()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// nextIDLocked makes a Slack-looking id with the given prefix (U, C, D, V, F, …).
func (s *Sim) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%08X", prefix, s.seq)
}

// nextTSLocked returns a message timestamp "sec.micro", strictly increasing across the workspace.
func (s *Sim) nextTSLocked() string {
	micros := time.Now().UnixMicro()
	if micros <= s.lastTS {
		micros = s.lastTS + 1
	}
	s.lastTS = micros
	return fmt.Sprintf("%d.%06d", micros/1e6, micros%1e6)
}

const tokenAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return string(b)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// AckedEnvelope is an envelope Slack counts as delivered: acked within the deadline.
type AckedEnvelope struct {
	ID, Label string
	// Refused is true when the ack answered a modal with errors: the modal stayed open and the
	// submission was not taken (the person still has the text).
	Refused bool
}

// Acked lists the envelopes acked within the deadline, in no particular order.
func (s *Sim) Acked() []AckedEnvelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AckedEnvelope
	for _, e := range s.envelopes {
		if !e.acked || e.expired {
			continue
		}
		var ack struct {
			ResponseAction string `json:"response_action"`
		}
		_ = json.Unmarshal(e.ackPayload, &ack)
		out = append(out, AckedEnvelope{ID: e.id, Label: e.label, Refused: ack.ResponseAction == "errors"})
	}
	return out
}
