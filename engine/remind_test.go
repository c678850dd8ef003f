package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestClaimNoticeOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateRequested, withoutWorkers())

	n := claimsWon(t, 8, func(int) (bool, error) {
		return b.e.ClaimNotice(ctx, p.ID, "dm:outline_ready", testApprover)
	})
	require.Equal(t, 1, n, "one replica sends the DM")
	ok, err := b.e.ClaimNotice(ctx, p.ID, "dm:outline_ready", testApprover2)
	require.NoError(t, err)
	require.True(t, ok, "another approver is another notice")
}

func TestWaitingAndApprovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	p1 := b.toDraftReady(t, "first")
	p2 := b.toOutlineReady(t, "second")
	p3 := b.toOutlineReady(t, "third")
	_, err := b.e.Reject(ctx, p3.ID, PhaseOutline, testApprover, []string{"other"}, "")
	require.NoError(t, err)

	q, err := b.e.Queue(ctx, testApprover2, 10)
	require.NoError(t, err)
	require.Equal(t, 2, q.Total)
	require.Len(t, q.Items, 2)
	require.Equal(t, p1.ID, q.Items[0].Piece.ID, "longest waiting first")
	require.Equal(t, p2.ID, q.Items[1].Piece.ID)
	require.NotNil(t, q.Items[0].Draft)
	require.Equal(t, "Acme Ledger", q.Items[0].ClientName)
	require.Equal(t, "https://example.com/report", q.Items[0].Source.URL)
	require.Equal(t, testApprover, q.Items[0].OutlineApproval.Reviewer)
	first, err := b.e.Queue(ctx, testApprover2, 1)
	require.NoError(t, err)
	require.Equal(t, 2, first.Total, "the count covers the pieces not shown")
	require.Len(t, first.Items, 1)
	none, err := b.e.Queue(ctx, testUser, 10)
	require.NoError(t, err)
	require.Empty(t, none.Items, "not an approver: nothing waits for them")
	require.Zero(t, none.Total)

	approvers, err := b.e.Approvers(ctx, p1.ID)
	require.NoError(t, err)
	require.Equal(t, []string{testApprover, testApprover2}, approvers)
	ok, err := b.e.CanApprove(ctx, p1.ID, testUser)
	require.NoError(t, err)
	require.False(t, ok)
	ok, err = b.e.CanApprove(ctx, p1.ID, testApprover2)
	require.NoError(t, err)
	require.True(t, ok)
}

// remindingNotifier is a notifier that also reminds.
type remindingNotifier struct {
	*recordingNotifier
	mu       sync.Mutex
	reminded []reminder
}

type reminder struct {
	user   string
	pieces []int64
}

func (n *remindingNotifier) Remind(_ context.Context, userID string, due []Due) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	r := reminder{user: userID}
	for _, d := range due {
		r.pieces = append(r.pieces, d.PieceID)
	}
	n.reminded = append(n.reminded, r)
	return nil
}

func (n *remindingNotifier) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.reminded)
}

func TestRemindersOncePerWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady, withReminderAfter(time.Hour), withReminding())
	n := b.reminders
	ready := b.clock.Now() // the engine's clock: the piece has been outline_ready since
	waited := func(d time.Duration) { b.clock.Set(ready.Add(d)) }

	require.NoError(t, b.e.runReminders(ctx))
	require.Zero(t, n.count(), "not waiting long enough yet")
	waited(90 * time.Minute)
	require.NoError(t, b.e.runReminders(ctx))
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, []reminder{{testApprover, []int64{p.ID}}, {testApprover2, []int64{p.ID}}}, n.reminded,
		"once per window, one reminder per approver")
	waited(150 * time.Minute)
	require.NoError(t, b.e.runReminders(ctx))
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 4, n.count(), "and again in the next window")
	require.Equal(t, 2, b.count(t, `SELECT count(*) FROM notices WHERE piece_id = $1 AND key = 'remind:outline_ready:2'`, p.ID))

	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, p.ID, StateDraftReady)
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 4, n.count(), "the draft has just arrived")
	require.Len(t, b.e.PeriodicJobs(0), 1)
}

