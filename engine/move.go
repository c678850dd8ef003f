package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// moveInput is what a move records besides the state: who makes it, and the data its review,
// failure, publication or job carries.
type moveInput struct {
	Actor string // the person; "" for the system's moves
	// Review carries a rejection's failure modes and comment, or a revision's instruction (as the
	// comment); its phase, decision and reviewer come from the move.
	Review    Review
	Reason    string       // why a generation failed: a Failure as stored (Failure.stored)
	Pillar    string       // the pillar an outline edit settles on; "" keeps the piece's
	Published *publication // where and when the piece went live
	// Trouble is what the piece shows of its generation's trouble after the move; nil clears it.
	Trouble *Trouble
}

// publication is where and when a piece went live.
type publication struct {
	URL string
	Day time.Time // midnight UTC of the publication date
	URN string    // urn:li:activity:<id>, or ""
}

// applyTx makes move m on piece id inside the caller's transaction: one conditional UPDATE, then
// the review row m records and the job m queues. The UPDATE only matches a piece that is in
// m.From, not busy, and — for an approver's move — whose client counts in.Actor among its
// approvers; a failed piece only resumes the state it failed from. When it matches nothing the
// piece had moved on (a *StaleError naming where it is now), or the actor may not make the move
// (clientos.ErrNotApprover); the caller's transaction then rolls back whatever it did before.
func (e *Engine) applyTx(ctx context.Context, tx pgx.Tx, id int64, m Move, in moveInput) (Piece, error) {
	if m.From == "" {
		return Piece{}, fmt.Errorf("engine: %s creates a piece; it cannot move piece %d", m.Action, id)
	}
	var failedFrom *string
	if m.To == StateFailed {
		from := string(m.From)
		failedFrom = &from
	}
	busy := ""
	if m.Job == JobRevise {
		busy = BusyRevising
	}
	var trouble []byte
	if in.Trouble != nil {
		var err error
		if trouble, err = json.Marshal(in.Trouble); err != nil {
			return Piece{}, fmt.Errorf("engine: encode trouble: %w", err)
		}
	}
	var pubURL, pubURN *string
	var pubDay *time.Time
	if pb := in.Published; pb != nil {
		pubURL, pubDay, pubURN = &pb.URL, &pb.Day, &pb.URN
	}
	p, err := scanPiece(tx.QueryRow(ctx, `UPDATE pieces SET state = $3,
			state_changed_at = CASE WHEN state = $3 THEN state_changed_at ELSE $13 END,
			note = '', busy = $4, busy_since = CASE WHEN $4 = '' THEN NULL ELSE $13::timestamptz END,
			pillar = CASE WHEN $5 = '' THEN pillar ELSE $5 END,
			failed_from = $6, failure_reason = $7,
			published_url = coalesce($8::text, published_url), published_at = coalesce($9::date, published_at),
			activity_urn = CASE WHEN $8::text IS NULL THEN activity_urn ELSE nullif($10::text, '') END,
			trouble = $14, updated_at = now()
		WHERE id = $1 AND state = $2 AND busy = '' AND (failed_from IS NULL OR failed_from = $3)
			AND (NOT $11::bool OR EXISTS (SELECT 1 FROM approvers a
				WHERE a.client_id = pieces.client_id AND a.user_id = $12))
		RETURNING `+pieceColumns,
		id, string(m.From), string(m.To), busy, in.Pillar, failedFrom, in.Reason, pubURL, pubDay, pubURN,
		m.Who == RoleApprover, in.Actor, e.now(), trouble))
	if errors.Is(err, database.ErrNotFound) {
		return e.refusedMoveTx(ctx, tx, id, m, in.Actor)
	}
	if err != nil {
		return p, fmt.Errorf("engine: piece %d %s → %s: %w", id, m.From, m.To, err)
	}
	return p, e.recordMoveTx(ctx, tx, p, m, in)
}

