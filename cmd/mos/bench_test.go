package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm/llmtest"
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
		b.StopTimer()
		w.settle(b) // each burst meets an idle replica, as a team's morning burst would
		b.StartTimer()
	}
	slices.Sort(all)
	b.ReportMetric(ms(all[len(all)/2]), "p50-ack-ms")
	b.ReportMetric(ms(all[min(len(all)-1, len(all)*99/100)]), "p99-ack-ms")
}

// settle waits until every requested piece has its outline, then frees today's cap for the next burst.
func (w *world) settle(b *testing.B) {
	require.Eventually(b, func() bool {
		return w.scalar("SELECT count(*) FROM pieces WHERE state = 'requested' OR message_ts IS NULL") == 0
	}, time.Minute, 20*time.Millisecond)
	_, err := w.db.Pool.Exec(context.Background(), "DELETE FROM cap_usage")
	require.NoError(b, err)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkModelReplyToPost measures mos's own overhead between the model's answer and Slack: the
// fake LLM notes when it answers an outline request, and a proxy in front of the simulator notes
// when the outline reaches chat.update. In between: parsing, checks, the Postgres transaction, the
// piece view and rendering. It reports p50/p99 in milliseconds.
func BenchmarkModelReplyToPost(b *testing.B) {
	w := newWorld(b)
	var answered atomic.Int64
	w.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		answered.Store(time.Now().UnixNano())
		return outlineReply(b)
	})
	posted := make(chan time.Time, 16)
	target, err := url.Parse(w.sim.APIURL())
	require.NoError(b, err)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/chat.update") {
			body, _ := io.ReadAll(r.Body)
			if bytes.Contains(body, []byte("Outline+ready")) || bytes.Contains(body, []byte("Outline ready")) {
				posted <- time.Now()
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		proxy.ServeHTTP(rw, r)
	}))
	b.Cleanup(srv.Close)
	w.cfg.SlackAPIURL = srv.URL + target.Path
	w.start()
	w.bindAsMaria(100)
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		w.sam.Command(w.channel, "/draft", "https://example.com/x Bench piece "+strconv.Itoa(i))
		at := <-posted
		took = append(took, at.Sub(time.Unix(0, answered.Load())))
	}
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[min(len(took)-1, len(took)*99/100)]), "p99-ms")
}
