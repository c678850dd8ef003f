package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/database/pgtest"
)

func countRows(t *testing.T, db database.DBTX) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(context.Background(), `SELECT count(*) FROM inbound_events`).Scan(&n))
	return n
}

func insertEnvelope(ctx context.Context, db database.DBTX, id string) error {
	_, err := db.Exec(ctx, `INSERT INTO inbound_events (event_id, kind, payload, holder, lease_until)
		VALUES ($1, 'test', '\x7b7d', 'test', now())`, id)
	return err
}

// TestTransactOnAPool commits what fn wrote, and rolls all of it back when fn fails.
func TestTransactOnAPool(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	boom := errors.New("boom")

	err := database.Transact(ctx, db.Pool, func(tx pgx.Tx) error {
		require.NoError(t, insertEnvelope(ctx, tx, "a"))
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Zero(t, countRows(t, db.Pool), "a failed transaction leaves nothing")

	require.NoError(t, database.Transact(ctx, db.Pool, func(tx pgx.Tx) error { return insertEnvelope(ctx, tx, "b") }))
	require.Equal(t, 1, countRows(t, db.Pool))
}

// TestTransactInsideATransaction is a savepoint: a failure undoes only its own writes, and what it
// wrote commits or rolls back with the caller's transaction.
func TestTransactInsideATransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)

	err := database.Transact(ctx, db.Pool, func(outer pgx.Tx) error {
		require.NoError(t, insertEnvelope(ctx, outer, "outer"))
		err := database.Transact(ctx, outer, func(inner pgx.Tx) error {
			require.NoError(t, insertEnvelope(ctx, inner, "inner-failed"))
			return errors.New("inner fails")
		})
		require.Error(t, err)
		require.Equal(t, 1, countRows(t, outer), "the failed savepoint's row is gone, the caller's stays")
		return database.Transact(ctx, outer, func(inner pgx.Tx) error { return insertEnvelope(ctx, inner, "inner") })
	})
	require.NoError(t, err)
	require.Equal(t, 2, countRows(t, db.Pool))

	err = database.Transact(ctx, db.Pool, func(outer pgx.Tx) error {
		require.NoError(t, database.Transact(ctx, outer, func(inner pgx.Tx) error { return insertEnvelope(ctx, inner, "late") }))
		return errors.New("the caller fails after")
	})
	require.Error(t, err)
	require.Equal(t, 2, countRows(t, db.Pool), "a savepoint's writes roll back with its caller")
}

// TestCollect scans every row a query returns, in its order, and returns the query's own error.
func TestCollect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	for _, id := range []string{"b", "a"} {
		require.NoError(t, insertEnvelope(ctx, db.Pool, id))
	}

	ids, err := database.Collect(ctx, db.Pool, pgx.RowTo[string], `SELECT event_id FROM inbound_events ORDER BY event_id`)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, ids)

	_, err = database.Collect(ctx, db.Pool, pgx.RowTo[string], `SELECT no_such_column FROM inbound_events`)
	require.Error(t, err, "a query Postgres refuses is the caller's error")
}
