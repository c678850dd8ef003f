// Package migrations holds mos's schema as numbered SQL files and applies them, together with River's
// own tables, under one advisory lock so that several replicas (or two `mos migrate` runs) can start
// at once without racing.
package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed *.sql
var files embed.FS

// lockKey is the advisory lock every migration run holds; any constant unique to mos will do.
const lockKey = 0x6d6f735f6d6967 // "mos_mig"

// FS returns the embedded SQL files, for tools that want to fingerprint the schema.
func FS() fs.FS { return files }

// Result says what a run changed, so `mos migrate` can report it.
type Result struct {
	Applied      []string // mos migration files applied by this run
	RiverApplied []int    // River migration versions applied by this run
}

// Up applies every pending mos and River migration. It is idempotent and safe to call concurrently.
func Up(ctx context.Context, pool *pgxpool.Pool) (Result, error) {
	var res Result
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return res, fmt.Errorf("migrations: acquire connection: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(lockKey)); err != nil {
		return res, fmt.Errorf("migrations: take lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(lockKey))
	}()

	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, files)
	if err != nil {
		return res, fmt.Errorf("migrations: load: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return res, fmt.Errorf("migrations: apply: %w", err)
	}
	for _, r := range results {
		res.Applied = append(res.Applied, r.Source.Path)
	}

	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return res, fmt.Errorf("migrations: river: %w", err)
	}
	riverRes, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return res, fmt.Errorf("migrations: river apply: %w", err)
	}
	for _, v := range riverRes.Versions {
		res.RiverApplied = append(res.RiverApplied, v.Version)
	}
	return res, nil
}

// ErrNotMigrated means the database answers but lacks mos's schema or is behind this binary.
var ErrNotMigrated = errors.New("database is not migrated")

// Check reports ErrNotMigrated unless every mos migration has been applied.
func Check(ctx context.Context, pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, files)
	if err != nil {
		return fmt.Errorf("migrations: load: %w", err)
	}
	pending, err := provider.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("migrations: check: %w", err)
	}
	if pending {
		return ErrNotMigrated
	}
	return nil
}
