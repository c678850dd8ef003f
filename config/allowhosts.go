package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// allowHostsExample is what a good MOS_SOURCE_ALLOW_HOSTS looks like.
const allowHostsExample = "wiki.internal,10.0.0.5:8080"

// allowHosts reads MOS_SOURCE_ALLOW_HOSTS: comma-separated `host` or `host:port` entries. A URL
// is refused with the entry it should have been; a wildcard, which would match nothing, is refused.
func allowHosts(v value) ([]string, error) {
	if v.text == "" {
		return nil, nil
	}
	entries := strings.Split(v.text, ",")
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if err := checkAllowEntry(e); err != nil {
			bad := v.bad
			if strings.Contains(v.text, "@") { // a link with a password in it: never repeat it
				bad, e = v.badSecret, redactLink(e)
			}
			return nil, bad("has the entry %q: %v", e, err)
		}
	}
	for _, e := range entries {
		if err := checkHostPort(strings.ToLower(strings.TrimSpace(e))); err != nil {
			return nil, v.bad("is not a list of hosts: %v; write comma-separated host or host:port entries, e.g. %s", err,
				allowHostsExample)
		}
	}
	return entries, nil
}

// checkAllowEntry refuses the entries people write by mistake: a link, and a wildcard.
func checkAllowEntry(e string) error {
	if strings.Contains(e, "*") {
		return fmt.Errorf("wildcards are not supported; list each host (or host:port) to allow, e.g. %s", allowHostsExample)
	}
	if !strings.ContainsAny(e, "/?#@") {
		return nil
	}
	msg := "an entry is a host or host:port, not a URL"
	if host := hostOfLink(e); host != "" {
		return fmt.Errorf("%s — write %s", msg, host)
	}
	return errors.New(msg + ", e.g. " + allowHostsExample)
}

// hostOfLink is the host (with its port, if the link gave one) of a link someone put in the list.
func hostOfLink(e string) string {
	if !strings.Contains(e, "://") {
		e = "//" + e
	}
	u, err := url.Parse(e)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// redactLink masks whatever comes before an @ in an entry (a link's user and password).
func redactLink(e string) string {
	at := strings.LastIndex(e, "@")
	if at < 0 {
		return e
	}
	scheme := ""
	if i := strings.Index(e[:at], "://"); i >= 0 {
		scheme = e[:i+3]
	}
	return scheme + "xxxxx@" + e[at+1:]
}

// checkHostPort checks an entry's port, when it has one, the way the source reader reads it.
func checkHostPort(e string) error {
	host, port, err := net.SplitHostPort(e)
	if err != nil {
		return nil // a bare host
	}
	if n, perr := strconv.Atoi(port); perr != nil || n < 1 || n > 65535 || host == "" {
		return fmt.Errorf("%q: the port must be a number from 1 to 65535", e)
	}
	return nil
}
