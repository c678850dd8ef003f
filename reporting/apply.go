package reporting

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// ErrStale is what a *StaleError unwraps to.
var ErrStale = errors.New("stale proposal")

// StaleError refuses a proposal whose document changed after it was made: applying it would undo
// that change. The proposal is marked stale.
type StaleError struct {
	ProposalID int64
	Document   string
	Base       int // the version the proposal was made against
	Current    int // the document's version now
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("reporting: proposal #%d was made against %s v%d, but %s is now v%d",
		e.ProposalID, e.Document, e.Base, e.Document, e.Current)
}

func (e *StaleError) Unwrap() error { return ErrStale }

// ApplyResult is the outcome of Apply or Dismiss.
type ApplyResult struct {
	ProposalID  int64
	ClientID    int64
	Document    string
	Rule        string
	State       ProposalState // the proposal's state now: applied or dismissed
	Version     int           // the OS version Apply wrote (0 for a dismissal)
	BaseVersion int
	DecidedBy   string
	// Already is true when the proposal had been decided before this call (a second click, a second
	// approver); nothing changed and the fields describe the earlier decision.
	Already bool
}

// String is the one line people see: "applied by U123 as brand v7".
func (r ApplyResult) String() string {
	switch r.State {
	case StateApplied:
		s := fmt.Sprintf("applied by %s as %s v%d", r.DecidedBy, r.Document, r.Version)
		if r.Already {
			s = "already " + s
		}
		return s
	case StateDismissed:
		s := fmt.Sprintf("dismissed by %s", r.DecidedBy)
		if r.Already {
			s = "already " + s
		}
		return s
	}
	return fmt.Sprintf("proposal #%d is %s", r.ProposalID, r.State)
}

// Apply writes an open proposal's new content as the next version of its document, authored by
// userID with the reason "proposal #N: <rule>", marks it applied and audits it, all in one
// transaction. Only approvers may (clientos.ErrNotApprover). A proposal decided before is answered
// with Already set and nothing changes; one whose document moved past its base version is marked
// stale and refused with a *StaleError. Like every OS change it can be undone by a revert.
func Apply(ctx context.Context, pool *pgxpool.Pool, proposalID int64, userID string) (ApplyResult, error) {
	return decide(ctx, pool, proposalID, userID, StateApplied)
}

// Dismiss closes an open proposal without changing the OS. Only approvers may; a proposal decided
// before is answered with Already set. Reports do not propose a dismissed change again.
func Dismiss(ctx context.Context, pool *pgxpool.Pool, proposalID int64, userID string) (ApplyResult, error) {
	return decide(ctx, pool, proposalID, userID, StateDismissed)
}

func decide(ctx context.Context, pool *pgxpool.Pool, proposalID int64, userID string, to ProposalState) (ApplyResult, error) {
	var res ApplyResult
	var stale *StaleError
	err := database.Transact(ctx, pool, func(tx pgx.Tx) error {
		var err error
		res, stale, err = decideTx(ctx, tx, proposalID, userID, to)
		return err
	})
	if err != nil {
		return ApplyResult{}, err
	}
	if stale != nil {
		return res, stale
	}
	return res, nil
}

// decideTx locks the proposal row, so two approvers clicking at once take turns and the second
// sees the first one's decision, and checks in the same transaction that the person is an approver
// (clientos.ErrNotApprover, nothing changed). A stale proposal is marked stale and committed, then
// refused.
func decideTx(ctx context.Context, tx pgx.Tx, id int64, userID string, to ProposalState) (ApplyResult, *StaleError, error) {
	p, err := scanProposal(tx.QueryRow(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return ApplyResult{}, nil, fmt.Errorf("reporting: there is no proposal #%d: %w", id, database.ErrNotFound)
	}
	if err != nil {
		return ApplyResult{}, nil, fmt.Errorf("reporting: lock proposal #%d: %w", id, err)
	}
	if ok, err := clientos.IsApprover(ctx, tx, p.ClientID, userID); err != nil || !ok {
		return ApplyResult{}, nil, cmp.Or(err, clientos.ErrNotApprover)
	}
	res := ApplyResult{ProposalID: id, ClientID: p.ClientID, Document: p.Document, Rule: p.Rule, State: p.State,
		Version: p.AppliedVersion, BaseVersion: p.BaseVersion, DecidedBy: p.DecidedBy}
	switch {
	case p.State == StateStale:
		cur, err := currentVersion(ctx, tx, p.ClientID, p.Document)
		return res, &StaleError{ProposalID: id, Document: p.Document, Base: p.BaseVersion, Current: cur}, err
	case !canMove(p.State, to):
		res.Already = true
		return res, nil, nil
	}
	if to == StateDismissed {
		return finishTx(ctx, tx, p, res, userID, StateDismissed, 0)
	}
	// Take the lock every OS save takes before comparing versions, so no edit can land between the
	// staleness check and the write.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM clients WHERE id = $1 FOR NO KEY UPDATE`, p.ClientID); err != nil {
		return res, nil, fmt.Errorf("reporting: lock client of proposal #%d: %w", id, err)
	}
	cur, err := currentVersion(ctx, tx, p.ClientID, p.Document)
	if err != nil {
		return res, nil, err
	}
	if cur != p.BaseVersion {
		if _, err := tx.Exec(ctx, `UPDATE proposals SET state = $2 WHERE id = $1 AND state = $3`,
			id, StateStale, StateOpen); err != nil {
			return res, nil, fmt.Errorf("reporting: mark proposal #%d stale: %w", id, err)
		}
		res.State = StateStale
		return res, &StaleError{ProposalID: id, Document: p.Document, Base: p.BaseVersion, Current: cur}, nil
	}
	v, _, err := clientos.SaveDocument(ctx, tx, p.ClientID, p.Document, p.NewContent, userID,
		fmt.Sprintf("proposal #%d: %s", id, p.Rule))
	if err != nil {
		return res, nil, fmt.Errorf("reporting: apply proposal #%d: %w", id, err)
	}
	return finishTx(ctx, tx, p, res, userID, StateApplied, v.Version)
}

// finishTx records the decision (a conditional update on the locked open row) and audits it.
func finishTx(ctx context.Context, tx pgx.Tx, p Proposal, res ApplyResult, userID string, state ProposalState,
	version int) (ApplyResult, *StaleError, error) {
	var applied *int
	if version > 0 {
		applied = &version
	}
	tag, err := tx.Exec(ctx, `UPDATE proposals SET state = $2, applied_version = $3, decided_by = $4, decided_at = now()
		WHERE id = $1 AND state = $5`, p.ID, state, applied, userID, p.State)
	if err != nil {
		return res, nil, fmt.Errorf("reporting: record decision on proposal #%d: %w", p.ID, err)
	}
	if tag.RowsAffected() != 1 {
		return res, nil, fmt.Errorf("reporting: proposal #%d changed under a lock", p.ID)
	}
	res.State, res.Version, res.DecidedBy = state, version, userID
	action := "proposal.apply"
	if state == StateDismissed {
		action = "proposal.dismiss"
	}
	err = clientos.Audit(ctx, tx, p.ClientID, userID, action, map[string]any{
		"proposal_id": p.ID, "document": p.Document, "rule": p.Rule, "base_version": p.BaseVersion, "version": version,
	})
	return res, nil, err
}

// currentVersion is a document's newest version number, 0 if it has none.
func currentVersion(ctx context.Context, db database.DBTX, clientID int64, doc string) (int, error) {
	var v int
	err := db.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM os_versions WHERE client_id = $1 AND document = $2`,
		clientID, doc).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("reporting: current version of %s: %w", doc, err)
	}
	return v, nil
}
