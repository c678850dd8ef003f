package config

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// source is where settings come from: the environment first, then the .env file.
type source struct {
	env      func(string) (string, bool)
	file     map[string]string
	fileName string
}

// value is one variable's text (empty when unset: its default applies) and the file it came from,
// if any.
type value struct {
	name, text, from string
}

// get reads a variable; one that is unset or empty in the environment is read from the file.
func (s source) get(name string) value {
	if v, ok := s.env(name); ok && strings.TrimSpace(v) != "" {
		return value{name: name, text: strings.TrimSpace(v)}
	}
	if v := strings.TrimSpace(s.file[name]); v != "" {
		return value{name: name, text: v, from: s.fileName}
	}
	return value{name: name}
}

func (v value) or(def string) string {
	if v.text == "" {
		return def
	}
	return v.text
}

// bad is the one-line refusal of a value: the variable, the value as given, where it was set, and
// the problem with what to write instead.
func (v value) bad(format string, args ...any) error {
	return fmt.Errorf("%s=%s%s %s", v.name, shown(v.text), v.origin(), fmt.Sprintf(format, args...))
}

// badSecret is bad for a value that may hold a password: it is never repeated.
func (v value) badSecret(format string, args ...any) error {
	return fmt.Errorf("%s%s %s", v.name, v.origin(), fmt.Sprintf(format, args...))
}

func (v value) origin() string {
	if v.from == "" {
		return ""
	}
	return " (set in " + v.from + ")"
}

// maxShown bounds how much of a value a message repeats.
const maxShown = 60

// shown quotes a value for a message: escaped (so it stays one line), shortened when long, and
// with any password in a URL masked.
func shown(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		s = u.Redacted()
	}
	if utf8.RuneCountInString(s) > maxShown {
		s = string([]rune(s)[:maxShown]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
