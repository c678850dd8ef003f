package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	envelopes  *prometheus.CounterVec
	acks       *prometheus.CounterVec
	ackTime    *prometheus.HistogramVec
	draftPaths *prometheus.CounterVec // mos_draft_stream_total{path}
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mos_slack_envelopes_total", Help: "Socket Mode envelopes by type and outcome.",
		}, []string{"type", "outcome"}),
		acks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mos_slack_acks_total", Help: "Envelope acks by type and result.",
		}, []string{"type", "result"}),
		ackTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mos_slack_ack_seconds", Help: "Time from receiving an envelope to acking it.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 3},
		}, []string{"type"}),
	}
	if reg != nil {
		reg.MustRegister(m.envelopes, m.acks, m.ackTime)
	}
	m.draftPaths = newStreamPaths(reg)
	return m
}

func (m *metrics) observeAck(typ string, d time.Duration, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.acks.WithLabelValues(typ, result).Inc()
	m.ackTime.WithLabelValues(typ).Observe(d.Seconds())
}
