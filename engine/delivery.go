package engine

import (
	"context"
	"fmt"
	"time"
)

// DeliveryMemory is how long a delivery id is remembered. Chat platforms redeliver within minutes,
// so a day is ample, and the table stays small.
const DeliveryMemory = 24 * time.Hour

// FirstDelivery records an inbound event's id (a Slack envelope id) and says whether this is the
// first time it arrived: a redelivery, or the copy another replica received, is handled once.
func (e *Engine) FirstDelivery(ctx context.Context, id string) (bool, error) {
	tag, err := e.pool.Exec(ctx, `INSERT INTO slack_envelopes (envelope_id, received_at) VALUES ($1, $2)
		ON CONFLICT DO NOTHING`, id, e.now())
	if err != nil {
		return false, fmt.Errorf("engine: record delivery %s: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ForgetOldDeliveries drops the ids recorded more than DeliveryMemory ago. Every replica may run it;
// it is idempotent.
func (e *Engine) ForgetOldDeliveries(ctx context.Context) error {
	if _, err := e.pool.Exec(ctx, `DELETE FROM slack_envelopes WHERE received_at < $1`,
		e.now().Add(-DeliveryMemory)); err != nil {
		return fmt.Errorf("engine: forget old deliveries: %w", err)
	}
	return nil
}
