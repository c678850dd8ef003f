package engine

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// MarkSoundsLikeUs records an approver's word that a published piece sounds like the client: the
// weekly report then proposes it as a sample post even when people edited it more than the report
// would otherwise allow. It is the lifecycle's sounds_like_us move (published → published), so
// only approvers may make it (clientos.ErrNotApprover) and only on a published piece (*StaleError).
// A piece holds one mark at most (a unique index): a second press, by anyone, or the same press
// delivered twice, changes nothing and gets an *AlreadyMarkedError naming the first mark.
func (e *Engine) MarkSoundsLikeUs(ctx context.Context, pieceID int64, userID string) (Piece, error) {
	m := mustPhaseMove(ActionSoundsLikeUs, PhaseDraft)
	p, err := loadFor(ctx, e.pool, pieceID, m, userID)
	if err != nil {
		return p, err
	}
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID})
		return err
	})
	if database.IsUniqueViolation(err) {
		return p, e.alreadyMarked(ctx, pieceID)
	}
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, "piece marked sounds like us", "piece_id", pieceID, "user_id", userID)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// alreadyMarked is the *AlreadyMarkedError for a piece whose mark exists.
func (e *Engine) alreadyMarked(ctx context.Context, pieceID int64) error {
	rs, err := reviews(ctx, e.pool, pieceID)
	if err != nil {
		return err
	}
	r := lastReview(rs, "", DecisionSoundsLikeUs)
	if r == nil {
		return errors.New("engine: a sounds-like-us mark collided but none is stored")
	}
	return &AlreadyMarkedError{PieceID: pieceID, By: r.Reviewer, At: r.CreatedAt}
}

// offersLeft drops the offers a piece has used up: the sounds-like-us mark, once it is there.
func offersLeft(offers []Offer, reviews []Review) []Offer {
	if lastReview(reviews, "", DecisionSoundsLikeUs) == nil {
		return offers
	}
	out := make([]Offer, 0, len(offers))
	for _, o := range offers {
		if o.Action != ActionSoundsLikeUs {
			out = append(out, o)
		}
	}
	return out
}
