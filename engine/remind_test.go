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
	b := setup(t, withoutWorkers())
	p := b.request(t, "brief")

	var wg sync.WaitGroup
	claimed := make([]bool, 8)
	for i := range claimed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			claimed[i], err = b.e.ClaimNotice(ctx, p.ID, "dm:outline_ready", testApprover)
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	n := 0
	for _, c := range claimed {
		if c {
			n++
		}
	}
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

	views, err := b.e.Waiting(ctx, testApprover2)
	require.NoError(t, err)
	require.Len(t, views, 2)
	require.Equal(t, p1.ID, views[0].Piece.ID, "longest waiting first")
	require.Equal(t, p2.ID, views[1].Piece.ID)
	require.NotNil(t, views[0].Draft)
	none, err := b.e.Waiting(ctx, testUser)
	require.NoError(t, err)
	require.Empty(t, none, "not an approver: nothing waits for them")

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
	pieceID int64
	users   []string
	waited  time.Duration
}

func (n *remindingNotifier) Remind(_ context.Context, pieceID int64, users []string, waited time.Duration) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.reminded = append(n.reminded, reminder{pieceID, users, waited})
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
	b := setup(t, withReminderAfter(time.Hour), withReminding())
	p := b.toOutlineReady(t, "brief")
	n := b.reminders
	ready := b.clock.Now() // the engine's clock: the piece has been outline_ready since
	waited := func(d time.Duration) { b.clock.Set(ready.Add(d)) }

	require.NoError(t, b.e.runReminders(ctx))
	require.Zero(t, n.count(), "not waiting long enough yet")
	waited(90 * time.Minute)
	require.NoError(t, b.e.runReminders(ctx))
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, []reminder{{p.ID, []string{testApprover, testApprover2}, 90 * time.Minute}}, n.reminded,
		"once per window, with how long it waited")
	waited(150 * time.Minute)
	require.NoError(t, b.e.runReminders(ctx))
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 2, n.count(), "and again in the next window")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM notices WHERE piece_id = $1 AND key = 'remind:outline_ready:2'`, p.ID))

	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, p.ID, StateDraftReady)
	require.NoError(t, b.e.runReminders(ctx))
	require.Equal(t, 2, n.count(), "the draft has just arrived")
	require.Len(t, b.e.PeriodicJobs(0), 1)
}

func TestSweepFreesALostRevision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	p := b.toOutlineReady(t, "brief")
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET busy = 'revising', busy_since = $2
		WHERE id = $1`, p.ID, b.clock.Now().Add(-3*time.Hour))
	require.NoError(t, err)
	require.NoError(t, b.e.runReminders(ctx), "a notifier without Remind is fine")
	p, err = b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Empty(t, p.Busy)
	require.Contains(t, p.Note, "Revision failed: it did not finish")
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
