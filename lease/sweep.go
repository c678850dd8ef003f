package lease

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Requeued is a job the sweeper handed back to the queue.
type Requeued struct {
	JobID   int64
	Kind    string
	PieceID int64  // 0 for a job without a piece
	Holder  string // the replica that stopped renewing; "" for a run that never took its lease
}

// Run sweeps every SweepEvery until ctx ends. Every replica runs one: the sweep is one cheap query,
// and two replicas sweeping at once hand each job back once.
func (k *Keeper) Run(ctx context.Context) error {
	t := time.NewTicker(k.cfg.SweepEvery)
	defer t.Stop()
	for {
		if _, err := k.Sweep(ctx); err != nil && ctx.Err() == nil {
			k.log.WarnContext(ctx, "sweep generation leases", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Sweep hands back, in one statement each, every job whose lease expired and every leased job
// River still counts as running that never took its lease within the TTL (its replica died
// between the two). A handed-back job is available at once; the attempt it lost is not counted.
func (k *Keeper) Sweep(ctx context.Context) ([]Requeued, error) {
	expired, err := k.collect(ctx, `WITH expired AS (
			DELETE FROM generation_leases WHERE expires_at < clock_timestamp()
			RETURNING job_id, kind, piece_id, holder
		), requeued AS (
			UPDATE river_job j SET `+handBack+`
			FROM expired e WHERE j.id = e.job_id AND j.state = 'running'
			RETURNING j.id
		)
		SELECT e.job_id, e.kind, coalesce(e.piece_id, 0), e.holder FROM expired e JOIN requeued r ON r.id = e.job_id`,
		"lease expired: the replica running it stopped renewing it")
	if err != nil {
		return nil, err
	}
	orphans, err := k.collect(ctx, `UPDATE river_job j SET `+handBack+`
		WHERE j.state = 'running' AND j.kind = ANY($2)
			AND j.attempted_at < clock_timestamp() - make_interval(secs => $3)
			AND NOT EXISTS (SELECT 1 FROM generation_leases l WHERE l.job_id = j.id)
		RETURNING j.id, j.kind, coalesce((j.args->>'piece_id')::bigint, 0), ''`,
		"no lease: the replica running it stopped before taking one", k.cfg.Kinds, 2*k.cfg.TTL.Seconds())
	if err != nil {
		return nil, err
	}
	all := append(expired, orphans...)
	for _, r := range all {
		k.metrics.requeued.Inc()
		k.log.WarnContext(ctx, "handed a generation back to the queue", "job_id", r.JobID, "kind", r.Kind,
			"piece_id", r.PieceID, "holder", r.Holder)
	}
	return all, nil
}

// handBack makes a running job available now, without counting the attempt its dead run used,
// and notes why in the job's errors ($1), as River's own rescue does.
const handBack = `state = 'available', scheduled_at = clock_timestamp(), attempt = greatest(j.attempt - 1, 0),
	errors = array_append(j.errors, jsonb_build_object('at', clock_timestamp(), 'attempt', j.attempt,
		'error', $1::text, 'trace', ''))`

func (k *Keeper) collect(ctx context.Context, sql string, args ...any) ([]Requeued, error) {
	rows, err := k.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("lease: sweep: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Requeued, error) {
		var q Requeued
		return q, r.Scan(&q.JobID, &q.Kind, &q.PieceID, &q.Holder)
	})
	if err != nil {
		return nil, fmt.Errorf("lease: sweep: %w", err)
	}
	return out, nil
}
