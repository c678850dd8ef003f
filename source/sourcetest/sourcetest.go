// Package sourcetest holds the local web site that the tests reading sources through the real
// fetcher share (source, engine, cmd/mos): it counts the requests it gets, so a test can say that
// a link was read once, read again, or never requested at all.
package sourcetest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// Site is a local web server that counts every request it gets.
type Site struct {
	*httptest.Server
	// Hits is the number of requests the site got, whatever their path and answer.
	Hits atomic.Int64
}

// NewSite serves h until the test ends.
func NewSite(t testing.TB, h http.HandlerFunc) *Site {
	t.Helper()
	s := &Site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// HostPort is the site's host and port, as an allow list names it.
func (s *Site) HostPort() string { return strings.TrimPrefix(s.URL, "http://") }

// Port is the site's port alone, for reaching it under another name (localhost, an IPv6 form).
func (s *Site) Port() string {
	u, _ := url.Parse(s.URL)
	return u.Port()
}
