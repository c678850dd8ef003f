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

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

// Config is what the adapter needs from the deployment's configuration.
type Config struct {
	BotToken string
	AppToken string
	APIURL   string // must end in "/"
	Workers  int    // handlers running at once; envelopes beyond wait in a queue (default 16)
	// PingInterval is how long slack-go waits for a server ping before reconnecting (default 30 s).
	PingInterval time.Duration
	// Admins may name a client's first approver, besides workspace owners and admins (MOS_ADMINS).
	Admins []string
}

// slackCallTimeout bounds one Web API call, so a hung connection cannot hold a worker forever.
const slackCallTimeout = 20 * time.Second

// handlerTimeout bounds one envelope's work. Handlers run on a context detached from shutdown:
// an acked envelope is never sent again, so a stopping replica finishes it rather than drop it.
const handlerTimeout = 45 * time.Second

// Bot is one replica's connection to Slack.
type Bot struct {
	cfg      Config
	api      *slack.Client
	socket   *socketmode.Client
	engine   *engine.Engine
	reporter *reporting.Reporter
	os       *clientos.Store
	log      *slog.Logger
	metrics  *metrics
	work     chan socketmode.Event

	connected  atomic.Bool
	pieceLocks sync.Map // piece id → *sync.Mutex, see PieceChanged
	homeLocks  sync.Map // user id → *sync.Mutex, see publishHome
	botUserID  string
}

// ErrAuth means Slack refused the tokens; restarting will not help until they are fixed.
var ErrAuth = errors.New("slack refused a token (invalid_auth, revoked or inactive)")

// New builds the adapter; nothing connects until Run. It holds no database of its own: the engine,
// the reporter and the Client OS store own their tables and rules.
func New(cfg Config, eng *engine.Engine, rep *reporting.Reporter, os *clientos.Store, log *slog.Logger,
	reg prometheus.Registerer) *Bot {
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	api := slack.New(cfg.BotToken,
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: slackCallTimeout}),
		slack.OptionRetry(3), // after the HTTP client, so it wraps it
	)
	var opts []socketmode.Option
	if cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(cfg.PingInterval))
	}
	b := &Bot{
		cfg:      cfg,
		api:      api,
		socket:   socketmode.New(api, opts...),
		engine:   eng,
		reporter: rep,
		os:       os,
		log:      log,
		metrics:  newMetrics(reg),
		work:     make(chan socketmode.Event, 1024),
	}
	eng.SetNotifier(b)
	eng.SetFileReader(b)
	rep.SetPublisher(b)
	return b
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
		b.readEvents(ctx)
		close(b.work) // the reader is the only sender: workers finish what was acked, then exit
	}()
	go b.forgetOldEnvelopes(ctx)
	err := b.superviseSocket(ctx)
	cancel() // a fatal socket error stops the reader too
	<-readerDone
	b.waitForWorkers(&workers)
	return err
}

// drainTimeout bounds how long a stopping replica finishes envelopes it has already acked (Slack
// will not send those again), inside serve's 10-second shutdown.
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
	b.botUserID = resp.UserID
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
