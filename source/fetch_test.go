package source_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
	"github.com/mos-hq/mos/source/sourcetest"
)

func fetcher(t *testing.T, allow ...string) *source.Fetcher {
	t.Helper()
	list, err := source.ParseAllowList(allow)
	require.NoError(t, err)
	return source.NewFetcher(source.FetcherConfig{Allow: list, ConnectTimeout: 2 * time.Second, Timeout: 10 * time.Second})
}

func serveArticle(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, articlePage)
}

func TestIsPublic(t *testing.T) {
	t.Parallel()
	refused := []string{"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1",
		"239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1", "203.0.113.5",
		"::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
		"fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "64:ff9b::7f00:1", "2001:db8::1"}
	allowed := []string{"93.184.216.34", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
		"2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:93.184.216.34"}
	for _, s := range refused {
		require.False(t, source.IsPublic(netip.MustParseAddr(s)), s)
	}
	for _, s := range allowed {
		require.True(t, source.IsPublic(netip.MustParseAddr(s)), s)
	}
	require.False(t, source.IsPublic(netip.Addr{}))
}

// TestFetchRefusesPrivateAddresses: every spelling of a private or local address is refused,
// and the local server listening there never sees a request.
func TestFetchRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	srv := sourcetest.NewSite(t, serveArticle)
	f := fetcher(t) // nothing allowed
	port := srv.Port()
	cases := map[string]string{
		"http://127.0.0.1:" + port + "/":                "private or local address (127.0.0.1)",
		"http://localhost:" + port + "/":                "private or local address",
		"http://[::ffff:127.0.0.1]:" + port + "/":       "private or local address",
		"http://[::1]:" + port + "/":                    "private or local address (::1)",
		"http://0.0.0.0:" + port + "/":                  "private or local address (0.0.0.0)",
		"http://2130706433:" + port + "/":               "IP address in an unusual form (2130706433)",
		"http://0x7f.1:" + port + "/":                   "IP address in an unusual form",
		"http://0177.0.0.1:" + port + "/":               "IP address in an unusual form",
		"http://127.1:" + port + "/":                    "IP address in an unusual form",
		"http://169.254.169.254/latest/meta-data/":      "private or local address (169.254.169.254)",
		"http://[fd00::1]/":                             "private or local address (fd00::1)",
		"http://10.0.0.1/":                              "private or local address (10.0.0.1)",
		"http://100.64.0.1/":                            "private or local address (100.64.0.1)",
		"http://192.168.0.1/":                           "private or local address (192.168.0.1)",
		"http://224.0.0.1/":                             "private or local address (224.0.0.1)",
		"ftp://127.0.0.1/":                              "only http and https",
		"file:///etc/passwd":                            "only http and https",
		"http://user:pw@127.0.0.1:" + port + "/":        "user name or password",
		"http://127.0.0.1.nip.io.invalid:" + port + "/": "does not resolve",
	}
	for link, want := range cases {
		_, err := f.Fetch(context.Background(), link)
		requireReason(t, err, want)
	}
	require.Zero(t, srv.Hits.Load(), "a refused address was requested")
}

func TestFetchAllowListEntryWithPortAllowsThatPortOnly(t *testing.T) {
	t.Parallel()
	a, b := sourcetest.NewSite(t, serveArticle), sourcetest.NewSite(t, serveArticle)
	f := fetcher(t, a.HostPort())
	doc, err := f.Fetch(context.Background(), a.URL+"/close")
	require.NoError(t, err)
	require.Contains(t, doc.Text, "The median answer was 9 days")
	require.Equal(t, a.URL+"/close", doc.FinalURL)

	_, err = f.Fetch(context.Background(), b.URL+"/close")
	requireReason(t, err, "private or local address")
	require.Zero(t, b.Hits.Load())

	// An entry without a port allows every port of that host.
	doc, err = fetcher(t, "127.0.0.1").Fetch(context.Background(), b.URL+"/close")
	require.NoError(t, err)
	require.Equal(t, source.KindHTML, doc.Kind)
}

func TestParseAllowList(t *testing.T) {
	t.Parallel()
	_, err := source.ParseAllowList([]string{"wiki.internal", " 10.0.0.5:8080 ", "[fd00::1]:443", ""})
	require.NoError(t, err)
	for _, bad := range []string{"wiki.internal:http", "wiki:0", "https://wiki.internal/", "a@b"} {
		_, err := source.ParseAllowList([]string{bad})
		require.Error(t, err, bad)
	}
}

