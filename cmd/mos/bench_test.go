package main

import (
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// BenchmarkDraftAck sends 50 concurrent /draft commands through the simulator to a running replica
// and reports how long the bot took to ack them (p50 and p99, in milliseconds).
func BenchmarkDraftAck(b *testing.B) {
	w := newWorld(b)
	w.start()
	w.bindAsMaria(100)
	b.ResetTimer()
	var all []time.Duration
	for i := 0; b.Loop(); i++ {
		before := len(w.sim.AckLatencies())
		var wg sync.WaitGroup
		for j := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.sam.Command(w.channel, "/draft", "https://example.com/x Bench piece "+strconv.Itoa(i*50+j))
			}()
		}
		wg.Wait()
		all = append(all, w.sim.AckLatencies()[before:]...)
	}
	slices.Sort(all)
	b.ReportMetric(ms(all[len(all)/2]), "p50-ack-ms")
	b.ReportMetric(ms(all[len(all)*99/100]), "p99-ack-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