// refusedMoveTx says why applyTx matched nothing: the piece is missing, the actor is not an
// approver, or the piece is no longer where the move starts.
func (e *Engine) refusedMoveTx(ctx context.Context, tx pgx.Tx, id int64, m Move, actor string) (Piece, error) {
	cur, err := getPiece(ctx, tx, id)
	if err != nil {
		return cur, err
	}
	if m.Who == RoleApprover {
		if err := clientos.RequireApprover(ctx, tx, cur.ClientID, actor); err != nil {
			return cur, err
		}
	}
	return cur, &StaleError{PieceID: id, Want: m.From, State: cur.State, Busy: cur.Busy}
}

// recordMoveTx writes what a move leaves besides the piece row — its review, its job and the
// piece's quality record — inside the caller's transaction. Moves that create a piece call it after their INSERT.
func (e *Engine) recordMoveTx(ctx context.Context, tx pgx.Tx, p Piece, m Move, in moveInput) error {
	if m.Review != "" {
		r := in.Review
		r.Phase, r.Decision, r.Reviewer = m.Phase, m.Review, in.Actor
		if err := insertReviewNote(ctx, tx, p.ID, r); err != nil {
			return err
		}
	}
	if err := e.enqueueJobTx(ctx, tx, p, m, in); err != nil {
		return err
	}
	return refreshQualityTx(ctx, tx, p.ID)
}

// enqueueJobTx queues the job move m starts, if any.
func (e *Engine) enqueueJobTx(ctx context.Context, tx pgx.Tx, p Piece, m Move, in moveInput) error {
	switch m.Job {
	case JobNone:
		return nil
	case JobOutline:
		return e.enqueueOutlineTx(ctx, tx, p.ID)
	case JobDraft:
		return e.enqueueDraftTx(ctx, tx, p)
	case JobRevise:
		return e.enqueueReviseTx(ctx, tx, p.ID, m.Phase, in.Actor, in.Review.Comment)
	}
	return fmt.Errorf("engine: unknown job %q", m.Job)
}

// loadFor loads a piece for a person about to make move m and, in the same query, whether they
// are one of its client's approvers: an approver's move by anyone else is clientos.ErrNotApprover
// before any input is looked at. applyTx checks again under the row lock.
func loadFor(ctx context.Context, db database.DBTX, id int64, m Move, userID string) (Piece, error) {
	var ok bool
	p, err := scanPiece(db.QueryRow(ctx, `SELECT `+pieceColumns+`, EXISTS (SELECT 1 FROM approvers a
		WHERE a.client_id = pieces.client_id AND a.user_id = $2) FROM pieces WHERE id = $1`, id, userID), &ok)
	if err != nil {
		return p, fmt.Errorf("engine: load piece %d: %w", id, err)
	}
	if m.Who == RoleApprover && !ok {
		return p, clientos.ErrNotApprover
	}
	return p, nil
}

// loadForPhase finds the move of action on a phase and loads the piece for userID to make it
// (loadFor): how a person's decision on an outline or a draft begins.
func loadForPhase(ctx context.Context, db database.DBTX, id int64, a Action, phase, userID string) (Move, Piece, error) {
	m, err := phaseMove(a, phase)
	if err != nil {
		return m, Piece{}, err
	}
	p, err := loadFor(ctx, db, id, m, userID)
	return m, p, err
}

// failTx marks a piece whose generation failed for good: from → failed, with why stored as data
// (StoredFailure) for the adapters to word; Retry resumes at from. A piece that moved on meanwhile
// is left alone (*StaleError).
func (e *Engine) failTx(ctx context.Context, tx pgx.Tx, id int64, from State, f Failure) (Piece, error) {
	for _, m := range movesFrom(from) {
		if m.Action == ActionFail {
			return e.applyTx(ctx, tx, id, m, moveInput{Reason: f.stored()})
		}
	}
	return Piece{}, fmt.Errorf("engine: no generation runs while a piece is %s", from)
}
