// Package bot is mos's Slack adapter: it keeps the Socket Mode connection alive, acks every envelope
// at once, turns commands, button presses and modal submissions into calls on the engine, and renders
// engine state as Block Kit. It is the only package that knows Slack.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Config is what the adapter needs from the deployment's configuration.
type Config struct {
	BotToken string
	AppToken string
	APIURL   string // must end in "/"
	Workers  int    // handlers running at once; envelopes beyond wait in a queue (default 16)
	// PingInterval is how long slack-go waits for a server ping before reconnecting (default 30 s).
	PingInterval time.Duration
	// Failpoint, when set, is asked at each phase of an envelope's way through the front door
	// (PhaseStored: after the insert, before the ack; PhaseAcked: after the ack, before it is taken
	// and handled; PhaseHandled: after the handler, before it is marked done); true means this
	// replica dies there: it does nothing more with that envelope. Tests use it to crash a replica at
	// an exact phase.
	Failpoint func(phase, envelopeID string) bool
	// Admins may name a client's first approver, besides workspace owners and admins (MOS_ADMINS).
	Admins []string
	// StreamDrafts shows a draft in its thread as the model writes it (mos serve turns it on);
	// off, a draft is shown whole once it is stored.
	StreamDrafts bool
}

// The phases Config.Failpoint is asked about.
const (
	PhaseStored  = "stored"
	PhaseAcked   = "acked"
	PhaseHandled = "handled"
)

// courtesyTimeout bounds a call nobody waits for (the outline's status line).
const courtesyTimeout = time.Second

// slackCallTimeout bounds one Web API call, so a hung connection cannot hold a worker forever.
const slackCallTimeout = 20 * time.Second

// handlerTimeout bounds one envelope's work. Handlers run on a context detached from shutdown: a
// stopping replica finishes what it started (what it had not started it gives back to the store).
const handlerTimeout = 45 * time.Second

// Bot is one replica's connection to Slack.
type Bot struct {
	cfg Config
	api *slack.Client
	// courtesyAPI makes the calls nobody waits for (the outline's status line): no retries, a short
	// timeout, so a rate limit or a slow Slack never holds up a job.
	courtesyAPI *slack.Client
	socket      *socketmode.Client
	engine      Engine
	reporter    Reports
	os          ClientOS
	log         *slog.Logger
	metrics     *metrics
	inbox       Inbox // every envelope is stored here before it is acked
	work        chan queued

	inflight sync.Map    // envelope ids queued or being handled on this replica
	refused  sync.Map    // envelope ids whose insert timed out: if it landed late, it is cancelled
	stopping atomic.Bool // set on shutdown: queued envelopes are given back, not started

	connected  atomic.Bool
	pieceLocks sync.Map // piece id → *sync.Mutex, see PieceChanged
	homeLocks  sync.Map // user id → *sync.Mutex, see publishHome
	liveDrafts sync.Map // piece id → *liveDraft, a draft shown while written (stream_wire.go)
	botUserID  string
	teamID     string
}

// ErrAuth means Slack refused the tokens; restarting will not help until they are fixed.
var ErrAuth = errors.New("slack refused a token (invalid_auth, revoked or inactive)")

// New builds the adapter; nothing connects until Run. It holds no database of its own: the engine,
// the reporter and the Client OS store own their tables and rules. The Bot is also what they tell
// of changes (engine.Notifier and its optional interfaces, reporting.Publisher); as it calls them,
// they are built first and reach it through whatever the caller gave them (cmd/mos: a relay).
func New(cfg Config, eng Engine, rep Reports, os ClientOS, in Inbox,
	log *slog.Logger, reg prometheus.Registerer) *Bot {
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	api := newAPI(cfg)
	var opts []socketmode.Option
	if cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(cfg.PingInterval))
	}
	return &Bot{
		cfg: cfg,
		api: api,
		courtesyAPI: slack.New(cfg.BotToken, slack.OptionAPIURL(cfg.APIURL),
			slack.OptionHTTPClient(&http.Client{Timeout: courtesyTimeout})),
		socket:   socketmode.New(api, opts...),
		engine:   eng,
		reporter: rep,
		os:       os,
		log:      log,
		metrics:  newMetrics(reg),
		inbox:    in,
		work:     make(chan queued, 1024),
	}
}

// newAPI is the Slack Web API client of the calls someone waits for: each bounded by
// slackCallTimeout, retried up to three times when Slack rate-limits it.
func newAPI(cfg Config) *slack.Client {
	return slack.New(cfg.BotToken,
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: slackCallTimeout}),
		slack.OptionRetry(3), // after the HTTP client, so it wraps it
	)
}

// Connected reports whether a Socket Mode connection is open, for /healthz.
func (b *Bot) Connected() bool { return b.connected.Load() }

// Run connects and serves until ctx ends. Auth failures return ErrAuth; other failures reconnect
// with jittered backoff.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.whoAmI(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var workers sync.WaitGroup
	for range b.cfg.Workers {
		workers.Go(b.worker)
	}
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		var feeders sync.WaitGroup
		feeders.Go(func() { b.readEvents(ctx) })
		feeders.Go(func() { b.sweepOrphans(ctx) })
		feeders.Wait()
		close(b.work) // the reader and the sweeper are the only senders
	}()
	err := b.superviseSocket(ctx)
	b.stopping.Store(true) // what is still queued goes back to the store for another replica
	cancel()               // a fatal socket error stops the reader too
	<-readerDone
	b.waitForWorkers(&workers)
	return err
}

// drainTimeout bounds how long a stopping replica finishes the envelopes it started, inside serve's
// 10-second shutdown; one it could not finish is taken over from the store once its lease runs out.
const drainTimeout = 7 * time.Second

func (b *Bot) waitForWorkers(workers *sync.WaitGroup) {
	done := make(chan struct{})
	go func() { workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		b.log.Warn("stopped with envelopes still being handled", "queued", len(b.work))
	}
}

func (b *Bot) whoAmI(ctx context.Context) error {
	resp, err := b.api.AuthTestContext(ctx)
	if err != nil {
		return tokenError(ctx, err, "auth.test", "SLACK_BOT_TOKEN", b.cfg.APIURL)
	}
	b.botUserID, b.teamID = resp.UserID, resp.TeamID
	return nil
}

// superviseSocket reruns slack-go's socket loop after any non-fatal failure.
func (b *Bot) superviseSocket(ctx context.Context) error {
	backoff := time.Second
	for {
		err := b.socket.RunContext(ctx)
		b.connected.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		if isAuthError(err) {
			return fmt.Errorf("%w: SLACK_APP_TOKEN: %v", ErrAuth, err)
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		b.log.Warn("socket mode stopped; reconnecting", "error", err, "wait", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(backoff*2, time.Minute)
	}
}

func isAuthError(err error) bool {
	if err == nil {
		return false
	}
	switch err.Error() {
	case "invalid_auth", "account_inactive", "not_authed", "token_revoked":
		return true
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return isAuthError(errors.New(se.Err))
	}
	return false
}
