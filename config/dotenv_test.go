package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/config"
)

// exampleDotEnv is written the way people write .env files for docker compose and shells.
const exampleDotEnv = "\ufeff# mos settings\r\n" +
	"DATABASE_URL=postgres://mos:mos@localhost:5432/mos\r\n" +
	"export SLACK_BOT_TOKEN=xoxb-from-file\n" +
	"SLACK_APP_TOKEN = 'xapp-from-file'   # the app-level token\n" +
	"\n" +
	"MOS_REPORT_SCHEDULE=0 9 * * MON\n" +
	`MOS_MODEL="model \"quoted\""` + "\n" +
	"MOS_TIMEZONE=Europe/Berlin # where caps reset\n" +
	"MOS_REMINDER_AFTER=2h\n" +
	"MOS_DAILY_CAP=7\n"

func TestDotEnvIsReadAndTheEnvironmentWins(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"MOS_DAILY_CAP":      "5",  // set in both: the environment wins
		"MOS_REMINDER_AFTER": "  ", // empty counts as unset: the file's value applies
	}
	c, err := load(t, env, exampleDotEnv, config.NeedDatabase|config.NeedSlack)
	require.NoError(t, err)
	require.Equal(t, "postgres://mos:mos@localhost:5432/mos", c.DatabaseURL)
	require.Equal(t, "xoxb-from-file", c.SlackBotToken)
	require.Equal(t, "xapp-from-file", c.SlackAppToken)
	require.Equal(t, "0 9 * * MON", c.ReportSchedule)
	require.Equal(t, `model "quoted"`, c.Model)
	require.Equal(t, "Europe/Berlin", c.Timezone)
	require.Equal(t, 2*time.Hour, c.ReminderAfter)
	require.Equal(t, 5, c.DailyCap)
}

func TestAMissingDotEnvIsFine(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{"DATABASE_URL": "postgres://localhost/mos"}, "", config.NeedDatabase)
	require.NoError(t, err)
	require.Equal(t, "postgres://localhost/mos", c.DatabaseURL)
}

func TestABadValueInDotEnvSaysWhereItWasSet(t *testing.T) {
	t.Parallel()
	_, err := load(t, validEnv(), "MOS_LOG_LEVEL=verbose\n", config.NeedDatabase)
	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), `MOS_LOG_LEVEL="verbose" (set in `), err.Error())
	require.Contains(t, err.Error(), ".env) is not a log level")
}

func TestAMalformedDotEnvLineIsNamed(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, file, want string }{
		{"no equals sign", "MOS_DAILY_CAP=3\nSLACK_BOT_TOKEN xoxb-s3cret\n", "line 2 is not NAME=value"},
		{"bad name", "# header\n\nMY-VAR=1\n", "line 3 does not start with a variable name"},
		{"space instead of =", "DATABASE_URL postgres://mos:s3cret@db/mos?sslmode=disable\n", "line 1 does not start with a variable name"},
		{"unclosed quote", `SLACK_BOT_TOKEN="xoxb-s3cret` + "\n", `line 1: the value of SLACK_BOT_TOKEN has no closing "`},
		{"text after quote", "SLACK_APP_TOKEN='xapp-s3cret' extra\n", "line 1: the value of SLACK_APP_TOKEN goes on after its closing '"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(t, validEnv(), tc.file, config.NeedDatabase)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), ".env line")
			require.NotContains(t, err.Error(), "s3cret", "the line may hold a token: it is not repeated")
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestADotEnvThatIsNotAFileIsRefusedWithoutHanging(t *testing.T) {
	t.Parallel()
	lookup := func(string) (string, bool) { return "", false }
	dir := filepath.Join(t.TempDir(), ".env")
	require.NoError(t, os.Mkdir(dir, 0o700))
	_, err := config.LoadFrom(config.NeedDatabase, lookup, dir)
	require.ErrorContains(t, err, ".env is not a regular file")

	fifo := filepath.Join(t.TempDir(), ".env")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	_, err = config.LoadFrom(config.NeedDatabase, lookup, fifo)
	require.ErrorContains(t, err, ".env is not a regular file")
}
