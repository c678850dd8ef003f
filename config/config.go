// Package config reads mos's environment (DESIGN §8) once, into one typed struct that is passed down.
// A missing or malformed variable is reported in one line naming it; secrets never leave this package
// unredacted.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
	"github.com/robfig/cron/v3"

	"github.com/mos-hq/mos/database"
)

// Config is every setting mos reads from the environment.
type Config struct {
	DatabaseURL    string        `envconfig:"DATABASE_URL"`
	SlackBotToken  string        `envconfig:"SLACK_BOT_TOKEN"`
	SlackAppToken  string        `envconfig:"SLACK_APP_TOKEN"`
	SlackAPIURL    string        `envconfig:"SLACK_API_URL" default:"https://slack.com/api/"`
	OpenAIAPIKey   string        `envconfig:"OPENAI_API_KEY"`
	OpenAIBaseURL  string        `envconfig:"OPENAI_BASE_URL" default:"https://api.openai.com/v1"`
	Model          string        `envconfig:"MOS_MODEL" default:"gpt-4o-mini"`
	Timezone       string        `envconfig:"MOS_TIMEZONE" default:"UTC"`
	DailyCap       int           `envconfig:"MOS_DAILY_CAP" default:"3"`
	ReportSchedule string        `envconfig:"MOS_REPORT_SCHEDULE" default:"0 9 * * MON"`
	HTTPAddr       string        `envconfig:"MOS_HTTP_ADDR" default:":8080"`
	LLMTimeout     time.Duration `envconfig:"MOS_LLM_TIMEOUT" default:"90s"`
	ReminderAfter  time.Duration `envconfig:"MOS_REMINDER_AFTER" default:"4h"`
	LogLevel       string        `envconfig:"MOS_LOG_LEVEL" default:"info"`
	// SourceAllowHosts are `host` or `host:port` entries whose pages may be read even when they
	// resolve to a private address (an intranet wiki).
	SourceAllowHosts []string `envconfig:"MOS_SOURCE_ALLOW_HOSTS"`
}

// Need names what a subcommand requires beyond the defaults.
type Need int

const (
	NeedDatabase Need = 1 << iota
	NeedSlack
	NeedLLM
)

// Load reads the process environment and checks what the calling subcommand needs.
func Load(need Need) (Config, error) {
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		return c, oneLine(err)
	}
	return c, c.validate(need)
}

// oneLine turns envconfig's parse error into "NAME is malformed: …" so the variable comes first.
func oneLine(err error) error {
	var pe *envconfig.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s is malformed: %q is not a valid %s", pe.KeyName, pe.Value, pe.TypeName)
	}
	return err
}

func (c Config) validate(need Need) error {
	if need&NeedDatabase != 0 {
		if c.DatabaseURL == "" {
			return errors.New("DATABASE_URL is not set: give it a Postgres connection string, e.g. postgres://mos:mos@localhost:5432/mos")
		}
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("DATABASE_URL is malformed: it must look like postgres://user:password@host:5432/dbname")
		}
	}
	if need&NeedSlack != 0 {
		if !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
			return errors.New("SLACK_BOT_TOKEN is missing or malformed: it must start with xoxb- (OAuth & Permissions page of your Slack app)")
		}
		if !strings.HasPrefix(c.SlackAppToken, "xapp-") {
			return errors.New("SLACK_APP_TOKEN is missing or malformed: it must start with xapp- (Basic Information → App-Level Tokens, scope connections:write)")
		}
		if u, err := url.Parse(c.SlackAPIURL); err != nil || u.Host == "" || !strings.HasSuffix(c.SlackAPIURL, "/") {
			return errors.New("SLACK_API_URL is malformed: it must be an http(s) URL ending in /, e.g. https://slack.com/api/")
		}
	}
	if need&NeedLLM != 0 {
		if u, err := url.Parse(c.OpenAIBaseURL); err != nil || u.Host == "" {
			return errors.New("OPENAI_BASE_URL is malformed: it must be an http(s) URL, e.g. https://api.openai.com/v1")
		}
		if c.Model == "" {
			return errors.New("MOS_MODEL is empty: name the model to use, e.g. gpt-4o-mini")
		}
	}
	return c.validateDefaults()
}

func (c Config) validateDefaults() error {
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		return fmt.Errorf("MOS_TIMEZONE is malformed: %q is not an IANA time zone such as Europe/Berlin", c.Timezone)
	}
	if c.DailyCap < 0 || c.DailyCap > 1000 {
		return errors.New("MOS_DAILY_CAP is malformed: it must be a whole number from 0 to 1000")
	}
	if _, err := cron.ParseStandard(c.ReportSchedule); err != nil {
		return fmt.Errorf("MOS_REPORT_SCHEDULE is malformed: %q is not a cron expression such as \"0 9 * * MON\"", c.ReportSchedule)
	}
	if c.LLMTimeout <= 0 {
		return errors.New("MOS_LLM_TIMEOUT is malformed: it must be a positive duration such as 90s")
	}
	return nil
}

// LogValue is the redacted dump logged at debug level: secrets show only whether they are set.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", database.Redact(c.DatabaseURL)),
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
	)
}

func setOrNot(s string) string {
	if s == "" {
		return "(not set)"
	}
	return "(set)"
}
