// Package database opens mos's Postgres pool and owns the transaction helper every store shares.
// It turns the two failures people hit first — a server that is not there, a schema that is not
// migrated — into messages that say how to fix them.
//
// Transactions follow one convention across the stores:
//
//   - A function that takes a DBTX runs its statements on whatever it is given: the pool, or a
//     caller's transaction it then joins.
//   - A function that must be atomic on its own wraps its statements in Transact, which begins a
//     transaction on a pool and a savepoint inside a caller's transaction, so it is atomic either
//     way and commits with the caller.
//   - A function that only makes sense inside a caller's transaction — it relies on a row lock
//     the caller took, or on being rolled back with the caller's other writes — takes a pgx.Tx
//     and its name ends in Tx (applyTx, takeCapTx, decideTx), as River's InsertTx does.
package database

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/config"
)

// DBTX is what stores need: a pool, a connection or a transaction, so one transaction can span
// several stores and River's InsertTx.
type DBTX interface {
	Beginner
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Beginner starts a transaction: a pool or a connection begins one, a transaction a savepoint.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// ErrNotFound is what stores return when a row does not exist, instead of pgx.ErrNoRows.
var ErrNotFound = errors.New("not found")

// Open connects and pings, so an unreachable server is reported at start, not at first use.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) { return OpenSized(ctx, dsn, 0) }

// OpenSized is Open with at most maxConns connections (0: DATABASE_URL's pool_max_conns, or pgx's
// default). A small pool of its own keeps a latency-critical path (storing an envelope before its
// ack) from queueing behind the connections long handlers hold.
func OpenSized(ctx context.Context, dsn string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL is malformed: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot reach the database at %s (%s); is Postgres running and DATABASE_URL right?",
			config.RedactDatabaseURL(dsn), oneLine(err))
	}
	return pool, nil
}

// oneLine folds pgx's multi-line connection errors so the message stays one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Transact runs fn in a transaction, committing if it returns nil and rolling back otherwise.
// Given a caller's transaction it runs fn in a savepoint of it: a failure rolls back fn's writes
// only, and success leaves them to commit with the caller's.
func Transact(ctx context.Context, db Beginner, fn func(tx pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("database: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("database: commit: %w", err)
	}
	return nil
}

// Collect runs a query on db and scans every row it returns with scan. Its error is pgx's, from
// the query or from a row, for the caller to wrap once with what it was reading.
func Collect[T any](ctx context.Context, db DBTX, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}

// IsUniqueViolation says whether err is Postgres refusing a duplicate key.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
