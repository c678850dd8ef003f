package clientos

import (
	"context"
	"errors"
	"fmt"

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
