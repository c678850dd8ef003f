package engine

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics counts what operators ask about first: how many pieces start, how many hit the cap, and
// how generation steps end.
type metrics struct {
	requested  prometheus.Counter
	capRefused prometheus.Counter
	steps      *prometheus.CounterVec   // step, result (ok, retry, failed, skipped)
	stepTime   *prometheus.HistogramVec // step
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "mos", Subsystem: "engine", Name: "pieces_requested_total",
			Help: "Pieces started by a draft request.",
		}),
		capRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "mos", Subsystem: "engine", Name: "cap_refusals_total",
			Help: "Draft requests refused because the channel's daily cap was reached.",
		}),
		steps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mos", Subsystem: "engine", Name: "generation_steps_total",
			Help: "Generation job attempts by step and result (ok, retry, failed, skipped).",
		}, []string{"step", "result"}),
		stepTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "mos", Subsystem: "engine", Name: "generation_step_seconds",
			Help:    "Wall time of generation job attempts, LLM call included.",
			Buckets: []float64{1, 2, 5, 10, 20, 30, 60, 120, 180},
		}, []string{"step"}),
	}
	if reg != nil {
		m.requested = register(reg, m.requested)
		m.capRefused = register(reg, m.capRefused)
		m.steps = register(reg, m.steps)
		m.stepTime = register(reg, m.stepTime)
	}
	return m
}

// register adds c to reg, or returns the collector already registered under its name (two engines
// in one process share their metrics).
func register[T prometheus.Collector](reg prometheus.Registerer, c T) T {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(T); ok {
			return existing
		}
	}
	if err != nil {
		panic(fmt.Sprintf("engine: register metric: %v", err)) // two different metrics with one name
	}
	return c
}
