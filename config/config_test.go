package config_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/config"
)

func setValid(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://mos:s3cret@db:5432/mos")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-secret-bot")
	t.Setenv("SLACK_APP_TOKEN", "xapp-secret-app")
	t.Setenv("OPENAI_API_KEY", "sk-secret")
}

func TestLoadNamesTheBadVariable(t *testing.T) {
	cases := []struct{ name, key, value, want string }{
		{"missing database", "DATABASE_URL", "", "DATABASE_URL is not set"},
		{"malformed database", "DATABASE_URL", "mysql://x", "DATABASE_URL is malformed"},
		{"bot token", "SLACK_BOT_TOKEN", "xapp-wrong", "SLACK_BOT_TOKEN"},
		{"app token", "SLACK_APP_TOKEN", "", "SLACK_APP_TOKEN"},
		{"api url without slash", "SLACK_API_URL", "http://localhost:1/api", "SLACK_API_URL"},
		{"cap not a number", "MOS_DAILY_CAP", "three", "MOS_DAILY_CAP is malformed"},
		{"negative cap", "MOS_DAILY_CAP", "-1", "MOS_DAILY_CAP is malformed"},
		{"time zone", "MOS_TIMEZONE", "Mars/Olympus", "MOS_TIMEZONE is malformed"},
		{"schedule", "MOS_REPORT_SCHEDULE", "every monday", "MOS_REPORT_SCHEDULE is malformed"},
		{"timeout", "MOS_LLM_TIMEOUT", "soon", "MOS_LLM_TIMEOUT is malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			setValid(t)
			t.Setenv(tc.key, tc.value)
			_, err := config.Load(config.NeedDatabase | config.NeedSlack | config.NeedLLM)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tc.key), "error %q should start with %s", err, tc.key)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestLoadDefaultsAndRedactedDump(t *testing.T) {
	setValid(t)
	c, err := config.Load(config.NeedDatabase | config.NeedSlack | config.NeedLLM)
	require.NoError(t, err)
	require.Equal(t, "https://slack.com/api/", c.SlackAPIURL)
	require.Equal(t, 3, c.DailyCap)

	var sb strings.Builder
	slog.New(slog.NewTextHandler(&sb, nil)).Info("config", "config", c)
	dump := sb.String()
	for _, secret := range []string{"s3cret", "xoxb-secret-bot", "xapp-secret-app", "sk-secret"} {
		require.NotContains(t, dump, secret)
	}
	require.Contains(t, dump, "db:5432", fmt.Sprintf("non-secret parts stay visible: %s", dump))
}

func TestDatabaseOnlyCommandsNeedNoSlackTokens(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://localhost/mos")
	t.Setenv("SLACK_BOT_TOKEN", "")
	_, err := config.Load(config.NeedDatabase)
	require.NoError(t, err)
}
