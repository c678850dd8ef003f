package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
)

// Model states in Health.
const (
	ModelOK       = "ok"
	ModelDegraded = "degraded"
)

// HealthWorder is an optional interface for a Notifier: one that implements it words why the model
// is degraded, and Health carries its words in Problem.
type HealthWorder interface {
	HealthProblem(h Health) string
}

// Health is how generation is doing across every replica: the model, judged from its last calls and
// the pieces held up by it, and the queue of jobs.
type Health struct {
	// Model is ModelOK, or ModelDegraded when the latest model call failed or a piece's generation is
	// retrying after a failure.
	Model string
	// Trouble is what holds up the piece held up latest; nil when none is.
	Trouble *Trouble
	// CallError is the error of the latest model call when it failed and no piece is held up.
	CallError string
	// Problem says why the model is degraded in the adapter's words (a Notifier that is a
	// HealthWorder), for /healthz; "" when ok or without such an adapter. The adapters word Trouble
	// and CallError themselves everywhere else.
	Problem string
	// HeldUp counts the pieces whose generation is retrying after a failed attempt.
	HeldUp int
	// LastCallAt is when the latest model call was recorded; zero before the first.
	LastCallAt time.Time
	Queue      JobQueue
}

// JobQueue counts the jobs not finished yet: waiting to run, running, and waiting to retry after a
// failed attempt.
type JobQueue struct {
	Waiting, Running, Retrying int
}

// Health reads the model's state and the queue, in three small queries.
func (e *Engine) Health(ctx context.Context) (Health, error) {
	h := Health{Model: ModelOK}
	var status, callErr string
	err := e.pool.QueryRow(ctx, `SELECT status, error, created_at FROM llm_calls ORDER BY id DESC LIMIT 1`).
		Scan(&status, &callErr, &h.LastCallAt)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return h, fmt.Errorf("engine: latest model call: %w", err)
	}
	var latest []byte
	err = e.pool.QueryRow(ctx, `SELECT count(*), (array_agg(trouble ORDER BY updated_at DESC))[1]
		FROM pieces WHERE trouble IS NOT NULL`).Scan(&h.HeldUp, &latest)
	if err != nil {
		return h, fmt.Errorf("engine: pieces held up: %w", err)
	}
	switch {
	case h.HeldUp > 0:
		var t Trouble
		if err := json.Unmarshal(latest, &t); err == nil {
			h.Trouble = &t
		}
		h.Model = ModelDegraded
	case status == "error":
		h.Model, h.CallError = ModelDegraded, callErr
	}
	if hw, ok := e.notifier.(HealthWorder); ok && h.Model == ModelDegraded {
		h.Problem = hw.HealthProblem(h)
	}
	err = e.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE state IN ('available', 'pending') OR (state = 'scheduled' AND attempt = 0)),
		count(*) FILTER (WHERE state = 'running'),
		count(*) FILTER (WHERE state = 'retryable' OR (state = 'scheduled' AND attempt > 0))
		FROM river_job WHERE finalized_at IS NULL`).Scan(&h.Queue.Waiting, &h.Queue.Running, &h.Queue.Retrying)
	if err != nil {
		return h, fmt.Errorf("engine: count jobs: %w", err)
	}
	return h, nil
}

// HealthCollector exports Health to Prometheus at every scrape: mos_model_degraded (0 or 1),
// mos_pieces_held_up and mos_queue_jobs{state="waiting|running|retrying"}. A scrape that cannot
// read the database within timeout exports none of them.
func (e *Engine) HealthCollector(timeout time.Duration) prometheus.Collector {
	return &healthCollector{e: e, timeout: timeout}
}

var (
	degradedDesc = prometheus.NewDesc("mos_model_degraded",
		"1 when the latest model call failed or a piece's generation is retrying after a failure, else 0.", nil, nil)
	heldUpDesc = prometheus.NewDesc("mos_pieces_held_up",
		"Pieces whose generation is retrying after a failed attempt.", nil, nil)
	queueDesc = prometheus.NewDesc("mos_queue_jobs",
		"Jobs not finished yet, by state: waiting, running, retrying.", []string{"state"}, nil)
)

type healthCollector struct {
	e       *Engine
	timeout time.Duration
}

func (c *healthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- degradedDesc
	ch <- heldUpDesc
	ch <- queueDesc
}

func (c *healthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	h, err := c.e.Health(ctx)
	if err != nil {
		c.e.log.Warn("read health for metrics", "error", err)
		return
	}
	degraded := 0.0
	if h.Model == ModelDegraded {
		degraded = 1
	}
	ch <- prometheus.MustNewConstMetric(degradedDesc, prometheus.GaugeValue, degraded)
	ch <- prometheus.MustNewConstMetric(heldUpDesc, prometheus.GaugeValue, float64(h.HeldUp))
	for state, n := range map[string]int{"waiting": h.Queue.Waiting, "running": h.Queue.Running, "retrying": h.Queue.Retrying} {
		ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(n), state)
	}
}
