package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/migrations"
)

// configError is a missing or malformed environment variable; it exits 2 with one line.
type configError struct{ err error }

func (e configError) Error() string { return e.err.Error() }

func loadConfig(need config.Need) (config.Config, error) {
	c, err := config.Load(need)
	if err != nil {
		return c, configError{err}
	}
	return c, nil
}

// openMigrated opens the database and refuses to go on if the schema is missing or behind.
func openMigrated(ctx context.Context, c config.Config) (*pgxpool.Pool, error) {
	pool, err := database.Open(ctx, c.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := migrations.Check(ctx, pool); err != nil {
		pool.Close()
		if errors.Is(err, migrations.ErrNotMigrated) {
			return nil, fmt.Errorf("the database at %s is not migrated (or is behind this mos): run \"mos migrate\" first",
				config.RedactDatabaseURL(c.DatabaseURL))
		}
		return nil, err
	}
	return pool, nil
}
