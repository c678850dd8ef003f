package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Bounds on one inbound message: an HTTP body and a stdio line. A brief, a text to check and its
// source all fit well within; anything bigger is refused before it is parsed.
const (
	MaxRequestBytes = 2 << 20
	sessionIdle     = 30 * time.Minute
)

// ServeStdio serves one token's client over newline-delimited JSON on in and out until ctx ends
// or in closes. A bad or revoked token is refused before anything is read.
func (s *Service) ServeStdio(ctx context.Context, secret string, in io.Reader, out io.Writer) error {
	tok, err := VerifyToken(ctx, s.pool, secret)
	if err != nil {
		return err
	}
	srv, err := s.ServerFor(ctx, tok)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "mcp stdio session", "token_name", tok.Name, "client", tok.ClientSlug, "scope", string(tok.Scope))
	err = srv.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopWriteCloser{out},
		MaxLineLength: MaxRequestBytes})
	if errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// Handler is the streamable HTTP endpoint: every request carries "Authorization: Bearer <token>",
// checked on each request; a session stays with the token that opened it.
func (s *Service) Handler() http.Handler {
	h := mcp.NewStreamableHTTPHandler(s.serverForRequest, &mcp.StreamableHTTPOptions{
		Logger: s.log, MaxRequestBodyBytes: MaxRequestBytes, SessionTimeout: sessionIdle,
		// Every request needs a bearer token, which a page rebinding a name to this host never
		// has; and a TLS proxy on the same host forwards its own Host header.
		DisableLocalhostProtection: true,
	})
	return auth.RequireBearerToken(s.verify, &auth.RequireBearerTokenOptions{AllowMissingExpiration: true})(h)
}

const tokenInfoKey = "mos_token"

func (s *Service) verify(ctx context.Context, secret string, r *http.Request) (*auth.TokenInfo, error) {
	tok, err := VerifyToken(ctx, s.pool, secret)
	if errors.Is(err, ErrBadToken) {
		s.metrics.calls.WithLabelValues("http", "", "refused").Inc()
		s.log.WarnContext(ctx, "mcp token refused", "remote_addr", r.RemoteAddr)
		return nil, fmt.Errorf("%w: %s", auth.ErrInvalidToken, err.Error())
	}
	if err != nil {
		s.log.ErrorContext(ctx, "mcp verify token", "error", err)
		return nil, errors.New("could not check the token; try again in a minute")
	}
	return &auth.TokenInfo{Scopes: []string{string(tok.Scope)}, UserID: strconv.FormatInt(tok.ID, 10),
		Extra: map[string]any{tokenInfoKey: tok}}, nil
}

// serverForRequest is the server of the request's token; nil (a 400) when it cannot be built.
func (s *Service) serverForRequest(r *http.Request) *mcp.Server {
	info := auth.TokenInfoFromContext(r.Context())
	if info == nil {
		return nil
	}
	tok, ok := info.Extra[tokenInfoKey].(Token)
	if !ok {
		return nil
	}
	srv, err := s.ServerFor(r.Context(), tok)
	if err != nil {
		s.log.ErrorContext(r.Context(), "mcp server for token", "token_name", tok.Name, "error", err)
		return nil
	}
	return srv
}
