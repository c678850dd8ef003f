package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for FetcherConfig fields left zero.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultTimeout        = 15 * time.Second
	DefaultMaxBytes       = 5 << 20
	MaxRedirects          = 5
)

// FetcherConfig says how patient and how permissive the fetcher is.
type FetcherConfig struct {
	Allow          AllowList     // hosts that may be private
	ConnectTimeout time.Duration // one TCP connect
	Timeout        time.Duration // the whole exchange: redirects, headers and body
	MaxBytes       int64         // the largest body read
	UserAgent      string
}

// Fetcher reads web sources. It is safe for concurrent use.
type Fetcher struct {
	cfg    FetcherConfig
	client *http.Client
}

// NewFetcher builds a fetcher whose every connection — first request and each redirect — is
// checked against the address actually dialled.
func NewFetcher(cfg FetcherConfig) *Fetcher {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "mos-source-reader/1.0"
	}
	f := &Fetcher{cfg: cfg}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would be the address dialled, hiding the real one
		DialContext:           f.dial,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
	}
	f.client = &http.Client{Transport: transport, Timeout: cfg.Timeout, CheckRedirect: f.checkRedirect}
	return f
}

// dial connects to address (the host and port the URL names). Unless that host is allowed, the
// dialer's Control refuses any resolved address that is not public.
func (f *Fetcher) dial(ctx context.Context, network, address string) (net.Conn, error) {
	d := &net.Dialer{Timeout: f.cfg.ConnectTimeout}
	if !f.cfg.Allow.allows(address) {
		d.Control = controlPublic
	}
	return d.DialContext(ctx, network, address)
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return unreadable(nil, "the link redirected more than %d times", MaxRedirects)
	}
	return checkURL(req.URL)
}

// checkURL refuses what is not an http(s) link to a host, before anything is dialled.
func checkURL(u *url.URL) error {
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return unreadable(nil, "it is a %s: link, and I read only http and https links", u.Scheme)
	}
	if u.User != nil {
		return unreadable(nil, "the link carries a user name or password")
	}
	if u.Hostname() == "" {
		return unreadable(nil, "the link has no host")
	}
	if oddNumericHost(u.Hostname()) {
		return unreadable(nil, "the link spells an IP address in an unusual form (%s)", u.Hostname())
	}
	return nil
}

// Fetch reads rawURL into a Document within the fetcher's Timeout, the reading of the text
// included. Every failure is an *Unreadable saying why.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Document, error) {
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	u, err := url.Parse(rawURL)
	if err != nil {
		return Document{}, unreadable(err, "it is not a valid link")
	}
	if err := checkURL(u); err != nil {
		return Document{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Document{}, unreadable(err, "it is not a valid link")
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain,text/markdown,application/pdf;q=0.9,*/*;q=0.1")
	resp, err := f.client.Do(req)
	if err != nil {
		return Document{}, f.fetchError(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Document{}, unreadable(nil, "the site answered %s", resp.Status)
	}
	body, err := f.readBody(resp)
	if err != nil {
		return Document{}, err
	}
	doc, err := Read(ctx, body, resp.Header.Get("Content-Type"), resp.Request.URL)
	doc.URL, doc.FinalURL = rawURL, resp.Request.URL.String()
	return doc, err
}

// readBody reads at most MaxBytes; a longer body (declared or not) is refused, not cut.
func (f *Fetcher) readBody(resp *http.Response) ([]byte, error) {
	limit := f.cfg.MaxBytes
	if resp.ContentLength > limit {
		return nil, overLimit("it is %s, over the %s limit", sizeText(resp.ContentLength), sizeText(limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, f.fetchError(err)
	}
	if int64(len(body)) > limit {
		return nil, overLimit("it is larger than the %s limit", sizeText(limit))
	}
	return body, nil
}

// fetchError turns a transport error into a reason people can act on.
func (f *Fetcher) fetchError(err error) error {
	var u *Unreadable
	var blocked errBlocked
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &u):
		return u
	case errors.As(err, &blocked):
		return unreadable(err, "the link points to a private or local address (%s), which I don't read; "+
			"an operator can allow an intranet host with MOS_SOURCE_ALLOW_HOSTS", blocked.addr)
	case errors.As(err, &dnsErr):
		return unreadable(err, "the site's name %q does not resolve", dnsErr.Name)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return unreadable(err, "the site did not answer in full within %s", f.cfg.Timeout)
	case errors.Is(err, context.Canceled):
		return unreadable(err, "reading it was cancelled")
	default:
		return unreadable(err, "the site could not be reached")
	}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
}

// mediaType is the lower-cased media type of a Content-Type header, "" when absent or garbled.
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(mt)
}
