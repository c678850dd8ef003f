package clientos

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Client is one company whose OS mos keeps; an agency workspace holds several.
type Client struct {
	ID              int64
	Slug            string
	Name            string
	Timezone        string // IANA name; caps reset and reports run in it
	ReportSchedule  string // cron expression, "" for the deployment default
	ReportChannelID string // "" when not set
	CreatedAt       time.Time
}

// notFoundError is a "does not exist" with a message that says what to do; it unwraps to
// database.ErrNotFound.
type notFoundError struct{ msg string }

func (e notFoundError) Error() string { return e.msg }
func (e notFoundError) Unwrap() error { return database.ErrNotFound }

// ValidateSlug checks a client slug, the short name used in commands.
func ValidateSlug(slug string) error {
	if slugRE.MatchString(slug) {
		return nil
	}
	return fmt.Errorf("client slug %s is not valid: use 2 to 41 lowercase letters, digits and dashes, starting with a letter or digit (e.g. \"acme\" or \"acme-corp\")", Quote(slug))
}

func validateTimezone(tz string) error {
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		return fmt.Errorf("time zone %s is not an IANA time zone such as Europe/Berlin or America/New_York", Quote(tz))
	}
	return nil
}

const clientColumns = `id, slug, name, timezone, COALESCE(report_schedule, ''), COALESCE(report_channel_id, ''), created_at`

func scanClient(row pgx.Row) (Client, error) {
	var c Client
	err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Timezone, &c.ReportSchedule, &c.ReportChannelID, &c.CreatedAt)
	return c, err
}

// EnsureClient returns the client with slug, creating it if needed. A non-empty name or timezone is
// applied to an existing client too; empty ones keep what is stored (or default to the slug and UTC
// for a new client). The name is cleaned by CleanClientName, which refuses one over
// MaxClientNameChars.
func EnsureClient(ctx context.Context, db database.DBTX, slug, name, timezone string) (Client, error) {
	if err := ValidateSlug(slug); err != nil {
		return Client{}, err
	}
	if timezone != "" {
		if err := validateTimezone(timezone); err != nil {
			return Client{}, err
		}
	}
	if name != "" {
		var err error
		if name, err = CleanClientName(name); err != nil {
			return Client{}, err
		}
	}
	newName, newTZ := name, timezone
	if newName == "" {
		newName = slug
	}
	if newTZ == "" {
		newTZ = "UTC"
	}
	c, err := scanClient(db.QueryRow(ctx, `
		INSERT INTO clients (slug, name, timezone) VALUES ($1, $2, $3)
		ON CONFLICT (slug) DO UPDATE SET
			name = CASE WHEN $4::text <> '' THEN $4::text ELSE clients.name END,
			timezone = CASE WHEN $5::text <> '' THEN $5::text ELSE clients.timezone END
		RETURNING `+clientColumns, slug, newName, newTZ, name, timezone))
	if err != nil {
		return Client{}, fmt.Errorf("clientos: ensure client %s: %w", slug, err)
	}
	return c, nil
}

// ClientBySlug finds a client by slug; a missing one is an error that says how to create it.
func ClientBySlug(ctx context.Context, db database.DBTX, slug string) (Client, error) {
	if err := ValidateSlug(slug); err != nil {
		return Client{}, err
	}
	c, err := scanClient(db.QueryRow(ctx, `SELECT `+clientColumns+` FROM clients WHERE slug = $1`, slug))
	if errors.Is(err, pgx.ErrNoRows) {
		return Client{}, notFoundError{fmt.Sprintf(
			"no client %q: import one with \"mos os import --client %s <dir>\"", slug, slug)}
	}
	if err != nil {
		return Client{}, fmt.Errorf("clientos: client %s: %w", slug, err)
	}
	return c, nil
}

// ClientByID finds a client by id.
func ClientByID(ctx context.Context, db database.DBTX, id int64) (Client, error) {
	c, err := scanClient(db.QueryRow(ctx, `SELECT `+clientColumns+` FROM clients WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Client{}, notFoundError{fmt.Sprintf("no client with id %d", id)}
	}
	if err != nil {
		return Client{}, fmt.Errorf("clientos: client %d: %w", id, err)
	}
	return c, nil
}

// Clients lists every client by slug.
func Clients(ctx context.Context, db database.DBTX) ([]Client, error) {
	cs, err := database.Collect(ctx, db, func(row pgx.CollectableRow) (Client, error) { return scanClient(row) },
		`SELECT `+clientColumns+` FROM clients ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("clientos: list clients: %w", err)
	}
	return cs, nil
}

// BoundPlatforms lists the platforms the client's channels are bound to (channel_bindings is kept by
// the engine); each one needs a style guide.
func BoundPlatforms(ctx context.Context, db database.DBTX, clientID int64) ([]string, error) {
	return queryStrings(ctx, db, `SELECT DISTINCT platform FROM channel_bindings WHERE client_id = $1 ORDER BY platform`, clientID)
}

// BoundCaps maps each platform the client's channels are bound to to their daily caps, summed: how
// many new pieces a day the platform may get. The map is empty, not nil, for a client with no
// bound channel.
func BoundCaps(ctx context.Context, db database.DBTX, clientID int64) (map[string]int, error) {
	return queryCaps(ctx, db, `SELECT platform, sum(daily_cap)::int FROM channel_bindings WHERE client_id = $1 GROUP BY platform`, clientID)
}

func boundCapsBySlug(ctx context.Context, db database.DBTX, slug string) (map[string]int, error) {
	return queryCaps(ctx, db, `
		SELECT b.platform, sum(b.daily_cap)::int FROM channel_bindings b JOIN clients c ON c.id = b.client_id
		WHERE c.slug = $1 GROUP BY b.platform`, slug)
}

func queryCaps(ctx context.Context, db database.DBTX, sql string, args ...any) (map[string]int, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("clientos: query caps: %w", err)
	}
	caps := map[string]int{}
	var platform string
	var dailyCap int
	_, err = pgx.ForEachRow(rows, []any{&platform, &dailyCap}, func() error {
		caps[platform] = dailyCap
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("clientos: query caps: %w", err)
	}
	return caps, nil
}

func boundPlatformsBySlug(ctx context.Context, db database.DBTX, slug string) ([]string, error) {
	return queryStrings(ctx, db, `
		SELECT DISTINCT b.platform FROM channel_bindings b JOIN clients c ON c.id = b.client_id
		WHERE c.slug = $1 ORDER BY b.platform`, slug)
}

func queryStrings(ctx context.Context, db database.DBTX, sql string, args ...any) ([]string, error) {
	out, err := database.Collect(ctx, db, pgx.RowTo[string], sql, args...)
	if err != nil {
		return nil, fmt.Errorf("clientos: query: %w", err)
	}
	return out, nil
}
