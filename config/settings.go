package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Defaults of the settings that have one; the README's configuration table lists the same.
const (
	defaultSlackAPIURL    = "https://slack.com/api/"
	defaultOpenAIBaseURL  = "https://api.openai.com/v1"
	defaultModel          = "gpt-4o-mini"
	defaultTimezone       = "UTC"
	defaultDailyCap       = 3
	defaultReportSchedule = "0 9 * * MON"
	defaultHTTPAddr       = ":8080"
)

// Bounds of the durations: a reminder every few seconds would flood approvers' DMs, an LLM
// attempt cut off after a few milliseconds could never succeed, and a generation that gives up
// within seconds would never outlast a blip.
var (
	llmTimeout    = durationRule{def: 90 * time.Second, min: time.Second, max: 30 * time.Minute}
	reminderAfter = durationRule{def: 4 * time.Hour, min: time.Minute, max: 30 * 24 * time.Hour}
	giveUpAfter   = durationRule{def: DefaultGiveUpAfter, min: 10 * time.Second, max: time.Hour}
)

// parse reads and checks every setting, reporting the first bad one.
func parse(src source) (Config, error) {
	var first error
	c := Config{
		DatabaseURL:      read(&first, src.get("DATABASE_URL"), databaseURL),
		SlackBotToken:    src.get("SLACK_BOT_TOKEN").text,
		SlackAppToken:    src.get("SLACK_APP_TOKEN").text,
		SlackAPIURL:      read(&first, src.get("SLACK_API_URL"), httpURL(defaultSlackAPIURL, true)),
		OpenAIAPIKey:     src.get("OPENAI_API_KEY").text,
		OpenAIBaseURL:    read(&first, src.get("OPENAI_BASE_URL"), httpURL(defaultOpenAIBaseURL, false)),
		Model:            src.get("MOS_MODEL").or(defaultModel),
		Timezone:         read(&first, src.get("MOS_TIMEZONE"), timezone),
		DailyCap:         read(&first, src.get("MOS_DAILY_CAP"), dailyCap),
		ReportSchedule:   read(&first, src.get("MOS_REPORT_SCHEDULE"), schedule),
		HTTPAddr:         read(&first, src.get("MOS_HTTP_ADDR"), listenAddr),
		LLMTimeout:       read(&first, src.get("MOS_LLM_TIMEOUT"), llmTimeout.parse),
		ReminderAfter:    read(&first, src.get("MOS_REMINDER_AFTER"), reminderAfter.parse),
		LogLevel:         read(&first, src.get("MOS_LOG_LEVEL"), logLevel),
		SourceAllowHosts: read(&first, src.get("MOS_SOURCE_ALLOW_HOSTS"), allowHosts),
		GiveUpAfter:      read(&first, src.get("MOS_GIVE_UP_AFTER"), giveUpAfter.parse),
		Admins:           read(&first, src.get("MOS_ADMINS"), admins),
		StreamDrafts:     read(&first, src.get("MOS_STREAM_DRAFTS"), onOff(true)),
	}
	return c, first
}

// read parses one value unless an earlier one already failed, keeping the first failure.
func read[T any](first *error, v value, parse func(value) (T, error)) T {
	var zero T
	if *first != nil {
		return zero
	}
	t, err := parse(v)
	if err != nil {
		*first = err
		return zero
	}
	return t
}

// httpURL accepts an absolute http(s) URL; Slack's client appends method names, so its base must end in /.
func httpURL(def string, endsInSlash bool) func(value) (string, error) {
	example := def
	if def == defaultOpenAIBaseURL {
		example = def + " or http://localhost:11434/v1"
	}
	return func(v value) (string, error) {
		if v.text == "" {
			return def, nil
		}
		u, err := url.Parse(v.text)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", v.bad("is not an http(s) URL: write it like %s", example)
		}
		if p := u.Port(); p != "" && !validPort(p) {
			return "", v.bad("has the port %s, which is not a port number: use one from 1 to 65535, e.g. %s", p, example)
		}
		if endsInSlash && !strings.HasSuffix(u.Path, "/") {
			return "", v.bad("must end in /: write it like %s", example)
		}
		return v.text, nil
	}
}

// validPort says whether p is a TCP port a server can listen on: 1 to 65535.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

func timezone(v value) (string, error) {
	if v.text == "" {
		return defaultTimezone, nil
	}
	if _, err := time.LoadLocation(v.text); err != nil || v.text == "Local" {
		return "", v.bad("is not an IANA time zone: use a name like Europe/Berlin, America/New_York or UTC")
	}
	return v.text, nil
}

func dailyCap(v value) (int, error) {
	if v.text == "" {
		return defaultDailyCap, nil
	}
	n, err := strconv.Atoi(v.text)
	if err != nil {
		return 0, v.bad("is not a whole number: use one from 0 to %d, e.g. %d", MaxDailyCap, defaultDailyCap)
	}
	if n < 0 || n > MaxDailyCap {
		return 0, v.bad("is out of range: use a whole number from 0 to %d", MaxDailyCap)
	}
	return n, nil
}

// schedule accepts what the weekly report's scheduler accepts.
func schedule(v value) (string, error) {
	if v.text == "" {
		return defaultReportSchedule, nil
	}
	if _, err := cron.ParseStandard(v.text); err != nil { // the weekly report's scheduler's parser
		return "", v.bad("is not a cron schedule: use five fields (minute hour day-of-month month day-of-week), e.g. %q",
			defaultReportSchedule)
	}
	return v.text, nil
}

func listenAddr(v value) (string, error) {
	if v.text == "" {
		return defaultHTTPAddr, nil
	}
	_, port, err := net.SplitHostPort(v.text)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return "", v.bad("is not a listen address: write it as host:port, e.g. :8080 or 127.0.0.1:8080")
	}
	return v.text, nil
}

func logLevel(v value) (slog.Level, error) {
	switch strings.ToLower(v.text) {
	case "", "info":
		return slog.LevelInfo, nil
	case "debug":
		return slog.LevelDebug, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, v.bad("is not a log level: use debug, info, warn or error")
}

// durationRule is a duration setting's default and the range it must fall in.
type durationRule struct{ def, min, max time.Duration }

func (r durationRule) parse(v value) (time.Duration, error) {
	if v.text == "" {
		return r.def, nil
	}
	d, err := time.ParseDuration(v.text)
	switch {
	case err != nil:
		return 0, v.bad("is not a duration: write it like 90s or 4h (from %s to %s)", short(r.min), short(r.max))
	case d < r.min:
		return 0, v.bad("is too short: it must be at least %s, e.g. %s", short(r.min), short(r.def))
	case d > r.max:
		return 0, v.bad("is too long: it must be at most %s, e.g. %s", short(r.max), short(r.def))
	}
	return d, nil
}

// short writes a duration the way people do: 1m, 4h, 90s rather than 1m0s, 4h0m0s, 1m30s.
func short(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}
