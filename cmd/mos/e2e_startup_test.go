package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/database/pgtest"
)

// TestServeChecksSlackBeforeMigrating: a wrong token or an unreachable Slack stops serve before it
// touches the database, with a sentence naming the setting.
func TestServeChecksSlackBeforeMigrating(t *testing.T) {
	t.Parallel()
	closedPort := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		return "http://" + addr + "/api/"
	}
	cases := []struct {
		name  string
		setup func(sim *slacksim.Sim, c *config.Config)
		check func(t *testing.T, err error, c config.Config)
	}{
		{"refused bot token", func(_ *slacksim.Sim, c *config.Config) { c.SlackBotToken = "xoxb-not-this-workspace" },
			func(t *testing.T, err error, _ config.Config) {
				require.True(t, errors.Is(err, bot.ErrAuth), "got %v", err)
				require.ErrorContains(t, err, "SLACK_BOT_TOKEN")
			}},
		{"revoked app token", func(sim *slacksim.Sim, _ *config.Config) { sim.RevokeAppToken() },
			func(t *testing.T, err error, _ config.Config) {
				require.True(t, errors.Is(err, bot.ErrAuth), "got %v", err)
				require.ErrorContains(t, err, "SLACK_APP_TOKEN")
			}},
		{"unreachable Slack", func(_ *slacksim.Sim, c *config.Config) { c.SlackAPIURL = closedPort() },
			func(t *testing.T, err error, c config.Config) {
				require.Error(t, err)
				require.True(t, strings.HasPrefix(err.Error(), "cannot reach Slack at SLACK_API_URL="+c.SlackAPIURL+": "), err.Error())
				require.Contains(t, err.Error(), "connection refused")
				require.NotContains(t, err.Error(), "auth.test: Post")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := pgtest.Empty(t)
			sim := slacksim.New(t, slacksim.Options{})
			c := config.Config{
				DatabaseURL: db.URL, SlackBotToken: sim.BotToken(), SlackAppToken: sim.AppToken(),
				SlackAPIURL: sim.APIURL(), OpenAIBaseURL: "http://127.0.0.1:1/v1", Model: "fake-model",
				Timezone: "UTC", DailyCap: 3, ReportSchedule: "0 9 * * MON", HTTPAddr: "127.0.0.1:0",
				LLMTimeout: time.Second, ReminderAfter: time.Hour,
			}
			tc.setup(sim, &c)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := serve(ctx, c, testLogger(t), tuning{})
			tc.check(t, err, c)
			var tables int
			require.NoError(t, db.Pool.QueryRow(ctx,
				"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&tables))
			require.Zero(t, tables, "the database stays as it was: nothing is migrated with a bad token")
		})
	}
}

// TestSocketFailuresAreLoggedWithTheirCause: when a reconnect fails, the log says why.
func TestSocketFailuresAreLoggedWithTheirCause(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, slacksim.Options{CloseDelay: 50 * time.Millisecond}, tuning{})
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, w.cfg, logger, w.tune) }()
	require.True(t, w.sim.WaitConnections(1), "the bot never connected")

	w.sim.DisableLink()
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "socket_mode_disabled") },
		10*time.Second, 20*time.Millisecond, "the failed reconnect is logged with Slack's answer; logs:\n%s", &logs)
	require.Contains(t, logs.String(), "type=connection_error")
	w.sim.EnableLink()
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(shutdownGrace):
		t.Fatal("serve did not stop within the shutdown grace period")
	}
}

// lockedBuffer collects log output written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}
