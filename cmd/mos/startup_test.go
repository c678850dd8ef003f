package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
)

// runMosIn runs the binary in dir with only the given mos settings in its environment (every
// DATABASE_URL, SLACK_*, OPENAI_* and MOS_* variable of the test process is dropped).
func runMosIn(t *testing.T, bin, dir string, env map[string]string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name != "DATABASE_URL" && !strings.HasPrefix(name, "SLACK_") && !strings.HasPrefix(name, "OPENAI_") &&
			!strings.HasPrefix(name, "MOS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return runCmd(t, cmd, args)
}

// TestDotEnvIsReadByTheCLI: `cp .env.example .env`, fill it in, and the CLI works — and the
// environment still wins over the file.
func TestDotEnvIsReadByTheCLI(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	dir := t.TempDir()
	dotEnv := fmt.Sprintf("# written by hand\nDATABASE_URL=%s\nMOS_DAILY_CAP=abc   # a mistake\n", db.URL)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte(dotEnv), 0o600))

	res := runMosIn(t, mosBin, dir, map[string]string{"MOS_DAILY_CAP": "3"}, "migrate")
	require.Equal(t, exitOK, res.code, "DATABASE_URL comes from .env: %s", res.stderr)
	require.Contains(t, res.stdout, "database is up to date")

	res = runMosIn(t, mosBin, dir, nil, "migrate")
	require.Equal(t, exitUsage, res.code)
	require.Equal(t, "mos: MOS_DAILY_CAP=\"abc\" (set in .env) is not a whole number: use one from 0 to 100, e.g. 3\n", res.stderr)

	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("DATABASE_URL "+db.URL+"\n"), 0o600))
	res = runMosIn(t, mosBin, dir, map[string]string{"MOS_DAILY_CAP": "3"}, "os", "show", "--client", "northwind")
	require.Equal(t, exitUsage, res.code)
	require.Equal(t, "mos: .env line 1 does not start with a variable name: write NAME=value, "+
		"the name in letters, digits and _ (not starting with a digit)\n", res.stderr)
}

// TestBadSettingsStopTheCLIInOneLine: exit 2 and one line naming the variable, for any command that
// reads the configuration.
func TestBadSettingsStopTheCLIInOneLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"DATABASE_URL": "postgres://localhost/mos", "MOS_REMINDER_AFTER": "1ns"}, []string{"migrate"},
			`mos: MOS_REMINDER_AFTER="1ns" is too short: it must be at least 1m, e.g. 4h`},
		{map[string]string{"DATABASE_URL": "postgres://localhost/mos", "MOS_LOG_LEVEL": "verbose"}, []string{"os", "show", "--client", "northwind"},
			`mos: MOS_LOG_LEVEL="verbose" is not a log level: use debug, info, warn or error`},
		{map[string]string{"DATABASE_URL": "postgres://localhost/mos", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
			"SLACK_API_URL": "ftp://slack.example.com/api/"}, []string{"serve"},
			`mos: SLACK_API_URL="ftp://slack.example.com/api/" is not an http(s) URL: write it like https://slack.com/api/`},
		{map[string]string{"DATABASE_URL": "postgres://localhost/mos", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
			"MOS_ADMINS": "U024BE7LH,@maria"}, []string{"serve"},
			`mos: MOS_ADMINS="U024BE7LH,@maria" has "@maria", which is not a Slack member id: list ids like U024BE7LH`},
		{map[string]string{"DATABASE_URL": "postgres://mos:s3cret@localhost:port/mos"}, []string{"migrate"},
			"mos: DATABASE_URL is not a Postgres connection string (the value is not shown: it may hold a password)"},
	}
	for _, tc := range cases {
		res := runMosIn(t, mosBin, dir, tc.env, tc.args...)
		require.Equal(t, exitUsage, res.code, res.stderr)
		require.True(t, strings.HasPrefix(res.stderr, tc.want), "got %q", res.stderr)
		require.Equal(t, 1, strings.Count(res.stderr, "\n"), "one line: %q", res.stderr)
		require.NotContains(t, res.stderr, "s3cret")
	}
}

// TestKeywordDatabaseURLIsAccepted: a libpq keyword/value string works like a URL.
func TestKeywordDatabaseURLIsAccepted(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	u, err := url.Parse(db.URL)
	require.NoError(t, err)
	keywords := fmt.Sprintf("host=%s port=%s user=%s dbname=%s sslmode=disable",
		u.Hostname(), u.Port(), u.User.Username(), strings.TrimPrefix(u.Path, "/"))
	res := runMosIn(t, mosBin, t.TempDir(), map[string]string{"DATABASE_URL": keywords}, "migrate")
	require.Equal(t, exitOK, res.code, res.stderr)
	require.Contains(t, res.stdout, "database is up to date")
}
