package engine

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
)

// MaxInstructionChars bounds what a person asks a revision to change (runes).
const MaxInstructionChars = 2000

// ReviseArgs is the River job that rewrites the latest version of a phase as a person asked.
type ReviseArgs struct {
	PieceID     int64  `json:"piece_id"`
	Phase       string `json:"phase"`
	BaseVersion int    `json:"base_version"` // the version being revised; a job for an older one does nothing
	Instruction string `json:"instruction"`
	RequestedBy string `json:"requested_by"`
}

// Kind names the job in River's tables.
func (ReviseArgs) Kind() string { return "engine_revise" }

// Revise asks the model to rewrite the latest version of a phase — a person's edits included — as
// userID asks. Anyone may ask; it does not count against the daily cap. The piece must be waiting
// for that phase's decision; in one transaction it is marked busy (Busy = BusyRevising, so the
// message can say so and its buttons wait), the request is recorded as a review, and the revise
// job is queued. A second Revise (or any decision) while busy gets a *StaleError with Busy set.
// An empty or too long instruction is a *UserError (field "instruction").
func (e *Engine) Revise(ctx context.Context, pieceID int64, phase, userID, instruction string) error {
	m, err := phaseMove(ActionRevise, phase)
	if err != nil {
		return err
	}
	instruction = clientos.CleanText(instruction, true)
	if instruction == "" {
		return &UserError{Field: "instruction", Problem: ProblemMissing}
	}
	if n := utf8.RuneCountInString(instruction); n > MaxInstructionChars {
		return tooLong("instruction", n, MaxInstructionChars)
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		_, err := e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID, Review: Review{Comment: instruction}})
		return err
	})
	if err != nil {
		return err
	}
	e.log.InfoContext(ctx, phase+" revision requested", "piece_id", pieceID, "user_id", userID)
	_ = e.notify(ctx, pieceID)
	return nil
}

// enqueueReviseTx queues the revise job for the latest version of the phase, in the transaction
// that marked the piece busy.
func (e *Engine) enqueueReviseTx(ctx context.Context, tx pgx.Tx, pieceID int64, phase, userID, instruction string) error {
	cur, err := latestVersion(ctx, tx, pieceID, phase)
	if err != nil {
		return fmt.Errorf("engine: revise piece %d: %w", pieceID, err)
	}
	args := ReviseArgs{PieceID: pieceID, Phase: phase, BaseVersion: cur.Version, Instruction: instruction, RequestedBy: userID}
	return e.enqueueTx(ctx, tx, args, fmt.Sprintf("revision of piece %d", pieceID))
}

// runRevise is one attempt of the revise job. It does nothing for a piece that is no longer
// waiting on this revision. A refused revision (the pinned lines could not be put back) adds no
// version and leaves a note; a failed attempt is shown on the piece while it is retried, and a
// revision that gives up returns the piece to its ready state with a note, keeping the previous
// version — it does not fail the piece.
func (e *Engine) runRevise(ctx context.Context, a ReviseArgs, at jobAttempt) error {
	start := time.Now()
	defer e.timeStep(PurposeRevise, start)
	p, err := getPiece(ctx, e.pool, a.PieceID)
	switch {
	case errors.Is(err, database.ErrNotFound):
		return river.JobCancel(err)
	case err != nil:
		return e.reviseFailed(ctx, a, Piece{ID: a.PieceID}, at, nil, err)
	}
	gctx, cancel := e.withBudget(ctx, p)
	defer cancel()
	sink := e.revisionSink(ctx, p, a)
	defer abandon(ctx, sink) // a no-op once PieceChanged showed the stored revision
	rev, calls, err := e.generateRevision(gctx, p, a, e.leasedText(gctx, sink))
	switch {
	case errors.Is(err, errRevisionStale):
		e.metrics.steps.WithLabelValues(PurposeRevise, "skipped").Inc()
		return e.notify(ctx, a.PieceID)
	case err == nil:
		err = e.finishRevision(ctx, a, rev, calls)
	}
	if err != nil {
		e.endShowing(ctx, sink, err)
		return e.reviseFailed(ctx, a, p, at, calls, err)
	}
	result := "ok"
	if rev.refused != nil {
		result = "refused"
	}
	e.metrics.steps.WithLabelValues(PurposeRevise, result).Inc()
	e.log.InfoContext(ctx, "revision done", "piece_id", a.PieceID, "result", result, "calls", len(calls),
		"latency_ms", time.Since(start).Milliseconds())
	return e.notify(ctx, a.PieceID)
}

// errRevisionStale means the piece is no longer waiting on this revision.
var errRevisionStale = errors.New("engine: revision no longer wanted")

// finishRevision stores the revision (or the refusal note) and frees the piece, in one transaction
// with the model calls — only if the piece is still busy with this very revision.
func (e *Engine) finishRevision(ctx context.Context, a ReviseArgs, rev revision, calls []generate.Call) error {
	return database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := recordLeasedCallsTx(ctx, tx, a.PieceID, calls); err != nil {
			return err
		}
		note := ""
		if rev.refused != nil {
			note = Notice{Kind: NoticeRevisionRefused, Refusal: rev.refused}.stored()
		}
		ok, err := releaseRevision(ctx, tx, a, note, rev.pillar)
		if err != nil || !ok || rev.refused != nil {
			return err
		}
		_, err = insertVersion(ctx, tx, rev.version)
		return err
	})
}

// releaseRevision clears busy and sets the note (and, for outlines, the pillar) if the piece is
// still in the phase's ready state, busy, and at the version this job revises.
func releaseRevision(ctx context.Context, db database.DBTX, a ReviseArgs, note, pillar string) (bool, error) {
	ready, err := readyState(a.Phase)
	if err != nil {
		return false, err
	}
	tag, err := db.Exec(ctx, `UPDATE pieces SET busy = '', busy_since = NULL, note = $3, trouble = NULL,
		pillar = CASE WHEN $4 = '' THEN pillar ELSE $4 END, updated_at = now()
		WHERE id = $1 AND state = $2 AND busy = $7
		AND (SELECT max(version) FROM piece_versions WHERE piece_id = $1 AND phase = $5) = $6`,
		a.PieceID, string(ready), note, pillar, a.Phase, a.BaseVersion, BusyRevising)
	if err != nil {
		return false, fmt.Errorf("engine: release revision of piece %d: %w", a.PieceID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// reviseFailed handles a failed revise attempt (see jobFailed): when it gives up, the piece is
// freed with a note saying why the revision failed and that the previous version is kept — it
// does not fail the piece.
func (e *Engine) reviseFailed(ctx context.Context, a ReviseArgs, p Piece, at jobAttempt, calls []generate.Call, cause error) error {
	ready, err := readyState(a.Phase)
	if err != nil {
		return river.JobCancel(err)
	}
	return e.jobFailed(ctx, jobFailure{
		name:  PurposeRevise,
		err:   fmt.Errorf("engine: revise piece %d: %w", a.PieceID, cause),
		state: ready,
		busy:  BusyRevising,
		giveUpTx: func(ctx context.Context, tx pgx.Tx, t Trouble) error {
			f := e.failureAfter(t)
			f.Revision = true
			_, err := releaseRevision(ctx, tx, a, f.stored(), "")
			return err
		},
	}, p, at, calls, cause)
}
