package llm

import (
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the client's Prometheus series. A nil *metrics records nothing.
type metrics struct {
	calls    *prometheus.CounterVec   // purpose, outcome
	attempts *prometheus.CounterVec   // purpose, result
	tokens   *prometheus.CounterVec   // purpose, kind (prompt, completion, cached)
	latency  *prometheus.HistogramVec // purpose
}

func newMetrics(reg prometheus.Registerer, log *slog.Logger) *metrics {
	if reg == nil {
		return nil
	}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return register(reg, log, prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels))
	}
	return &metrics{
		calls: counter("mos_llm_calls_total",
			"LLM calls by purpose and outcome (ok, invalid_output, unavailable, rejected, interrupted, canceled).",
			"purpose", "outcome"),
		attempts: counter("mos_llm_attempts_total",
			"HTTP attempts to the LLM provider by purpose and result (ok, rate_limited, server_error, timeout, …).",
			"purpose", "result"),
		tokens: counter("mos_llm_tokens_total",
			"Tokens reported by the provider, by purpose and kind (prompt, completion, cached).",
			"purpose", "kind"),
		latency: register(reg, log, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mos_llm_call_duration_seconds",
			Help:    "Wall time of LLM calls, retries and waits included.",
			Buckets: []float64{0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300},
		}, []string{"purpose"})),
	}
}

// register tolerates a second client on the same registry by reusing the
// collector already there.
func register[T prometheus.Collector](reg prometheus.Registerer, log *slog.Logger, c T) T {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(T); ok {
			return existing
		}
	}
	log.Error("llm: cannot register metric", slog.String("error", err.Error()))
	return c
}

func (m *metrics) observeAttempt(purpose, result string) {
	if m == nil {
		return
	}
	m.attempts.WithLabelValues(purpose, result).Inc()
}

func (m *metrics) observeCall(purpose, outcome string, resp *Response) {
	if m == nil {
		return
	}
	m.calls.WithLabelValues(purpose, outcome).Inc()
	m.latency.WithLabelValues(purpose).Observe(resp.Latency.Seconds())
	m.tokens.WithLabelValues(purpose, "prompt").Add(float64(resp.Usage.PromptTokens))
	m.tokens.WithLabelValues(purpose, "completion").Add(float64(resp.Usage.CompletionTokens))
	m.tokens.WithLabelValues(purpose, "cached").Add(float64(resp.Usage.CachedTokens))
}
