package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
)

// maxDotEnvBytes bounds the .env file: settings are a few lines, not a data file.
const maxDotEnvBytes = 1 << 20

// readDotEnv reads NAME=value lines from path. A missing file is no error: the environment alone
// is then the configuration.
func readDotEnv(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	case !info.Mode().IsRegular(): // a FIFO would block the read for ever
		return nil, fmt.Errorf("%s is not a regular file: make it a text file of NAME=value lines, or remove it", path)
	case info.Size() > maxDotEnvBytes:
		return nil, fmt.Errorf("%s is larger than 1 MB: it should hold a few NAME=value lines", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return parseDotEnv(path, data)
}

var dotEnvName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// parseDotEnv reads the format docker compose and shells share for simple files: NAME=value lines,
// an optional "export " in front, # comments, values optionally in "double" quotes (with \n, \"
// and \\ escapes) or 'single' quotes (literal). Nothing is expanded: $OTHER stays as written.
// A line that is none of these is an error naming the line, without repeating it (it may hold a
// token).
func parseDotEnv(fileName string, data []byte) (map[string]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	vars := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, raw, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			return nil, fmt.Errorf("%s line %d is not NAME=value (it has no =): fix or remove it", fileName, i+1)
		}
		name = strings.TrimSpace(name)
		if !dotEnvName.MatchString(name) { // not repeated: "TOKEN xoxb-… =" would show the token
			return nil, fmt.Errorf("%s line %d does not start with a variable name: write NAME=value, "+
				"the name in letters, digits and _ (not starting with a digit)", fileName, i+1)
		}
		val, err := dotEnvValue(strings.TrimSpace(raw))
		if err != nil {
			return nil, fmt.Errorf("%s line %d: the value of %s %w", fileName, i+1, name, err)
		}
		vars[name] = val
	}
	return vars, nil
}

// dotEnvValue reads one value: quoted, or bare up to a " #" comment.
func dotEnvValue(raw string) (string, error) {
	if raw == "" || (raw[0] != '"' && raw[0] != '\'') {
		if i := strings.Index(raw, " #"); i >= 0 {
			raw = raw[:i]
		}
		if i := strings.Index(raw, "\t#"); i >= 0 {
			raw = raw[:i]
		}
		return strings.TrimSpace(raw), nil
	}
	quote := raw[0]
	end := closingQuote(raw, quote)
	if end < 0 {
		return "", fmt.Errorf("has no closing %c: close the quote or remove it", quote)
	}
	if rest := strings.TrimSpace(raw[end+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
		return "", fmt.Errorf("goes on after its closing %c: quote the whole value, or start a comment with #", quote)
	}
	inner := raw[1:end]
	if quote == '"' {
		inner = unescapeDoubleQuoted(inner)
	}
	return inner, nil
}

// closingQuote is the index of the quote that ends raw's quoted value, or -1. In double quotes a
// backslash escapes the next character.
func closingQuote(raw string, quote byte) int {
	for i := 1; i < len(raw); i++ {
		switch {
		case quote == '"' && raw[i] == '\\':
			i++
		case raw[i] == quote:
			return i
		}
	}
	return -1
}

var doubleQuoteEscapes = strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\n`, "\n")

func unescapeDoubleQuoted(s string) string { return doubleQuoteEscapes.Replace(s) }
