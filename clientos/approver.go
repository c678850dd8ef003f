package clientos

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// ErrNotApprover means the person is not one of the client's approvers, so an approver's decision
// (a piece, a cap, an OS edit, a proposal) was refused and nothing changed. The engine and
// reporting return it too; adapters say who can add them.
var ErrNotApprover = errors.New("clientos: not one of the client's approvers")

// AddApprover lets userID approve the client's pieces and OS edits. Adding someone twice is a no-op.
func AddApprover(ctx context.Context, db database.DBTX, clientID int64, userID, by string) error {
	if userID == "" {
		return errors.New("clientos: add approver: the user id is empty")
	}
	return database.Transact(ctx, db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO approvers (client_id, user_id, added_by) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, clientID, userID, by)
		if err != nil {
			return fmt.Errorf("clientos: add approver %s: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return Audit(ctx, tx, clientID, by, "approver.add", map[string]any{"user_id": userID})
	})
}

// RemoveApprover takes the approver role away; removing someone who is not an approver is an
// error that unwraps to database.ErrNotFound.
func RemoveApprover(ctx context.Context, db database.DBTX, clientID int64, userID, by string) error {
	return database.Transact(ctx, db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM approvers WHERE client_id = $1 AND user_id = $2`, clientID, userID)
		if err != nil {
			return fmt.Errorf("clientos: remove approver %s: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return notFoundError{fmt.Sprintf("%s is not an approver of this client", userID)}
		}
		return Audit(ctx, tx, clientID, by, "approver.remove", map[string]any{"user_id": userID})
	})
}

// IsApprover reports whether userID may approve for the client.
func IsApprover(ctx context.Context, db database.DBTX, clientID int64, userID string) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM approvers WHERE client_id = $1 AND user_id = $2)`,
		clientID, userID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("clientos: is approver %s: %w", userID, err)
	}
	return ok, nil
}

// Approvers lists the client's approvers in the order they were added.
func Approvers(ctx context.Context, db database.DBTX, clientID int64) ([]string, error) {
	ids, err := queryStrings(ctx, db, `SELECT user_id FROM approvers WHERE client_id = $1 ORDER BY created_at, user_id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("clientos: approvers: %w", err)
	}
	return ids, nil
}

// ErrLastApprover refuses to remove a client's last approver: nobody could approve its pieces.
var ErrLastApprover = errors.New("clientos: a client needs at least one approver")

// ErrNoSuchApprover refuses to remove someone who is not an approver of the client.
var ErrNoSuchApprover = errors.New("clientos: not an approver of the client, so nothing to remove")

// ErrFirstApprover refuses to name the first approver of a client that has none to someone
// without the authority to (AsAdmin or AsOperator): whoever typed first would own the client.
var ErrFirstApprover = errors.New("clientos: only a workspace admin, someone in MOS_ADMINS or an operator " +
	"may name a client's first approver")

// Authority is what an adapter established about the person changing a client's approvers before
// the transaction (a Slack role, a setting, a terminal); the rules below are checked with it
// inside the transaction, under the client's row lock.
type Authority int

const (
	// AsMember is anyone: an approver may add and remove approvers.
	AsMember Authority = iota
	// AsAdmin is a Slack workspace owner or admin, or someone in MOS_ADMINS: besides what an
	// approver may do, they may name the first approver of a client that has none.
	AsAdmin
	// AsOperator is someone at the terminal with access to the database: they may change any
	// client's approvers (the last one still stays).
	AsOperator
)

// Who changes the approvers: an approver adds or removes one; the first approver of a client that
// has none is named only with AsAdmin or AsOperator authority; the last approver cannot leave.
// Each change checks and writes in one transaction, under the client's row lock, so two approvers
// removing each other at once cannot leave a client with none.

// AddApproverAs adds userID as an approver on actor's authority: ErrNotApprover when the client
// has approvers and actor is not one, ErrFirstApprover when it has none and auth may not name one.
func AddApproverAs(ctx context.Context, db database.DBTX, clientID int64, userID, actor string, auth Authority) error {
	return database.Transact(ctx, db, func(tx pgx.Tx) error {
		if _, err := approversForChangeTx(ctx, tx, clientID, actor, auth); err != nil {
			return err
		}
		return AddApprover(ctx, tx, clientID, userID, actor)
	})
}

// RemoveApproverAs removes userID on actor's authority: ErrNotApprover when actor may not,
// ErrNoSuchApprover when userID is not one, ErrLastApprover when userID is the last.
func RemoveApproverAs(ctx context.Context, db database.DBTX, clientID int64, userID, actor string, auth Authority) error {
	return database.Transact(ctx, db, func(tx pgx.Tx) error {
		ids, err := approversForChangeTx(ctx, tx, clientID, actor, auth)
		if errors.Is(err, ErrFirstApprover) {
			return ErrNoSuchApprover // a client without approvers has none to remove
		}
		if err != nil {
			return err
		}
		if !slices.Contains(ids, userID) {
			return ErrNoSuchApprover
		}
		if len(ids) == 1 {
			return ErrLastApprover
		}
		return RemoveApprover(ctx, tx, clientID, userID, actor)
	})
}

// CheckApproverChange locks the client inside tx and refuses actor (ErrNotApprover,
// ErrFirstApprover) unless they may change its approvers with auth; a caller that writes
// approvers with AddApprover in the same transaction checks here first.
func CheckApproverChange(ctx context.Context, tx pgx.Tx, clientID int64, actor string, auth Authority) error {
	_, err := approversForChangeTx(ctx, tx, clientID, actor, auth)
	return err
}

// approversForChangeTx locks the client and returns its approvers, refusing actor if auth does
// not let them change the list (see Authority).
func approversForChangeTx(ctx context.Context, tx pgx.Tx, clientID int64, actor string, auth Authority) ([]string, error) {
	if err := lockClient(ctx, tx, clientID); err != nil {
		return nil, err
	}
	ids, err := Approvers(ctx, tx, clientID)
	switch {
	case err != nil:
		return nil, err
	case auth == AsOperator:
		return ids, nil
	case len(ids) == 0 && auth != AsAdmin:
		return ids, ErrFirstApprover
	case len(ids) > 0 && !slices.Contains(ids, actor):
		return ids, ErrNotApprover
	}
	return ids, nil
}

// RequireApproverIfAny refuses userID (ErrNotApprover) when the client has approvers and userID is
// not one of them: a channel may be bound to a client with none yet by anyone, so a new team can
// start (naming its first approver takes more: see ErrFirstApprover).
func RequireApproverIfAny(ctx context.Context, db database.DBTX, clientID int64, userID string) error {
	ids, err := Approvers(ctx, db, clientID)
	if err != nil {
		return err
	}
	if len(ids) > 0 && !slices.Contains(ids, userID) {
		return ErrNotApprover
	}
	return nil
}

// RequireApprover refuses userID (ErrNotApprover) unless they are one of the client's approvers.
func RequireApprover(ctx context.Context, db database.DBTX, clientID int64, userID string) error {
	ok, err := IsApprover(ctx, db, clientID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotApprover
	}
	return nil
}
