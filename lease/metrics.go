package lease

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics count what an operator asks after a crash: how many generations were handed back, and
// how many runs lost their lease.
type metrics struct {
	requeued   prometheus.Counter
	lost       prometheus.Counter
	handedBack prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requeued: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "mos", Subsystem: "lease",
			Name: "requeued_total", Help: "Generations handed back to the queue because their lease expired."}),
		lost: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "mos", Subsystem: "lease",
			Name: "lost_total", Help: "Generation runs that lost their lease; their results were dropped."}),
		handedBack: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "mos", Subsystem: "lease",
			Name: "handed_back_total", Help: "Generations handed back at once because this replica was stopping."}),
	}
	if reg != nil {
		m.requeued = register(reg, m.requeued)
		m.lost = register(reg, m.lost)
		m.handedBack = register(reg, m.handedBack)
	}
	return m
}

// register adds c to reg, or returns the counter already registered under its name.
func register(reg prometheus.Registerer, c prometheus.Counter) prometheus.Counter {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(prometheus.Counter); ok {
			return existing
		}
	}
	if err != nil {
		panic("lease: register metric: " + err.Error())
	}
	return c
}
