// Package config reads mos's settings once, into one typed struct that is passed down. They come from
// the environment and, for a variable the environment leaves unset or empty, from the file .env in
// the working directory. Every setting is checked here: a bad one is reported in one line that names
// the variable and says what is allowed. Secrets never leave this package unredacted.
package config

import (
	"errors"
	"log/slog"
	"os"
	"strings"
	"time"
)

// Config is every setting mos reads.
type Config struct {
	DatabaseURL    string
	SlackBotToken  string
	SlackAppToken  string
	SlackAPIURL    string
	OpenAIAPIKey   string
	OpenAIBaseURL  string
	Model          string
	Timezone       string
	DailyCap       int
	ReportSchedule string
	HTTPAddr       string
	LLMTimeout     time.Duration
	ReminderAfter  time.Duration
	GiveUpAfter    time.Duration
	LogLevel       slog.Level
	// SourceAllowHosts are `host` or `host:port` entries whose pages may be read even when they
	// resolve to a private address (an intranet wiki).
	SourceAllowHosts []string
	// Admins are Slack member ids who, besides workspace owners and admins, may name a client's
	// first approver (MOS_ADMINS).
	Admins []string
	// StreamDrafts shows a draft in its thread as the model writes it (MOS_STREAM_DRAFTS, on by
	// default); off, a draft is shown whole once it is stored.
	StreamDrafts bool
}

// Need names what a subcommand requires beyond the defaults.
type Need int

const (
	NeedDatabase Need = 1 << iota
	NeedSlack
	NeedLLM
)

// DotEnvFile is the file Load reads besides the environment, relative to the working directory.
const DotEnvFile = ".env"

// Load reads the environment and .env, checks every setting and what the calling subcommand needs.
func Load(need Need) (Config, error) {
	return LoadFrom(need, os.LookupEnv, DotEnvFile)
}

// LoadFrom is Load with the environment and the .env path given. A missing .env file is fine; a
// variable set (and not empty) in the environment wins over the file.
func LoadFrom(need Need, lookupEnv func(string) (string, bool), dotEnvPath string) (Config, error) {
	file, err := readDotEnv(dotEnvPath)
	if err != nil {
		return Config{}, err
	}
	c, err := parse(source{env: lookupEnv, file: file, fileName: dotEnvPath})
	if err != nil {
		return c, err
	}
	return c, c.require(need)
}

// require checks that what the subcommand needs is set; the values' form was checked by parse.
func (c Config) require(need Need) error {
	if need&NeedDatabase != 0 && c.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set: give it a Postgres connection string, e.g. " +
			"postgres://mos:mos@localhost:5432/mos or host=localhost dbname=mos, in the environment or in .env")
	}
	if need&NeedSlack != 0 {
		if !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
			return errors.New("SLACK_BOT_TOKEN is missing or malformed: it must start with xoxb- (OAuth & Permissions page of your Slack app)")
		}
		if !strings.HasPrefix(c.SlackAppToken, "xapp-") {
			return errors.New("SLACK_APP_TOKEN is missing or malformed: it must start with xapp- (Basic Information → App-Level Tokens, scope connections:write)")
		}
	}
	return nil
}

// LogValue is the redacted dump logged at debug level: secrets show only whether they are set.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", RedactDatabaseURL(c.DatabaseURL)),
		slog.String("slack_bot_token", setOrNot(c.SlackBotToken)),
		slog.String("slack_app_token", setOrNot(c.SlackAppToken)),
		slog.String("slack_api_url", c.SlackAPIURL),
		slog.String("openai_api_key", setOrNot(c.OpenAIAPIKey)),
		slog.String("openai_base_url", c.OpenAIBaseURL),
		slog.String("model", c.Model),
		slog.String("timezone", c.Timezone),
		slog.Int("daily_cap", c.DailyCap),
		slog.String("report_schedule", c.ReportSchedule),
		slog.String("http_addr", c.HTTPAddr),
		slog.Duration("llm_timeout", c.LLMTimeout),
		slog.Duration("reminder_after", c.ReminderAfter),
		slog.Duration("give_up_after", c.GiveUpAfter),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("source_allow_hosts", strings.Join(c.SourceAllowHosts, ",")),
		slog.String("admins", strings.Join(c.Admins, ",")),
		slog.Bool("stream_drafts", c.StreamDrafts),
	)
}

func setOrNot(s string) string {
	if s == "" {
		return "(not set)"
	}
	return "(set)"
}
