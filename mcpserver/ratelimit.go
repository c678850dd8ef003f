package mcpserver

import (
	"fmt"
	"sync"
	"time"
)

// Rate is how many calls a token may make: Per second on average, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// DefaultRate lets an agent work briskly while a runaway loop is stopped within a second.
var DefaultRate = Rate{PerSecond: 10, Burst: 20}

// RateError is a call refused because its token made too many; it says the limit and when to retry.
type RateError struct {
	Rate  Rate
	Retry time.Duration
}

func (e *RateError) Error() string {
	return fmt.Sprintf("too many calls: a token may make %g calls a second (bursts of %d); wait %s and try again",
		e.Rate.PerSecond, e.Rate.Burst, e.Retry.Round(time.Millisecond))
}

// limiter is a token bucket per agent token, on an injected clock. It holds one bucket per token
// that has called, so its memory is bounded by the number of tokens.
type limiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(r Rate, now func() time.Time) *limiter {
	return &limiter{rate: r, now: now, buckets: map[int64]*bucket{}}
}

// allow takes one call from the token's bucket, or returns a *RateError saying how long to wait.
func (l *limiter) allow(tokenID int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[tokenID]
	if !ok {
		b = &bucket{tokens: float64(l.rate.Burst), last: now}
		l.buckets[tokenID] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(float64(l.rate.Burst), b.tokens+elapsed.Seconds()*l.rate.PerSecond)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return nil
	}
	wait := time.Duration((1 - b.tokens) / l.rate.PerSecond * float64(time.Second))
	return &RateError{Rate: l.rate, Retry: wait}
}