func TestFetchRefusesARedirectToAPrivateAddress(t *testing.T) {
	t.Parallel()
	private := sourcetest.NewSite(t, serveArticle)
	for _, target := range []string{private.URL + "/secret", "http://localhost:" + private.Port() + "/secret",
		"http://[::ffff:127.0.0.1]:" + private.Port() + "/", "http://169.254.169.254/latest/meta-data/"} {
		public := sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		})
		_, err := fetcher(t, public.HostPort()).Fetch(context.Background(), public.URL+"/start")
		requireReason(t, err, "private or local address")
		require.EqualValues(t, 1, public.Hits.Load())
	}
	require.Zero(t, private.Hits.Load(), "the redirect target was requested")
}

func TestFetchStopsARedirectLoop(t *testing.T) {
	t.Parallel()
	var loop *sourcetest.Site
	loop = sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+r.URL.Path+"x", http.StatusMovedPermanently)
	})
	_, err := fetcher(t, loop.HostPort()).Fetch(context.Background(), loop.URL+"/a")
	requireReason(t, err, "redirected more than 5 times")
	require.EqualValues(t, source.MaxRedirects+1, loop.Hits.Load())
}

func TestFetchFollowsAFewRedirects(t *testing.T) {
	t.Parallel()
	var srv *sourcetest.Site
	srv = sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/final" {
			serveArticle(w, r)
			return
		}
		http.Redirect(w, r, srv.URL+"/final", http.StatusFound)
	})
	doc, err := fetcher(t, srv.HostPort()).Fetch(context.Background(), srv.URL+"/short")
	require.NoError(t, err)
	require.Equal(t, srv.URL+"/short", doc.URL)
	require.Equal(t, srv.URL+"/final", doc.FinalURL)
}

func TestFetchRefusesAHugeBody(t *testing.T) {
	t.Parallel()
	declared := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(int64(5)<<30))
		_, _ = w.Write([]byte("only the start of five gigabytes"))
	})
	_, err := fetcher(t, declared.HostPort()).Fetch(context.Background(), declared.URL)
	requireReason(t, err, "it is 5.0 GB, over the 5.0 MB limit")

	// No length declared: the body is read up to the limit and no further.
	var sent atomic.Int64
	endless := sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("9 days. ", 8192))
		for r.Context().Err() == nil && sent.Load() < 64<<20 {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	_, err = fetcher(t, endless.HostPort()).Fetch(context.Background(), endless.URL)
	requireReason(t, err, "larger than the 5.0 MB limit")
}

func TestFetchRefusesAFileOverTheLimit(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "text.pdf")
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write(body)
	})
	list, err := source.ParseAllowList([]string{srv.HostPort()})
	require.NoError(t, err)
	small := source.NewFetcher(source.FetcherConfig{Allow: list, MaxBytes: int64(len(body) - 1)})
	_, err = small.Fetch(context.Background(), srv.URL+"/report.pdf")
	requireReason(t, err, "over the 2 KB limit")

	doc, err := fetcher(t, srv.HostPort()).Fetch(context.Background(), srv.URL+"/report.pdf")
	require.NoError(t, err)
	require.Equal(t, source.KindPDF, doc.Kind)
	require.Contains(t, doc.Text, "still takes 9 days")
}

// TestFetchGivesUpOnASlowServer: a server that sends one byte at a time never holds a job
// longer than the total timeout (injected short here).
func TestFetchGivesUpOnASlowServer(t *testing.T) {
	t.Parallel()
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for {
			if _, err := w.Write([]byte("9")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	list, err := source.ParseAllowList([]string{srv.HostPort()})
	require.NoError(t, err)
	f := source.NewFetcher(source.FetcherConfig{Allow: list, Timeout: 300 * time.Millisecond})
	_, err = f.Fetch(context.Background(), srv.URL)
	requireReason(t, err, "did not answer in full within 300ms")
}

func TestFetchReportsAnErrorStatus(t *testing.T) {
	t.Parallel()
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) { http.NotFound(w, nil) })
	_, err := fetcher(t, srv.HostPort()).Fetch(context.Background(), srv.URL+"/gone")
	requireReason(t, err, "the site answered 404 Not Found")
}

func TestFetchRefusesAnUnsupportedType(t *testing.T) {
	t.Parallel()
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		_, _ = w.Write([]byte("PK\x03\x04"))
	})
	_, err := fetcher(t, srv.HostPort()).Fetch(context.Background(), srv.URL+"/report.docx")
	requireReason(t, err, "wordprocessingml.document, and I read only web pages, plain text, Markdown and PDF")
}
