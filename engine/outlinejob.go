package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
)

// OutlineArgs is the River job that writes a requested piece's outline.
type OutlineArgs struct {
	PieceID int64 `json:"piece_id"`
}

// Kind names the job in River's tables.
func (OutlineArgs) Kind() string { return "engine_outline" }

type outlineWorker struct {
	river.WorkerDefaults[OutlineArgs]
	e *Engine
}

// Timeout bounds one attempt; River's one-minute default is shorter than a slow model.
func (w *outlineWorker) Timeout(*river.Job[OutlineArgs]) time.Duration { return OutlineJobTimeout }

// NextRetry replaces River's day-scale default backoff: someone is waiting for this outline.
func (w *outlineWorker) NextRetry(job *river.Job[OutlineArgs]) time.Time {
	return time.Now().Add(w.e.backoff(job.Attempt))
}

func (w *outlineWorker) Work(ctx context.Context, job *river.Job[OutlineArgs]) error {
	return w.e.runOutline(ctx, job.Args.PieceID, job.Attempt >= job.MaxAttempts)
}

func (e *Engine) enqueueOutline(ctx context.Context, tx pgx.Tx, pieceID int64) error {
	if e.river == nil {
		return errors.New("engine: no River client (call SetRiver)")
	}
	_, err := e.river.InsertTx(ctx, tx, OutlineArgs{PieceID: pieceID}, &river.InsertOpts{
		MaxAttempts: e.outlineAttempts,
	})
	if err != nil {
		return fmt.Errorf("engine: enqueue outline for piece %d: %w", pieceID, err)
	}
	return nil
}

// generated is one model answer ready to store.
type generated struct {
	outline  Outline
	warnings []Warning
	rendered clientos.Rendered
	resp     llm.Response
}

// runOutline is one attempt of the outline job. River delivers at least once, so a piece that is
// no longer requested is left alone (the adapter is told again, in case that was what failed).
// final says this is the last attempt: a failure then marks the piece failed with the reason.
func (e *Engine) runOutline(ctx context.Context, pieceID int64, final bool) error {
	start := time.Now()
	defer func() { e.metrics.stepTime.WithLabelValues(PhaseOutline).Observe(time.Since(start).Seconds()) }()
	p, err := getPiece(ctx, e.pool, pieceID)
	switch {
	case errors.Is(err, database.ErrNotFound):
		return river.JobCancel(err)
	case err != nil:
		return e.outlineFailed(ctx, pieceID, final, nil, err)
	case p.State != StateRequested:
		e.metrics.steps.WithLabelValues(PhaseOutline, "skipped").Inc()
		return e.notify(ctx, pieceID)
	}
	_ = e.notify(ctx, pieceID) // lets the adapter post a placeholder; the outline matters more
	gen, called, err := e.generateOutline(ctx, p)
	if err != nil {
		if !called {
			return e.outlineFailed(ctx, pieceID, final, nil, err)
		}
		return e.outlineFailed(ctx, pieceID, final, &gen.resp, err)
	}
	if err := e.saveOutline(ctx, p, gen); err != nil {
		return e.outlineFailed(ctx, pieceID, final, nil, err)
	}
	e.metrics.steps.WithLabelValues(PhaseOutline, "ok").Inc()
	e.log.InfoContext(ctx, "outline ready", "piece_id", pieceID, "attempts", gen.resp.Attempts,
		"latency_ms", gen.resp.Latency.Milliseconds(), "cached_tokens", gen.resp.Usage.CachedTokens)
	return e.notify(ctx, pieceID)
}

// generateOutline builds the prompt — the rendered Client OS as the byte-stable system message,
// the request last — and asks the model. called says whether the model was asked at all.
func (e *Engine) generateOutline(ctx context.Context, p Piece) (gen generated, called bool, err error) {
	cos, snap, err := currentOS(ctx, e.pool, p.ClientID)
	if err != nil {
		return gen, false, err
	}
	src, err := getSource(ctx, e.pool, p.SourceSignalID)
	if err != nil {
		return gen, false, err
	}
	if gen.rendered, err = snap.RenderFor(p.Platform); err != nil {
		return gen, false, fmt.Errorf("engine: render OS for %s: %w", p.Platform, err)
	}
	pillars := pillarNames(cos)
	var raw Outline
	gen.resp, err = e.llm.CompleteJSON(ctx, llm.Request{
		Purpose:   PhaseOutline,
		System:    gen.rendered.Text,
		User:      outlinePrompt(p, src, pillars),
		Schema:    outlineSchema,
		MaxTokens: 1500,
	}, &raw)
	if err != nil {
		return gen, true, err
	}
	gen.outline, gen.warnings, err = normalizeOutline(raw, pillars, p.Pillar)
	return gen, true, err
}

