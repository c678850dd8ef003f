package config_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/config"
)

const needAll = config.NeedDatabase | config.NeedSlack | config.NeedLLM

// validEnv is a complete, valid environment; tests change one variable at a time.
func validEnv() map[string]string {
	return map[string]string{
		"DATABASE_URL":    "postgres://mos:s3cret@db:5432/mos",
		"SLACK_BOT_TOKEN": "xoxb-secret-bot",
		"SLACK_APP_TOKEN": "xapp-secret-app",
		"OPENAI_API_KEY":  "sk-secret",
	}
}

// load runs config.LoadFrom with env as the environment and dotEnv ("" for none) as the .env file.
func load(t *testing.T, env map[string]string, dotEnv string, need config.Need) (config.Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".env")
	if dotEnv != "" {
		require.NoError(t, os.WriteFile(path, []byte(dotEnv), 0o600))
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	return config.LoadFrom(need, lookup, path)
}

func TestLoadNamesTheBadVariable(t *testing.T) {
	t.Parallel()
	cases := []struct{ key, value, want string }{
		{"DATABASE_URL", "", "DATABASE_URL is not set"},
		{"DATABASE_URL", "mysql://x", "uses the scheme mysql://: mos needs Postgres"},
		{"DATABASE_URL", "postgres://mos:s3cret@db:notaport/mos", "is not a Postgres connection string"},
		{"DATABASE_URL", "host=db password=s3cret dbname", "is not a Postgres connection string"},
		{"DATABASE_URL", "host=db sslmode=verify-full sslrootcert=/nonexistent/ca.pem", "names a file that cannot be read"},
		{"SLACK_BOT_TOKEN", "xapp-wrong", "must start with xoxb-"},
		{"SLACK_APP_TOKEN", "", "must start with xapp-"},
		{"SLACK_API_URL", "http://localhost:1/api", "must end in /"},
		{"SLACK_API_URL", "ftp://files.example.com/api/", "is not an http(s) URL"},
		{"SLACK_API_URL", "slack.com/api/", "is not an http(s) URL"},
		{"OPENAI_BASE_URL", "localhost:11434/v1", "is not an http(s) URL"},
		{"OPENAI_BASE_URL", "ftp://api.example.com/v1", "is not an http(s) URL"},
		{"MOS_DAILY_CAP", "abc", `"abc" is not a whole number: use one from 0 to 100`},
		{"MOS_DAILY_CAP", "-1", "is out of range: use a whole number from 0 to 100"},
		{"MOS_DAILY_CAP", "500", "is out of range"},
		{"MOS_TIMEZONE", "Mars/Olympus", "is not an IANA time zone"},
		{"MOS_TIMEZONE", "Local", "is not an IANA time zone"},
		{"MOS_REPORT_SCHEDULE", "every monday", "is not a cron schedule"},
		{"MOS_REPORT_SCHEDULE", "0 9 * *", "is not a cron schedule"},
		{"MOS_LLM_TIMEOUT", "soon", "is not a duration: write it like 90s or 4h"},
		{"MOS_LLM_TIMEOUT", "4", `"4" is not a duration: write it like 90s or 4h (from 1s to 30m)`},
		{"MOS_LLM_TIMEOUT", "-4s", "is too short: it must be at least 1s"},
		{"MOS_LLM_TIMEOUT", "10ms", "is too short: it must be at least 1s"},
		{"MOS_LLM_TIMEOUT", "2h", "is too long: it must be at most 30m"},
		{"MOS_REMINDER_AFTER", "4", "is not a duration: write it like 90s or 4h (from 1m to 720h)"},
		{"MOS_REMINDER_AFTER", "-4h", "is too short: it must be at least 1m"},
		{"MOS_REMINDER_AFTER", "1ns", "is too short: it must be at least 1m"},
		{"MOS_REMINDER_AFTER", "1000h", "is too long: it must be at most 720h"},
		{"MOS_GIVE_UP_AFTER", "2", "is not a duration: write it like 90s or 4h (from 10s to 1h)"},
		{"MOS_GIVE_UP_AFTER", "1s", "is too short: it must be at least 10s, e.g. 2m"},
		{"MOS_GIVE_UP_AFTER", "2h", "is too long: it must be at most 1h, e.g. 2m"},
		{"MOS_LOG_LEVEL", "verbose", `MOS_LOG_LEVEL="verbose" is not a log level: use debug, info, warn or error`},
		{"MOS_SOURCE_ALLOW_HOSTS", "wiki.internal:http", `MOS_SOURCE_ALLOW_HOSTS="wiki.internal:http" is not a list of hosts`},
		{"MOS_SOURCE_ALLOW_HOSTS", "http://wiki/", `MOS_SOURCE_ALLOW_HOSTS="http://wiki/" has the entry "http://wiki/": an entry is a host or host:port, not a URL — write wiki`},
		{"MOS_SOURCE_ALLOW_HOSTS", "docs.internal, https://user:s3cret@Wiki.internal:8443/space?x=1", `not a URL — write wiki.internal:8443`},
		{"MOS_SOURCE_ALLOW_HOSTS", "admin:s3cret@wiki.internal", `MOS_SOURCE_ALLOW_HOSTS has the entry "xxxxx@wiki.internal": an entry is a host or host:port, not a URL — write wiki.internal`},
		{"MOS_SOURCE_ALLOW_HOSTS", "wiki.internal/space", `has the entry "wiki.internal/space": an entry is a host or host:port, not a URL — write wiki.internal`},
		{"MOS_SOURCE_ALLOW_HOSTS", "*", `has the entry "*": wildcards are not supported; list each host (or host:port) to allow, e.g. wiki.internal,10.0.0.5:8080`},
		{"MOS_SOURCE_ALLOW_HOSTS", "wiki.internal,*.0.0.1", `has the entry "*.0.0.1": wildcards are not supported`},
		{"MOS_SOURCE_ALLOW_HOSTS", "*.internal:8080", `has the entry "*.internal:8080": wildcards are not supported`},
		{"OPENAI_BASE_URL", "http://localhost:99999/v1", `OPENAI_BASE_URL="http://localhost:99999/v1" has the port 99999, which is not a port number: use one from 1 to 65535, e.g. https://api.openai.com/v1 or http://localhost:11434/v1`},
		{"OPENAI_BASE_URL", "http://localhost:0/v1", "has the port 0, which is not a port number: use one from 1 to 65535"},
		{"OPENAI_BASE_URL", "https://user:s3cret@llm.internal:70000/v1", "has the port 70000, which is not a port number"},
		{"OPENAI_BASE_URL", "ws://localhost:11434/v1", "is not an http(s) URL: write it like https://api.openai.com/v1 or http://localhost:11434/v1"},
		{"SLACK_API_URL", "http://localhost:65536/api/", "has the port 65536, which is not a port number"},
		{"MOS_HTTP_ADDR", "8080", "is not a listen address"},
		{"MOS_ADMINS", "U024BE7LH,maria", `MOS_ADMINS="U024BE7LH,maria" has "maria", which is not a Slack member id`},
		{"MOS_ADMINS", "<@U024BE7LH>", `has "<@U024BE7LH>", which is not a Slack member id: list ids like U024BE7LH`},
		{"MOS_ADMINS", "u024be7lh", `has "u024be7lh", which is not a Slack member id`},
		{"MOS_ADMINS", "U024BE7LH C024BE7LH", `has "U024BE7LH C024BE7LH", which is not a Slack member id`},
		{"MOS_HTTP_ADDR", ":99999", "is not a listen address"},
		{"MOS_STREAM_DRAFTS", "maybe", `MOS_STREAM_DRAFTS="maybe" is not a switch: write on or off`},
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			t.Parallel()
			env := validEnv()
			env[tc.key] = tc.value
			_, err := load(t, env, "", needAll)
			require.Error(t, err)
			msg := err.Error()
			require.True(t, strings.HasPrefix(msg, tc.key), "error %q should start with %s", msg, tc.key)
			require.Contains(t, msg, tc.want)
			require.NotContains(t, msg, "\n")
			require.NotContains(t, msg, "s3cret", "a password is never repeated")
			require.NotContains(t, msg, "time.Duration")
			require.NotContains(t, msg, "valid int")
		})
	}
}

