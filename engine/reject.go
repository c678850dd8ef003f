package engine

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// FailureModes are why a person rejects a version, in the order menus show them (the ids of
// clientos.FailureModes, the one table of them).
var FailureModes = clientos.FailureModeIDs()

// FailureModeLabel is the words people read for a failure mode.
func FailureModeLabel(mode string) string {
	if m, ok := clientos.FailureModeByID(mode); ok {
		return m.Label
	}
	return mode
}

// MaxCommentChars bounds a rejection's comment (runes).
const MaxCommentChars = 3000

// Reject ends a piece at a person's decision on its outline or draft, with the failure modes and
// comment the report learns from. Approvers only (clientos.ErrNotApprover, nothing changed); the
// piece must be waiting for that phase's decision (*StaleError otherwise); at least one known
// failure mode is required (*UserError, field "failure_modes"; a long comment: field "comment").
func (e *Engine) Reject(ctx context.Context, pieceID int64, phase, userID string, modes []string, comment string) (Piece, error) {
	m, p, err := loadForPhase(ctx, e.pool, pieceID, ActionReject, phase, userID)
	if err != nil {
		return p, err
	}
	if modes, err = validateFailureModes(modes); err != nil {
		return p, err
	}
	comment = clientos.CleanText(comment, true)
	if n := utf8.RuneCountInString(comment); n > MaxCommentChars {
		return p, tooLong("comment", n, MaxCommentChars)
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID,
			Review: Review{FailureModes: modes, Comment: comment}})
		return err
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, phase+" rejected", "piece_id", pieceID, "user_id", userID, "failure_modes", modes)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// validateFailureModes checks the modes against FailureModes and returns them once each, in
// FailureModes order.
func validateFailureModes(modes []string) ([]string, error) {
	var out []string
	for _, m := range modes {
		m = failureModeID(m)
		if m == "" {
			continue
		}
		if !slices.Contains(FailureModes, m) {
			return nil, &UserError{Field: "failure_modes", Problem: ProblemUnknown, Values: []string{m},
				Allowed: slices.Clone(FailureModes)}
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, &UserError{Field: "failure_modes", Problem: ProblemMissing, Allowed: slices.Clone(FailureModes)}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(FailureModes, a) - slices.Index(FailureModes, b) })
	return out, nil
}

// failureModeID accepts a mode or its label ("Off-ICP framing") in any case.
func failureModeID(m string) string {
	m = strings.TrimSpace(m)
	for _, id := range FailureModes {
		if strings.EqualFold(m, id) || strings.EqualFold(m, FailureModeLabel(id)) {
			return id
		}
	}
	return m
}
