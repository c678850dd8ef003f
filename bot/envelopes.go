package bot

import (
	"context"
	"time"
)

// firstDelivery says whether this is the first time an envelope arrived (the engine remembers
// every id for a day, across replicas).
func (b *Bot) firstDelivery(ctx context.Context, envelopeID string) (bool, error) {
	first, err := b.engine.FirstDelivery(ctx, envelopeID)
	if err != nil {
		return true, err // better to risk a duplicate than to drop a person's command
	}
	return first, nil
}

// forgetOldEnvelopes prunes remembered envelope ids every hour until ctx ends.
func (b *Bot) forgetOldEnvelopes(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := b.engine.ForgetOldDeliveries(ctx); err != nil && ctx.Err() == nil {
			b.log.Warn("prune slack envelopes", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