// saveOutline stores the outline as version 1 (or the next), settles the pillar, moves the piece
// requested → outline_ready and records the model call, all in one transaction. If the piece moved
// on meanwhile (a duplicate run), only the call is recorded.
func (e *Engine) saveOutline(ctx context.Context, p Piece, gen generated) error {
	content, err := json.Marshal(gen.outline)
	if err != nil {
		return fmt.Errorf("engine: encode outline: %w", err)
	}
	return database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := recordLLMCall(ctx, tx, p.ID, PhaseOutline, gen.resp, nil); err != nil {
			return err
		}
		_, err := transition(ctx, tx, p.ID, StateRequested, StateOutlineReady)
		var stale *StaleError
		if errors.As(err, &stale) {
			e.log.InfoContext(ctx, "outline not stored: piece moved on", "piece_id", p.ID, "state", stale.State)
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE pieces SET pillar = $2 WHERE id = $1`, p.ID, gen.outline.Pillar); err != nil {
			return fmt.Errorf("engine: set pillar of piece %d: %w", p.ID, err)
		}
		_, err = insertVersion(ctx, tx, Version{
			PieceID: p.ID, Phase: PhaseOutline, Content: string(content),
			AuthorKind: AuthorAI, Author: gen.resp.Model,
			OSVersions: gen.rendered.Versions, OSHash: gen.rendered.Hash, Warnings: gen.warnings,
		})
		return err
	})
}

// outlineFailed records a failed attempt. Before the last attempt it returns the error so River
// retries; on the last it marks the piece failed with a reason people can read, and tells the
// adapter so it can offer Retry. resp is the model call's outcome, when there was one.
func (e *Engine) outlineFailed(ctx context.Context, pieceID int64, final bool, resp *llm.Response, cause error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		// The process is stopping: run again after the restart without using up an attempt.
		return river.JobSnooze(time.Second)
	}
	// The job's context may be the one that expired; the bookkeeping still has to happen.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	err := fmt.Errorf("engine: outline for piece %d: %w", pieceID, cause)
	e.log.WarnContext(ctx, "outline attempt failed", "piece_id", pieceID, "final", final, "error", cause)
	if !final {
		e.metrics.steps.WithLabelValues(PhaseOutline, "retry").Inc()
		if resp != nil {
			if rerr := recordLLMCall(bg, e.pool, pieceID, PhaseOutline, *resp, cause); rerr != nil {
				e.log.WarnContext(ctx, "record failed llm call", "piece_id", pieceID, "error", rerr)
			}
		}
		return err
	}
	e.metrics.steps.WithLabelValues(PhaseOutline, "failed").Inc()
	txErr := database.Transact(bg, e.pool, func(tx pgx.Tx) error {
		if resp != nil {
			if err := recordLLMCall(bg, tx, pieceID, PhaseOutline, *resp, cause); err != nil {
				return err
			}
		}
		_, err := markFailed(bg, tx, pieceID, StateRequested, failureReason(PhaseOutline, cause))
		var stale *StaleError
		if errors.As(err, &stale) {
			return nil
		}
		return err
	})
	if txErr != nil {
		return fmt.Errorf("%w (and marking it failed: %v)", err, txErr)
	}
	_ = e.notify(bg, pieceID)
	return err
}

// failureReason says in plain words why a step failed, for the message that offers Retry.
func failureReason(step string, cause error) string {
	var why string
	switch {
	case errors.Is(cause, llm.ErrUnavailable):
		why = "the model provider did not answer after several tries (it may be down or rate-limiting)"
	case errors.Is(cause, llm.ErrRejected):
		why = "the model provider refused the request (check the API key, the model name and the content)"
	case errors.Is(cause, llm.ErrInvalidOutput):
		why = "the model's answer was not a usable " + step + ", even after asking again"
	case errors.Is(cause, context.DeadlineExceeded):
		why = fmt.Sprintf("writing the %s took longer than %s", step, OutlineJobTimeout)
	default:
		why = "something went wrong on our side"
	}
	return truncate(fmt.Sprintf("Could not write the %s: %s. Details: %v", step, why, cause), 500)
}
