package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestFirstDeliveryOnceThenForgotten: an event id is handled once however often it arrives, and
// forgotten a day later on the engine's clock.
func TestFirstDeliveryOnceThenForgotten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	first, err := b.e.FirstDelivery(ctx, "Env-1")
	require.NoError(t, err)
	require.True(t, first)
	first, err = b.e.FirstDelivery(ctx, "Env-1")
	require.NoError(t, err)
	require.False(t, first, "a redelivery is not handled again")

	require.NoError(t, b.e.ForgetOldDeliveries(ctx))
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM slack_envelopes`), "remembered for a day")
	b.clock.Set(b.clock.Now().Add(DeliveryMemory + time.Minute))
	require.NoError(t, b.e.ForgetOldDeliveries(ctx))
	require.Zero(t, b.count(t, `SELECT count(*) FROM slack_envelopes`))
}
