package inbox_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/inbox"
)

// BenchmarkPut measures what the front door adds to an ack: one insert of a ~2 KB envelope
// (p50/p99 in milliseconds).
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	db := pgtest.New(b)
	s := inbox.New(db.Pool, inbox.Config{Holder: "bench"})
	payload := []byte(`{"type":"view_submission","view":{"state":{"values":{"text":{"text":{"type":"plain_text_input","value":"` +
		string(slices.Repeat([]byte("x"), 2000)) + `"}}}}}}`)
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		_, err := s.Put(ctx, inbox.Event{ID: "bench-" + strconv.Itoa(i), Kind: "interactive", Payload: payload})
		took = append(took, time.Since(start))
		require.NoError(b, err)
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)])/float64(time.Millisecond), "p99-ms")
}