func TestLoadAcceptsWhatThePartsAccept(t *testing.T) {
	t.Parallel()
	env := validEnv()
	env["DATABASE_URL"] = "host=localhost dbname=mos"
	env["MOS_LOG_LEVEL"] = "DEBUG"
	env["MOS_LLM_TIMEOUT"] = "1s"
	env["MOS_REMINDER_AFTER"] = "1m"
	env["MOS_GIVE_UP_AFTER"] = "10s"
	env["MOS_DAILY_CAP"] = "0"
	env["MOS_REPORT_SCHEDULE"] = "CRON_TZ=Europe/Berlin 30 8 * * 1-5"
	env["MOS_HTTP_ADDR"] = "127.0.0.1:0"
	env["OPENAI_BASE_URL"] = "http://localhost:65535/v1"
	env["MOS_SOURCE_ALLOW_HOSTS"] = "wiki.internal, 10.0.0.5:8080,[fd00::1]:80"
	env["MOS_ADMINS"] = " U024BE7LH, W0ENTERPRISE ,"
	c, err := load(t, env, "", needAll)
	require.NoError(t, err)
	require.Equal(t, "host=localhost dbname=mos", c.DatabaseURL, "libpq keyword/value strings are accepted")
	require.Equal(t, slog.LevelDebug, c.LogLevel)
	require.Equal(t, time.Second, c.LLMTimeout)
	require.Equal(t, time.Minute, c.ReminderAfter)
	require.Equal(t, 10*time.Second, c.GiveUpAfter)
	require.Zero(t, c.DailyCap)
	require.Equal(t, "http://localhost:65535/v1", c.OpenAIBaseURL)
	require.Len(t, c.SourceAllowHosts, 3)
	require.Equal(t, []string{"U024BE7LH", "W0ENTERPRISE"}, c.Admins, "spaces and a trailing comma are fine")
}

func TestLoadDefaultsAndRedactedDump(t *testing.T) {
	t.Parallel()
	c, err := load(t, validEnv(), "", needAll)
	require.NoError(t, err)
	require.Equal(t, "https://slack.com/api/", c.SlackAPIURL)
	require.Equal(t, 3, c.DailyCap)
	require.Equal(t, 4*time.Hour, c.ReminderAfter)
	require.Equal(t, 2*time.Minute, c.GiveUpAfter)
	require.Equal(t, 90*time.Second, c.LLMTimeout)
	require.Equal(t, slog.LevelInfo, c.LogLevel)

	var sb strings.Builder
	slog.New(slog.NewTextHandler(&sb, nil)).Info("config", "config", c)
	dump := sb.String()
	for _, secret := range []string{"s3cret", "xoxb-secret-bot", "xapp-secret-app", "sk-secret"} {
		require.NotContains(t, dump, secret)
	}
	require.Contains(t, dump, "db:5432", "non-secret parts stay visible: %s", dump)
}

func TestDatabaseOnlyCommandsNeedNoSlackTokens(t *testing.T) {
	t.Parallel()
	_, err := load(t, map[string]string{"DATABASE_URL": "postgres://localhost/mos"}, "", config.NeedDatabase)
	require.NoError(t, err)
}
