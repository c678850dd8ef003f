package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
)

// streamPacing says how often a draftStream may speak to Slack.
type streamPacing struct {
	FlushChars   int           // append once this many characters wait (the SDKs buffer ≈250)…
	FlushEvery   time.Duration // …or this long after the last append (≈1 s), whichever first
	MinAppendGap time.Duration // never append faster: chat.appendStream is Tier 4 (100/min)
	UpdateEvery  time.Duration // fallback: chat.update at most this often (≈2 s; Tier 3 is 50/min)
	MaxRateWaits int           // Finish waits out at most this many 429s per call before giving up
}

var defaultPacing = streamPacing{FlushChars: 250, FlushEvery: time.Second, MinAppendGap: 600 * time.Millisecond,
	UpdateEvery: 2 * time.Second, MaxRateWaits: 3}

// maxStreamText is Slack's markdown_text limit per call, which a stream's whole text also keeps
// to here, and the limit of markdown blocks in one message.
const maxStreamText = 12000

// clock is the time a draftStream paces itself by; tests may pass their own.
type clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// streamTarget is where a draft is written: a reply in the piece's thread, answering one person.
type streamTarget struct {
	Channel, ThreadTS string
	UserID, TeamID    string // recipient_user_id / recipient_team_id, required in channels
}

// The ways a draft reaches its thread, as the mos_draft_stream_total counter labels them.
const (
	pathStream   = "stream"   // chat.startStream, appendStream, stopStream
	pathFallback = "fallback" // one chat.postMessage, then chat.update every UpdateEvery
)

type streamMode int

const (
	modeIdle     streamMode = iota // nothing shown yet
	modeStream                     // a Slack stream is open
	modeFallback                   // a posted message is updated
)

// draftStream shows a draft in its thread while the model writes it: Write takes the model's
// text as it comes, a worker streams it into Slack in buffered chunks (or, when Slack refuses to
// stream, posts once and updates), and Finish puts the final text and buttons in place. Text is
// escaped exactly as posted text is, so nothing the model writes can ping anyone. Writing never
// waits for Slack, and a Slack failure never loses text: what was not shown yet waits for the
// next call.
type draftStream struct {
	api    *slack.Client
	log    *slog.Logger
	clock  clock
	pace   streamPacing
	target streamTarget
	paths  *prometheus.CounterVec

	mu        sync.Mutex
	pending   strings.Builder // model text not yet shown
	finishing bool
	wake      chan struct{}
	stopped   chan struct{}

	// Owned by the worker until it stops, then by Finish.
	mode      streamMode
	ts        string
	shown     strings.Builder // model text Slack has accepted
	shownLen  int             // its length once escaped, in characters
	lastSend  time.Time
	retryAt   time.Time       // a 429 asked us to wait until then
	overflow  bool            // the stream is full (maxStreamText); the rest waits for Finish
	refusedBy string          // why streaming was given up, for the log
	onShown   func(ts string) // told of the draft's message once it exists; may be nil
	path      string          // how the draft reached the person, fixed when it is finished
}

// shownAt tells onShown where the draft's message is.
func (d *draftStream) shownAt(ts string) {
	if d.onShown != nil {
		d.onShown(ts)
	}
}

// newStreamPaths registers mos_draft_stream_total{path}.
func newStreamPaths(reg prometheus.Registerer) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mos_draft_stream_total",
		Help: "Drafts shown while written, by path: stream (Slack streaming) or fallback (post once, then update).",
	}, []string{"path"})
	if reg != nil {
		reg.MustRegister(c)
	}
	return c
}

// startDraftStream starts the worker; it runs until Finish or until ctx ends.
func startDraftStream(ctx context.Context, api *slack.Client, log *slog.Logger, clk clock, pace streamPacing,
	target streamTarget, paths *prometheus.CounterVec) *draftStream {
	d := &draftStream{api: api, log: log, clock: clk, pace: pace, target: target, paths: paths,
		wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	go d.run(ctx)
	return d
}

// Write takes the next piece of the model's text. It never blocks on Slack.
func (d *draftStream) Write(text string) {
	if text == "" {
		return
	}
	d.mu.Lock()
	d.pending.WriteString(text)
	d.mu.Unlock()
	d.poke()
}

func (d *draftStream) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// run sends what is due, then sleeps until more text comes or the next send is due.
func (d *draftStream) run(ctx context.Context) {
	defer close(d.stopped)
	for {
		if d.isFinishing() || ctx.Err() != nil {
			return
		}
		wait := d.step(ctx)
		if wait == checkAgain {
			continue
		}
		var due <-chan time.Time
		if wait > 0 {
			due = d.clock.After(wait)
		}
		select {
		case <-d.wake:
		case <-due:
		case <-ctx.Done():
			return
		}
	}
}

func (d *draftStream) isFinishing() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.finishing
}

// unsent is the model text not yet shown.
func (d *draftStream) unsent() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending.String()
}

// markShown moves the first n bytes of pending to shown, after Slack accepted them.
func (d *draftStream) markShown(n int) {
	d.mu.Lock()
	all := d.pending.String()
	d.pending.Reset()
	d.pending.WriteString(all[n:])
	d.mu.Unlock()
	d.shown.WriteString(all[:n])
	d.shownLen += escapedLen(all[:n])
}

// checkAgain asks run to call step again at once: a call was made and the next may be due.
const checkAgain time.Duration = -1

// step makes at most one call to Slack and says how long to wait before the next one is due
// (0: until more text comes; checkAgain: ask again now).
func (d *draftStream) step(ctx context.Context) time.Duration {
	text := d.unsent()
	if text == "" || d.overflow {
		return 0
	}
	now := d.clock.Now()
	if now.Before(d.retryAt) {
		return d.retryAt.Sub(now)
	}
	switch d.mode {
	case modeIdle:
		d.begin(ctx, text)
	case modeStream:
		due := d.lastSend.Add(d.pace.FlushEvery)
		if len(text) >= d.pace.FlushChars {
			due = d.lastSend.Add(d.pace.MinAppendGap)
		}
		if now.Before(due) {
			return due.Sub(now)
		}
		d.appendText(ctx, text)
	case modeFallback:
		if due := d.lastSend.Add(d.pace.UpdateEvery); now.Before(due) {
			return due.Sub(now)
		}
		d.showProgress(ctx, text)
	}
	return checkAgain
}

// isRateLimited notes a 429's Retry-After; the text stays pending.
func (d *draftStream) isRateLimited(err error) bool {
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		return false
	}
	d.retryAt = d.clock.Now().Add(rl.RetryAfter)
	d.log.Info("slack rate-limited the draft; waiting", slog.String("channel_id", d.target.Channel),
		slog.Duration("retry_after", rl.RetryAfter))
	return true
}
