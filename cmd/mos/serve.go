package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/migrations"
)

func serveCommand() command {
	return command{
		summary: "run the Slack bot (Socket Mode), its job workers and the /healthz and /metrics listener",
		help: `Usage: mos serve

Connects to Slack over Socket Mode and serves /draft and /mos. Checks both Slack tokens first, then
applies pending migrations (under a lock, so several replicas may start together). Needs
DATABASE_URL, SLACK_BOT_TOKEN, SLACK_APP_TOKEN and the LLM settings, from the environment or .env;
see the README. Stops cleanly on SIGTERM within 10 seconds: running generations are cancelled and
handed back at once, for another replica to finish.
`,
		run: runServe,
	}
}

// frontDoorConns is the size of the pool that stores envelopes before their ack, apart from the
// connections handlers and jobs hold.
const frontDoorConns = 4

// shutdownGrace bounds a clean stop: the socket closes, running jobs are cancelled and handed back.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, args []string, _ io.Writer) error {
	if len(args) > 0 {
		return usagef("serve takes no arguments (got %q)", args[0])
	}
	c, err := loadConfig(config.NeedDatabase | config.NeedSlack | config.NeedLLM)
	if err != nil {
		return err
	}
	logger := newLogger(c.LogLevel)
	logger.Info("starting", "version", versionLine())
	logger.Debug("configuration", "config", c)
	failpoint, err := failpointsFrom(os.Getenv(failpointsVar), logger)
	if err != nil {
		return err
	}
	// Drafts are shown whole once stored: streaming them is built and tested end to end, but the
	// chaos soak with streaming on still fails now and then (a lost edit line, a stuck draft) for
	// reasons not yet found, so it stays off in mos serve until they are.
	return serve(ctx, c, logger, tuning{failpoint: failpoint})
}

// serve runs one replica until ctx ends. Tests call it with tuning that shortens retries. The Slack
// tokens are checked before the database is touched, so a wrong token changes nothing.
func serve(ctx context.Context, c config.Config, logger *slog.Logger, tune tuning) error {
	slackCfg := bot.Config{BotToken: c.SlackBotToken, AppToken: c.SlackAppToken, APIURL: c.SlackAPIURL}
	if err := bot.CheckTokens(ctx, slackCfg, logger); err != nil {
		return err
	}
	pool, err := database.Open(ctx, c.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := migrations.Up(ctx, pool); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	putPool, err := database.OpenSized(ctx, c.DatabaseURL, frontDoorConns)
	if err != nil {
		return err
	}
	defer putPool.Close()
	app, err := wire(c, pool, putPool, logger, reg, tune)
	if err != nil {
		return err
	}
	mcpH, err := mcpHandler(app, pool, logger, reg, tune)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return app.runJobs(gctx) })
	g.Go(func() error { return app.leases.Run(gctx) })
	g.Go(func() error { return app.bot.Run(gctx) })
	g.Go(func() error { return serveHTTP(gctx, c.HTTPAddr, healthHandler(app, pool), mcpH, reg, logger) })
	return g.Wait() // an auth failure (bot.ErrAuth) ends here and is printed once by main
}

func newLogger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

func serveHTTP(ctx context.Context, addr string, health, mcpH http.Handler, reg *prometheus.Registry,
	logger *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("/healthz", health)
	mux.Handle("/mcp", mcpH)
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("http listening", "addr", addr)
	select {
	case err := <-errc:
		return fmt.Errorf("http listener on %s: %w", addr, err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

func newLLM(c config.Config, logger *slog.Logger, reg prometheus.Registerer, tune tuning) *llm.Client {
	return llm.New(llm.Config{
		BaseURL: c.OpenAIBaseURL, APIKey: c.OpenAIAPIKey, Model: c.Model, Timeout: c.LLMTimeout,
		BaseBackoff: tune.llmBackoff,
	}, logger, reg)
}
