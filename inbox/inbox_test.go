package inbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/inbox"
)

func ev(id string) inbox.Event {
	return inbox.Event{ID: id, Kind: "slash_commands", Payload: []byte(`{"command":"/draft"}`)}
}

// put stores the event id with store and says whether it was new.
func put(t *testing.T, store *inbox.Store, id string) (fresh bool) {
	t.Helper()
	fresh, err := store.Put(context.Background(), ev(id))
	require.NoError(t, err)
	return fresh
}

// claim has store claim the event id and requires that it took it (want) or did not; it returns
// the event taken.
func claim(t *testing.T, store *inbox.Store, id string, want bool, msgAndArgs ...any) inbox.Event {
	t.Helper()
	got, ok, err := store.Claim(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, want, ok, msgAndArgs...)
	return got
}

// TestPutOnceClaimHandleDone: an event is stored once however often it arrives; the replica that
// stored it takes it, another live one cannot, and a finished event is not taken again.
func TestPutOnceClaimHandleDone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a := inbox.New(db.Pool, inbox.Config{Holder: "a"})
	b := inbox.New(db.Pool, inbox.Config{Holder: "b"})

	fresh := put(t, a, "E1")
	require.True(t, fresh)
	fresh = put(t, b, "E1")
	require.False(t, fresh, "the copy another replica received is recognised")

	claim(t, b, "E1", false, "a live replica's event is not taken over")
	got := claim(t, a, "E1", true)
	require.Equal(t, "slash_commands", got.Kind)
	require.JSONEq(t, `{"command":"/draft"}`, string(got.Payload))
	require.Equal(t, 1, got.Attempts)

	require.NoError(t, a.Done(ctx, "E1"))
	claim(t, a, "E1", false, "a finished event is not handled again")
	n, err := a.Pending(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
}

// TestOrphanTakenOverAfterLease: an event whose replica stopped renewing is listed as an orphan once
// its lease ran out, and another replica takes it, once.
func TestOrphanTakenOverAfterLease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	dead := inbox.New(db.Pool, inbox.Config{Holder: "dead", Lease: 50 * time.Millisecond})
	live := inbox.New(db.Pool, inbox.Config{Holder: "live"})
	other := inbox.New(db.Pool, inbox.Config{Holder: "other"})
	put(t, dead, "E2")
	_, _, err := dead.Claim(ctx, "E2")
	require.NoError(t, err)

	require.Eventually(t, func() bool {
		ids, err := live.Orphans(ctx, 10)
		require.NoError(t, err)
		return len(ids) == 1 && ids[0] == "E2"
	}, 10*time.Second, 20*time.Millisecond)
	got := claim(t, live, "E2", true)
	require.Equal(t, 2, got.Attempts)
	claim(t, other, "E2", false, "one replica takes an orphan over")
	held, err := dead.Renew(ctx, "E2")
	require.NoError(t, err)
	require.False(t, held, "the replica that lost the lease learns it")
	ids, err := live.Orphans(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, ids, "a taken-over event is no orphan")
}

// TestReleaseHandsOverAtOnce: a stopping replica gives an event back and another takes it without
// waiting for the lease.
func TestReleaseHandsOverAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a := inbox.New(db.Pool, inbox.Config{Holder: "a", Lease: time.Hour})
	b := inbox.New(db.Pool, inbox.Config{Holder: "b"})
	put(t, a, "E3")
	require.NoError(t, a.Release(ctx, "E3"))
	claim(t, b, "E3", true)
}

// TestGivenUpAfterMaxAttempts: an event that never finishes is given up after its attempts, not
// handled for ever.
func TestGivenUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a := inbox.New(db.Pool, inbox.Config{Holder: "a", MaxAttempts: 2})
	put(t, a, "E4")
	for range 2 {
		claim(t, a, "E4", true)
	}
	_, ok, err := a.Claim(ctx, "E4")
	require.ErrorIs(t, err, inbox.ErrGaveUp)
	require.False(t, ok)
	var outcome string
	require.NoError(t, db.Pool.QueryRow(ctx, `SELECT outcome FROM inbound_events WHERE event_id = 'E4'`).Scan(&outcome))
	require.Equal(t, "gave_up", outcome)
	claim(t, a, "E4", false)
}

// TestPruneForgetsFinishedAfterADay: finished events are forgotten a day later; unfinished ones never.
func TestPruneForgetsFinishedAfterADay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a := inbox.New(db.Pool, inbox.Config{Holder: "a"})
	for _, id := range []string{"old", "recent", "open"} {
		put(t, a, id)
	}
	require.NoError(t, a.Done(ctx, "old"))
	require.NoError(t, a.Done(ctx, "recent"))
	_, err := db.Pool.Exec(ctx, `UPDATE inbound_events SET done_at = now() - interval '25 hours' WHERE event_id = 'old'`)
	require.NoError(t, err)
	_, err = db.Pool.Exec(ctx, `UPDATE inbound_events SET received_at = now() - interval '3 days' WHERE event_id = 'open'`)
	require.NoError(t, err)
	require.NoError(t, a.Prune(ctx))
	var ids []string
	rows, err := db.Pool.Query(ctx, `SELECT event_id FROM inbound_events ORDER BY event_id`)
	require.NoError(t, err)
	for rows.Next() {
		var id string
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []string{"open", "recent"}, ids)
}

// TestPayloadKeptByteForByte: an envelope whose text holds what jsonb refuses (\u0000) or odd
// escapes is stored and returned exactly as it arrived.
func TestPayloadKeptByteForByte(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a := inbox.New(db.Pool, inbox.Config{Holder: "a"})
	raw := []byte(`{"text":"a\u0000b \u001b[31mred\u001b[0m \u202e","n":1}`)
	_, err := a.Put(ctx, inbox.Event{ID: "E5", Kind: "slash_commands", Payload: raw})
	require.NoError(t, err)
	got := claim(t, a, "E5", true)
	require.Equal(t, raw, got.Payload)
}
