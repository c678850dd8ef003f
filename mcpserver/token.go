package mcpserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Scope is what a token may do. Every scope reads; request also asks for pieces, report also
// records results (both include read, neither includes the other).
type Scope string

// The scopes, from least to most.
const (
	ScopeRead    Scope = "read"
	ScopeRequest Scope = "request"
	ScopeReport  Scope = "report"
)

// Scopes lists every scope, for help texts and checks.
var Scopes = []Scope{ScopeRead, ScopeRequest, ScopeReport}

// ParseScope reads a scope as typed, or says which there are.
func ParseScope(s string) (Scope, error) {
	for _, sc := range Scopes {
		if strings.EqualFold(strings.TrimSpace(s), string(sc)) {
			return sc, nil
		}
	}
	return "", fmt.Errorf("unknown scope %q: use read, request or report", s)
}

// Allows says whether a token of scope s may do what needs scope need.
func (s Scope) Allows(need Scope) bool { return s == need || need == ScopeRead }

// Token is one agent's access to one client. The secret itself is never stored or kept.
type Token struct {
	ID         int64
	ClientID   int64
	ClientSlug string
	ClientName string
	Name       string
	Scope      Scope
	CreatedAt  time.Time
	RevokedAt  *time.Time
}

// tokenPrefix marks mos tokens, so a leaked one is recognisable in a secret scanner.
const tokenPrefix = "mos_"

// MaxTokenNameLen bounds a token's name (the database checks it too).
const MaxTokenNameLen = 64

// ErrBadToken is a token that is unknown, revoked or malformed; it never says which, so a guess
// learns nothing.
var ErrBadToken = errors.New("the token is not valid: it was revoked, mistyped or never created; " +
	"create one with \"mos mcp token create\"")

// ErrTokenNotFound is a revoke of a name the client has no live token under.
var ErrTokenNotFound = errors.New("no live token by that name")

func hashToken(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("mcpserver: random token: %w", err)
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// ValidateTokenName accepts 1–64 printable characters, so a name is safe to log and to list.
func ValidateTokenName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("the token needs a name saying who uses it (e.g. --name \"n8n\")")
	}
	if n := utf8.RuneCountInString(name); n > MaxTokenNameLen {
		return fmt.Errorf("the token name is %d characters; the limit is %d", n, MaxTokenNameLen)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("the token name %q holds a control character; use letters, digits and spaces", name)
		}
	}
	return nil
}

// CreateToken makes a token for the client and returns its secret, which is shown once and never
// stored: only its sha256 is.
func CreateToken(ctx context.Context, db database.DBTX, slug, name string, scope Scope, now time.Time) (string, Token, error) {
	if err := ValidateTokenName(name); err != nil {
		return "", Token{}, err
	}
	c, err := clientos.ClientBySlug(ctx, db, slug)
	if err != nil {
		return "", Token{}, err
	}
	secret, err := newSecret()
	if err != nil {
		return "", Token{}, err
	}
	t := Token{ClientID: c.ID, ClientSlug: c.Slug, ClientName: c.Name, Name: name, Scope: scope, CreatedAt: now}
	err = db.QueryRow(ctx, `INSERT INTO agent_tokens (client_id, name, scope, token_hash, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.ID, name, string(scope), hashToken(secret), now).Scan(&t.ID)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return "", Token{}, fmt.Errorf("%s already has a live token named %q: pick another name, or revoke it first", slug, name)
	}
	if err != nil {
		return "", Token{}, fmt.Errorf("mcpserver: store token: %w", err)
	}
	return secret, t, nil
}

const tokenSelect = `SELECT t.id, t.client_id, c.slug, c.name, t.name, t.scope, t.created_at, t.revoked_at
	FROM agent_tokens t JOIN clients c ON c.id = t.client_id`

func scanToken(row pgx.Row) (Token, error) {
	var t Token
	var scope string
	err := row.Scan(&t.ID, &t.ClientID, &t.ClientSlug, &t.ClientName, &t.Name, &scope, &t.CreatedAt, &t.RevokedAt)
	t.Scope = Scope(scope)
	return t, err
}

// VerifyToken finds the live token a secret belongs to, or returns ErrBadToken.
func VerifyToken(ctx context.Context, db database.DBTX, secret string) (Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return Token{}, ErrBadToken
	}
	t, err := scanToken(db.QueryRow(ctx, tokenSelect+` WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
		hashToken(secret)))
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, ErrBadToken
	}
	if err != nil {
		return Token{}, fmt.Errorf("mcpserver: verify token: %w", err)
	}
	return t, nil
}

// tokenLive says whether the token is still live (not revoked since it was verified).
func tokenLive(ctx context.Context, db database.DBTX, id int64) error {
	var live bool
	err := db.QueryRow(ctx, `SELECT revoked_at IS NULL FROM agent_tokens WHERE id = $1`, id).Scan(&live)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !live) {
		return ErrBadToken
	}
	if err != nil {
		return fmt.Errorf("mcpserver: check token: %w", err)
	}
	return nil
}

// ListTokens lists a client's tokens, live and revoked, oldest first.
func ListTokens(ctx context.Context, db database.DBTX, slug string) ([]Token, error) {
	c, err := clientos.ClientBySlug(ctx, db, slug)
	if err != nil {
		return nil, err
	}
	rows, err := db.Query(ctx, tokenSelect+` WHERE t.client_id = $1 ORDER BY t.id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("mcpserver: list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("mcpserver: list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes the client's live token of that name; every later call with it is refused.
func RevokeToken(ctx context.Context, db database.DBTX, slug, name string, now time.Time) (Token, error) {
	c, err := clientos.ClientBySlug(ctx, db, slug)
	if err != nil {
		return Token{}, err
	}
	var id int64
	err = db.QueryRow(ctx, `UPDATE agent_tokens SET revoked_at = $3
		WHERE client_id = $1 AND name = $2 AND revoked_at IS NULL RETURNING id`, c.ID, name, now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, fmt.Errorf("%s has %w %q (see \"mos mcp token list --client %s\")", slug, ErrTokenNotFound, name, slug)
	}
	if err != nil {
		return Token{}, fmt.Errorf("mcpserver: revoke token: %w", err)
	}
	return scanToken(db.QueryRow(ctx, tokenSelect+` WHERE t.id = $1`, id))
}