// TestOneReminderListsEveryWaitingPiece: an approver with several pieces waiting too long gets one
// reminder naming them all, longest-waiting first — not one message per piece.
func TestOneReminderListsEveryWaitingPiece(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withReminderAfter(time.Hour), withReminding())
	older, newer := b.toOutlineReady(t, "first"), b.toOutlineReady(t, "second")
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET state_changed_at = $2::timestamptz - interval '5 hours' WHERE id = $1`, older.ID, b.clock.Now())
	require.NoError(t, err)
	_, err = b.pool.Pool.Exec(ctx, `UPDATE pieces SET state_changed_at = $2::timestamptz - interval '4 hours' WHERE id = $1`, newer.ID, b.clock.Now())
	require.NoError(t, err)
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, []reminder{{testApprover, []int64{older.ID, newer.ID}}, {testApprover2, []int64{older.ID, newer.ID}}},
		b.reminders.reminded)
}

// TestSnoozeHoldsTheReminderThenLetsItComeBack: a snoozed reminder is not sent while the snooze
// lasts, comes back once it ends (in the same window), and only for the approver who snoozed.
func TestSnoozeHoldsTheReminderThenLetsItComeBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withReminderAfter(2*time.Hour), withReminding()) // windows longer than the snooze
	p := b.toOutlineReady(t, "brief")
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET state_changed_at = $2::timestamptz - interval '130 minutes' WHERE id = $1`, p.ID, b.clock.Now())
	require.NoError(t, err)
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 2, b.reminders.count())

	until, err := b.e.Snooze(ctx, testApprover, []int64{p.ID}, SnoozeHour)
	require.NoError(t, err)
	require.Equal(t, b.clock.Now().Add(time.Hour), until)
	none, err := b.e.Snooze(ctx, testUser, []int64{p.ID}, SnoozeHour)
	require.NoError(t, err)
	require.True(t, none.IsZero(), "only an approver's reminders can be snoozed")
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 2, b.reminders.count(), "snoozed, and the other approver had theirs this window")

	b.clock.Set(b.clock.Now().Add(61 * time.Minute))
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, reminder{testApprover, []int64{p.ID}}, b.reminders.reminded[2], "back after the snooze")
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 3, b.reminders.count(), "once")
}

func TestSnoozeUntilTomorrowMorningInTheClientsTimeZone(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 3, 10, 15, 30, 0, 0, berlin), time.Date(2026, 3, 11, 9, 0, 0, 0, berlin)},
		{time.Date(2026, 3, 10, 23, 59, 0, 0, berlin), time.Date(2026, 3, 11, 9, 0, 0, 0, berlin)},
		{time.Date(2026, 3, 11, 2, 0, 0, 0, berlin), time.Date(2026, 3, 11, 9, 0, 0, 0, berlin)},
		// The night clocks go forward: still 09:00 local, 23 hours later.
		{time.Date(2026, 3, 28, 9, 0, 0, 0, berlin), time.Date(2026, 3, 29, 9, 0, 0, 0, berlin)},
	} {
		require.Equal(t, tc.want, snoozeUntil(tc.now.UTC(), berlin, SnoozeMorning), "from %s", tc.now)
	}
	ctx := context.Background()
	b, p := setupWithPiece(t, StateRequested, withTimezone("Asia/Tokyo"), withoutWorkers())
	until, err := b.e.Snooze(ctx, testApprover, []int64{p.ID}, SnoozeMorning)
	require.NoError(t, err)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 3, 11, 9, 0, 0, 0, tokyo).Unix(), until.Unix(), "the clock reads 2026-03-10 21:00 in Tokyo")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reminder_snoozes WHERE piece_id = $1 AND user_id = $2
		AND until = $3`, p.ID, testApprover, until))
}

func TestSweepFreesALostRevision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET busy = 'revising', busy_since = $2
		WHERE id = $1`, p.ID, b.clock.Now().Add(-3*time.Hour))
	require.NoError(t, err)
	require.NoError(t, b.e.runReminders(ctx), "a notifier without Remind is fine")
	p, err = b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Empty(t, p.Busy)
	require.Equal(t, Failure{Trouble: Trouble{Cause: CauseLost}, Revision: true}, storedFailure(t, p.Note),
		`worded "Revision failed: it did not finish. …"`)
	_, err = b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err, "the piece can move again")
}

func withReminding() func(*setupConfig) { return func(c *setupConfig) { c.reminding = true } }

func TestSweepFailsALostGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	p := b.request(t, "a brief whose outline job was lost")
	fresh := b.request(t, "a brief still within its job's time")
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET state_changed_at = $2 WHERE id = $1`, p.ID,
		b.clock.Now().Add(-3*time.Hour))
	require.NoError(t, err)
	require.NoError(t, b.e.runReminders(ctx))
	p, err = b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateFailed, p.State)
	require.Equal(t, StateRequested, p.FailedFrom)
	fresh, err = b.e.Piece(ctx, fresh.ID)
	require.NoError(t, err)
	require.Equal(t, StateRequested, fresh.State, "a piece inside its jobs' lifetime is left alone")
	_, err = b.e.Retry(ctx, p.ID, testUser)
	require.NoError(t, err, "the person is offered Retry")
}
