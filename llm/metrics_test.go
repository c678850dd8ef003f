package llm_test

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

// metricValue finds one series in the registry: a counter's value or a
// histogram's sample count.
func metricValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if hasLabels(m, labels) {
				if h := m.GetHistogram(); h != nil {
					return float64(h.GetSampleCount())
				}
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	got := map[string]string{}
	for _, l := range m.GetLabel() {
		got[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(
		llmtest.Reply{Status: 429}, llmtest.Reply{Content: "a", Usage: &llmtest.Usage{Prompt: 10, Completion: 2, Cached: 4}},
		llmtest.Reply{Status: 400},
	)
	_, err := c.Complete(context.Background(), llm.Request{Purpose: "outline", User: "u"})
	require.NoError(t, err)
	_, err = c.Complete(context.Background(), llm.Request{Purpose: "draft", User: "u"})
	require.ErrorIs(t, err, llm.ErrRejected)

	for _, tt := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"mos_llm_calls_total", map[string]string{"purpose": "outline", "outcome": "ok"}, 1},
		{"mos_llm_calls_total", map[string]string{"purpose": "draft", "outcome": "rejected"}, 1},
		{"mos_llm_attempts_total", map[string]string{"purpose": "outline", "result": "rate_limited"}, 1},
		{"mos_llm_attempts_total", map[string]string{"purpose": "outline", "result": "ok"}, 1},
		{"mos_llm_attempts_total", map[string]string{"purpose": "draft", "result": "rejected"}, 1},
		{"mos_llm_tokens_total", map[string]string{"purpose": "outline", "kind": "prompt"}, 10},
		{"mos_llm_tokens_total", map[string]string{"purpose": "outline", "kind": "completion"}, 2},
		{"mos_llm_tokens_total", map[string]string{"purpose": "outline", "kind": "cached"}, 4},
		{"mos_llm_call_duration_seconds", map[string]string{"purpose": "outline"}, 1},
	} {
		require.Equal(t, tt.want, metricValue(t, b.reg, tt.name, tt.labels), "%s %v", tt.name, tt.labels)
	}
}

func TestMetricsSharedRegistry(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t)
	reg := prometheus.NewRegistry()
	cfg := llm.Config{BaseURL: srv.BaseURL(), APIKey: testKey, Model: testModel}
	first := llm.New(cfg, testLogger(t), reg)
	second := llm.New(cfg, testLogger(t), reg) // must not panic on duplicate registration
	for _, c := range []*llm.Client{first, second} {
		_, err := c.Complete(context.Background(), llm.Request{Purpose: "proposal", User: "u"})
		require.NoError(t, err)
	}
	require.Equal(t, 2.0, metricValue(t, reg, "mos_llm_calls_total", map[string]string{"purpose": "proposal", "outcome": "ok"}))
}
