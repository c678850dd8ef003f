package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// TestStatesMatchTheDatabase: the states in Go are exactly those pieces.state's CHECK constraint
// allows, and every one of them can be stored.
func TestStatesMatchTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	var def string
	require.NoError(t, b.pool.Pool.QueryRow(ctx, `SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
		WHERE c.conrelid = 'pieces'::regclass AND c.contype = 'c' AND a.attname = 'state'`).Scan(&def))
	var inDB []string
	for _, m := range regexp.MustCompile(`'([a-z_]+)'`).FindAllStringSubmatch(def, -1) {
		inDB = append(inDB, m[1])
	}
	slices.Sort(inDB)
	inGo := stateNames(States)
	slices.Sort(inGo)
	require.Equal(t, inDB, inGo, "pieces.state CHECK (%s) and engine.States disagree", def)

	p := b.request(t, "every state stores")
	for _, s := range States {
		_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET state = $2 WHERE id = $1`, p.ID, string(s))
		require.NoError(t, err, "state %s", s)
	}
	_, err := b.pool.Pool.Exec(ctx, `UPDATE pieces SET state = 'archived' WHERE id = $1`, p.ID)
	require.Error(t, err, "a name outside the lifecycle is refused by the database")
}

// TestLifecycleTableIsWhole: every move names known states and roles, every state is reached from
// a piece's creation, every state that is not final can be left, and a person's action is
// unambiguous in each state.
func TestLifecycleTableIsWhole(t *testing.T) {
	t.Parallel()
	reached := map[State]bool{}
	for _, m := range lifecycle {
		require.True(t, m.From == "" || slices.Contains(States, m.From), "move %+v", m)
		require.Contains(t, States, m.To, "move %+v", m)
		require.Contains(t, []Role{RoleRequester, RoleApprover, RoleSystem}, m.Who, "move %+v", m)
		if m.From == "" {
			reached[m.To] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, m := range lifecycle {
			if reached[m.From] && !reached[m.To] {
				reached[m.To], changed = true, true
			}
		}
	}
	for _, s := range States {
		require.True(t, reached[s], "no move leads to %s", s)
	}
	require.Equal(t, []State{StatePublished, StateRejected, StateCancelled}, finalStates())
	seen := map[string]bool{}
	for _, m := range lifecycle {
		if m.Who == RoleSystem || m.From == "" {
			continue
		}
		key := fmt.Sprintf("%s/%s/%s", m.From, m.Action, m.To)
		if m.Action != ActionRetry {
			key = fmt.Sprintf("%s/%s", m.From, m.Action)
		}
		require.False(t, seen[key], "two rows for %s", key)
		seen[key] = true
	}
}

// TestEveryMoveAppliesAsTheTableSays walks the table: each move, made through the engine's own
// entry point on a piece in its From state, lands in To, records the review and queues the job the
// table names, and cannot be made twice.
func TestEveryMoveAppliesAsTheTableSays(t *testing.T) {
	t.Parallel()
	b := setup(t, withoutWorkers(), withCap(100))
	for _, m := range lifecycle {
		t.Run(fmt.Sprintf("%s_%s_from_%s", m.Action, m.Phase, m.From), func(t *testing.T) {
			var p Piece
			var err error
			var before map[string]int
			if m.From == "" {
				before = b.jobCounts(t, 0)
				p, err = b.create(t, m)
			} else {
				p = b.placeAt(t, m.From, m.To)
				if m.InTrouble {
					p = b.inTrouble(t, p)
				}
				if m.Who != RoleSystem {
					require.Contains(t, b.offers(t, p.ID), Offer{Action: m.Action, Phase: m.Phase,
						Version: b.latest(t, p.ID, m.Phase), Who: m.Who}, "the view offers the move")
				}
				before = b.jobCounts(t, p.ID)
				if m.Who == RoleApprover {
					require.ErrorIs(t, b.makeMove(t, p.ID, m, testUser), clientos.ErrNotApprover, "only approvers")
				}
				err = b.makeMove(t, p.ID, m, testApprover)
				p, _ = b.e.Piece(context.Background(), p.ID)
			}
			require.NoError(t, err)
			require.Equal(t, m.To, p.State)
			wantReviews := 0
			if m.Review != "" {
				wantReviews = 1
			}
			require.Equal(t, wantReviews, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = $2
				AND phase = $3`, p.ID, m.Review, m.Phase), "review %q", m.Review)
			require.Equal(t, wantReviews, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID))
			after := b.jobCounts(t, p.ID)
			if m.From == "" {
				after = b.jobCounts(t, 0)
			}
			for _, job := range []Job{JobOutline, JobDraft, JobRevise} {
				want := before[jobKinds[job]]
				if job == m.Job {
					want++
				}
				require.Equal(t, want, after[jobKinds[job]], "%s jobs", job)
			}
			if m.From != "" && (m.To != m.From || m.Job != JobNone) {
				var stale *StaleError
				require.True(t, errors.As(b.makeMove(t, p.ID, m, testApprover), &stale), "the same move again is refused")
			}
		})
	}
}

