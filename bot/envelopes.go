package bot

import (
	"context"
	"time"
)

// envelopeMemory is how long an envelope id is remembered. Slack redelivers within minutes, so a
// day is ample, and the table stays small.
const envelopeMemory = 24 * time.Hour

func (b *Bot) firstDelivery(ctx context.Context, envelopeID string) (bool, error) {
	tag, err := b.pool.Exec(ctx,
		"INSERT INTO slack_envelopes (envelope_id) VALUES ($1) ON CONFLICT DO NOTHING", envelopeID)
	if err != nil {
		return true, err // better to risk a duplicate than to drop a person's command
	}
	return tag.RowsAffected() == 1, nil
}

// forgetOldEnvelopes prunes remembered envelope ids every hour until ctx ends. Every replica may
// run it; the delete is idempotent.
func (b *Bot) forgetOldEnvelopes(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := b.pool.Exec(ctx, "DELETE FROM slack_envelopes WHERE received_at < $1",
			time.Now().Add(-envelopeMemory)); err != nil && ctx.Err() == nil {
			b.log.Warn("prune slack envelopes", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
