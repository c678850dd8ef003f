package llm

import (
	"context"
	"time"
)

// SetSleep replaces the wait between attempts, so tests can see backoffs without
// sleeping through them.
func SetSleep(c *Client, f func(ctx context.Context, d time.Duration) error) { c.sleep = f }