// TestNoMoveOutsideTheTable: a person's action on a piece in any state the table has no row for
// it is refused with a *StaleError, and changes nothing.
func TestNoMoveOutsideTheTable(t *testing.T) {
	t.Parallel()
	b := setup(t, withoutWorkers(), withCap(100))
	for _, m := range lifecycle {
		if m.Who == RoleSystem || m.From == "" {
			continue
		}
		for _, s := range States {
			if s == m.From {
				continue
			}
			t.Run(fmt.Sprintf("%s_%s_from_%s", m.Action, m.Phase, s), func(t *testing.T) {
				p := b.placeAt(t, s, StateRequested)
				for _, o := range b.offers(t, p.ID) {
					require.False(t, o.Action == m.Action && o.Phase == m.Phase, "the view offers %s %s in %s", m.Action, m.Phase, s)
				}
				var stale *StaleError
				require.True(t, errors.As(b.makeMove(t, p.ID, m, testApprover), &stale))
				got, err := b.e.Piece(context.Background(), p.ID)
				require.NoError(t, err)
				require.Equal(t, s, got.State)
				require.Zero(t, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1`, p.ID))
			})
		}
	}
}

// TestViewOffersExactlyTheTable: in every state the view offers people exactly the moves the table
// lets a person make from it (a failed piece only the retry that resumes where it failed), each
// on the latest version of its phase, and nothing while a revision is being written.
func TestViewOffersExactlyTheTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers(), withCap(100))
	for _, s := range States {
		for _, resume := range []State{StateRequested, StateOutlineApproved} {
			p := b.placeAt(t, s, resume)
			var want []Offer
			for _, m := range lifecycle {
				if m.From == s && m.Who != RoleSystem && (m.Action != ActionRetry || m.To == resume) && !m.InTrouble {
					want = append(want, Offer{Action: m.Action, Phase: m.Phase, Version: b.latest(t, p.ID, m.Phase), Who: m.Who})
				}
			}
			require.Equal(t, want, b.offers(t, p.ID), "state %s", s)
		}
	}
	for _, s := range States {
		p := b.inTrouble(t, b.placeAt(t, s, StateRequested))
		var want []Offer
		for _, m := range lifecycle {
			if m.From == s && m.Who != RoleSystem && (m.Action != ActionRetry || m.To == StateRequested) {
				want = append(want, Offer{Action: m.Action, Phase: m.Phase, Version: b.latest(t, p.ID, m.Phase), Who: m.Who})
			}
		}
		require.Equal(t, want, b.offers(t, p.ID), "state %s with its generation in trouble", s)
	}
	p := b.placeAt(t, StateDraftReady, StateRequested)
	require.NotEmpty(t, b.offers(t, p.ID))
	require.NoError(t, b.e.Revise(ctx, p.ID, PhaseDraft, testUser, "shorter"))
	require.Empty(t, b.offers(t, p.ID), "nothing is offered while the revision is written")
}

// inTrouble marks the piece's generation as retrying after a failed attempt of its job.
func (b *bundle) inTrouble(t *testing.T, p Piece) Piece {
	t.Helper()
	ctx := context.Background()
	jobID := int64(b.count(t, `SELECT coalesce(max(id), 0) FROM river_job WHERE (args->>'piece_id')::bigint = $1`, p.ID))
	tr, err := json.Marshal(Trouble{Cause: CauseServerError, Status: 500, Attempt: 1, MaxAttempts: 3,
		Wait: 10 * time.Second, Since: b.clock.Now(), JobID: jobID})
	require.NoError(t, err)
	_, err = b.pool.Pool.Exec(ctx, `UPDATE pieces SET trouble = $2 WHERE id = $1`, p.ID, tr)
	require.NoError(t, err)
	got, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	return got
}

// offers is what the view of a piece offers people.
func (b *bundle) offers(t *testing.T, id int64) []Offer {
	t.Helper()
	v, err := b.e.PieceView(context.Background(), id)
	require.NoError(t, err)
	return v.Actions
}

// latest is the newest version number of a phase, 0 before the first.
func (b *bundle) latest(t *testing.T, id int64, phase string) int {
	t.Helper()
	return b.count(t, `SELECT coalesce(max(version), 0) FROM piece_versions WHERE piece_id = $1 AND phase = $2`, id, phase)
}

var jobKinds = map[Job]string{JobOutline: OutlineArgs{}.Kind(), JobDraft: DraftArgs{}.Kind(), JobRevise: ReviseArgs{}.Kind()}

// jobCounts counts queued jobs by kind for a piece (every piece when id is 0).
func (b *bundle) jobCounts(t *testing.T, id int64) map[string]int {
	t.Helper()
	rows, err := b.pool.Pool.Query(context.Background(), `SELECT kind, count(*) FROM river_job
		WHERE $1 = 0 OR (args->>'piece_id')::bigint = $1 GROUP BY kind`, id)
	require.NoError(t, err)
	counts := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		require.NoError(t, rows.Scan(&kind, &n))
		counts[kind] = n
	}
	require.NoError(t, rows.Err())
	return counts
}

// placeAt makes a piece that sits in state s with an outline and a draft version and no reviews;
// a failed piece failed from resume.
func (b *bundle) placeAt(t *testing.T, s, resume State) Piece {
	t.Helper()
	ctx := context.Background()
	// The walk makes more pieces than any cap allows; the cap is not what it walks.
	_, err := b.pool.Pool.Exec(ctx, `DELETE FROM cap_usage`)
	require.NoError(t, err)
	p := b.request(t, "walk the lifecycle")
	outline, err := json.Marshal(testOutline("Finance Ops"))
	require.NoError(t, err)
	for phase, content := range map[string]string{PhaseOutline: string(outline), PhaseDraft: testDraft} {
		_, err := insertVersion(ctx, b.pool.Pool, Version{PieceID: p.ID, Phase: phase, Content: content,
			AuthorKind: AuthorAI, Author: "fake-model"})
		require.NoError(t, err)
	}
	var failedFrom *string
	if s == StateFailed {
		r := string(resume)
		failedFrom = &r
	}
	_, err = b.pool.Pool.Exec(ctx, `UPDATE pieces SET state = $2, failed_from = $3 WHERE id = $1`, p.ID, string(s), failedFrom)
	require.NoError(t, err)
	got, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	return got
}

// create makes a creating move through its entry point.
func (b *bundle) create(t *testing.T, m Move) (Piece, error) {
	t.Helper()
	ctx := context.Background()
	switch m.Action {
	case ActionRequest:
		return b.e.RequestDraft(ctx, DraftRequest{ChannelID: testChannel, UserID: testUser, Input: draftInput("new")})
	case ActionLog:
		return b.e.LogHumanPiece(ctx, testChannel, testUser, "https://example.com/human-post", "")
	}
	t.Fatalf("no entry point creates a piece by %s", m.Action)
	return Piece{}, nil
}

// makeMove makes move m on a piece through the entry point people (or jobs) use, as actor.
func (b *bundle) makeMove(t *testing.T, id int64, m Move, actor string) error {
	t.Helper()
	ctx := context.Background()
	var err error
	switch m.Action {
	case ActionApprove:
		_, err = b.e.Approve(ctx, id, m.Phase, actor)
	case ActionReject:
		_, err = b.e.Reject(ctx, id, m.Phase, actor, []string{"generic_angle"}, "")
	case ActionEdit:
		text := "A person's own words."
		if m.Phase == PhaseOutline {
			o := testOutline("Finance Ops")
			o.Hook = text
			text = OutlineText(o)
		}
		_, err = b.e.Edit(ctx, id, m.Phase, actor, text, 0)
	case ActionRevise:
		err = b.e.Revise(ctx, id, m.Phase, actor, "shorter")
	case ActionRetry:
		_, err = b.e.Retry(ctx, id, actor)
	case ActionRetryNow:
		err = b.e.RetryNow(ctx, id, m.Phase, actor)
	case ActionCancel:
		_, err = b.e.Cancel(ctx, id, m.Phase, actor)
	case ActionPublish:
		_, err = b.e.MarkPublished(ctx, id, actor, fmt.Sprintf("https://example.com/post/%d", id), time.Time{})
	case ActionSoundsLikeUs:
		_, err = b.e.MarkSoundsLikeUs(ctx, id, actor)
	case ActionWriteOutline, ActionWriteDraft:
		err = database.Transact(ctx, b.pool.Pool, func(tx pgx.Tx) error {
			_, err := b.e.applyTx(ctx, tx, id, m, moveInput{})
			return err
		})
	case ActionFail:
		err = database.Transact(ctx, b.pool.Pool, func(tx pgx.Tx) error {
			_, err := b.e.failTx(ctx, tx, id, m.From, Failure{Trouble: Trouble{Cause: CauseServerError, Status: 500, Attempt: 3}})
			return err
		})
	default:
		t.Fatalf("no entry point makes %s", m.Action)
	}
	return err
}
