package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
)

// generationInput is what a generation of a stored piece reads: its client's current OS for the
// piece's platform, the piece as a request and its source.
type generationInput struct {
	os  generate.OS
	req generate.Request
	src generate.Source
}

func (e *Engine) loadGeneration(ctx context.Context, p Piece) (generationInput, error) {
	cos, _, err := currentOS(ctx, e.pool, p.ClientID)
	if err != nil {
		return generationInput{}, err
	}
	src, err := getSource(ctx, e.pool, p.SourceSignalID)
	if err != nil {
		return generationInput{}, err
	}
	return generationInput{os: ForGeneration(cos, p.Platform), req: generationRequest(p), src: src.ForGeneration()}, nil
}

func recordCalls(ctx context.Context, db database.DBTX, pieceID int64, calls []generate.Call) error {
	for _, c := range calls {
		if err := recordLLMCall(ctx, db, pieceID, c.Purpose, c.Response, c.Err); err != nil {
			return err
		}
	}
	return nil
}

// jobStep names a generation step for its failure path.
type jobStep struct {
	name    string        // outline | draft
	from    State         // the state the piece waits in while the step runs
	timeout time.Duration // one attempt's bound, for the reason people read
}

var (
	outlineStep = jobStep{name: PhaseOutline, from: writeOutline.From, timeout: OutlineJobTimeout}
	draftStep   = jobStep{name: PhaseDraft, from: writeDraft.From, timeout: DraftJobTimeout}
)

// stepFailed handles a failed attempt of an outline or draft job (see jobFailed): when it gives
// up, the piece is marked failed with the reason in plain words, and Retry resumes at s.from. p is
// the piece as the attempt began.
func (e *Engine) stepFailed(ctx context.Context, s jobStep, p Piece, at jobAttempt, calls []generate.Call, cause error) error {
	return e.jobFailed(ctx, jobFailure{
		name:  s.name,
		err:   fmt.Errorf("engine: %s for piece %d: %w", s.name, p.ID, cause),
		state: s.from,
		giveUpTx: func(ctx context.Context, tx pgx.Tx, t Trouble) error {
			_, err := e.failTx(ctx, tx, p.ID, s.from, failureText(t, e.giveUpAfter, e.now()))
			var stale *StaleError
			if errors.As(err, &stale) {
				return nil
			}
			return err
		},
	}, p, at, calls, cause)
}
