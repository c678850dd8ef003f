package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mos-hq/mos/inbox"
)

// queued is an envelope waiting for a worker: its id, and the parsed event when it came from this
// replica's socket (an orphan taken over from the store has none yet).
type queued struct {
	id  string
	evt socketmode.Event
}

// notSavedText is what a person sees on a modal whose submission the database could not take.
const notSavedText = "mos couldn't save this just now — press Submit again (your text is still here)."

// storedEvent is what the inbox keeps of an envelope: enough to handle it on any replica.
func storedEvent(evt socketmode.Event) inbox.Event {
	return inbox.Event{ID: evt.Request.EnvelopeID, Kind: evt.Request.Type, Payload: evt.Request.Payload}
}

// decodeStored rebuilds the event slack-go would have parsed from a stored envelope.
func decodeStored(ev inbox.Event) (socketmode.Event, error) {
	req := &socketmode.Request{Type: ev.Kind, EnvelopeID: ev.ID, Payload: ev.Payload}
	switch ev.Kind {
	case socketmode.RequestTypeEventsAPI:
		data, err := slackevents.ParseEvent(ev.Payload, slackevents.OptionNoVerifyToken())
		return socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: data, Request: req}, err
	case socketmode.RequestTypeSlashCommands:
		var cmd slack.SlashCommand
		err := json.Unmarshal(ev.Payload, &cmd)
		return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}, err
	case socketmode.RequestTypeInteractive:
		var cb slack.InteractionCallback
		err := json.Unmarshal(ev.Payload, &cb)
		return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb, Request: req}, err
	}
	return socketmode.Event{}, fmt.Errorf("unknown envelope type %q", ev.Kind)
}

// notSavedResponse is the ack for an envelope the database could not take: for a modal submission,
// an error on its first input, which keeps the modal open with what the person typed; nil for
// anything else, which is then left unacked so Slack shows the person that it failed.
func notSavedResponse(evt socketmode.Event) *slack.ViewSubmissionResponse {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	for _, blk := range cb.View.Blocks.BlockSet {
		if in, ok := blk.(*slack.InputBlock); ok && in.BlockID != "" {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{in.BlockID: notSavedText})
		}
	}
	return nil
}

// enqueue hands a stored envelope to the workers. A full queue leaves it in the store, released,
// so the next sweep (on any replica) takes it: it is never dropped.
func (b *Bot) enqueue(ctx context.Context, q queued) {
	if _, busy := b.inflight.LoadOrStore(q.id, struct{}{}); busy {
		return
	}
	select {
	case b.work <- q:
	default:
		b.inflight.Delete(q.id)
		b.log.Warn("work queue full; envelope left for the next sweep", "envelope_id", q.id)
		if err := b.inbox.Release(context.WithoutCancel(ctx), q.id); err != nil {
			b.log.Warn("release envelope", "envelope_id", q.id, "error", err)
		}
	}
}

// handleStored takes the lease on a queued envelope, handles it while renewing the lease, and marks
// it done. An envelope another live replica holds, or one already done, is skipped.
func (b *Bot) handleStored(ctx context.Context, q queued) {
	defer b.inflight.Delete(q.id)
	if b.stopping.Load() {
		b.release(q.id) // another replica takes it at once; this one is going away
		return
	}
	ev, ok, err := b.claim(ctx, q.id)
	switch {
	case errors.Is(err, inbox.ErrGaveUp):
		b.metrics.envelopes.WithLabelValues(ev.Kind, "gave_up").Inc()
		b.log.Error("envelope given up after repeated failed handlings", "envelope_id", q.id, "kind", ev.Kind,
			"attempts", ev.Attempts-1)
		b.tellGivenUp(ctx, ev)
		return
	case err != nil:
		b.log.Warn("could not take envelope; it will be retried", "envelope_id", q.id, "error", err)
		return
	case !ok:
		return
	}
	evt := q.evt
	if evt.Request == nil {
		if evt, err = decodeStored(ev); err != nil {
			b.log.Error("stored envelope is unreadable", "envelope_id", q.id, "error", err)
			return // it is given up after its attempts
		}
		b.metrics.envelopes.WithLabelValues(string(evt.Type), "taken_over").Inc()
	}
	stop := b.keepLease(ctx, q.id)
	h := &handling{id: q.id, canRetry: ev.Attempts < min(ourFailureHandlings, b.inbox.MaxAttempts())}
	b.handle(withHandling(ctx, h), evt)
	stop()
	if b.dies(PhaseHandled, q.id) {
		return
	}
	if h.retry {
		b.metrics.envelopes.WithLabelValues(string(evt.Type), "retried").Inc()
		b.release(q.id) // the next sweep, on any replica, handles it again
		return
	}
	if err := b.inbox.Done(context.WithoutCancel(ctx), q.id); err != nil {
		b.log.Warn("could not mark envelope done; it may be handled again", "envelope_id", q.id, "error", err)
	}
}

// claim takes an envelope, trying again twice within half a second when the database fails: a
// connection the database dropped fails once and is replaced, and the envelope need not wait for
// its lease to run out.
func (b *Bot) claim(ctx context.Context, id string) (inbox.Event, bool, error) {
	var err error
	for wait := 100 * time.Millisecond; ; wait *= 3 {
		var ev inbox.Event
		var ok bool
		ev, ok, err = b.inbox.Claim(ctx, id)
		if err == nil || errors.Is(err, inbox.ErrGaveUp) || wait > 300*time.Millisecond {
			return ev, ok, err
		}
		select {
		case <-ctx.Done():
			return ev, false, err
		case <-time.After(wait):
		}
	}
}

func (b *Bot) release(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := b.inbox.Release(ctx, id); err != nil {
		b.log.Warn("release envelope", "envelope_id", id, "error", err)
	}
}

// keepLease renews the lease on an envelope every third of its life until the returned stop is called.
func (b *Bot) keepLease(ctx context.Context, id string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(b.inbox.Lease() / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if held, err := b.inbox.Renew(ctx, id); err == nil && !held {
					b.log.Warn("lost the lease on an envelope being handled", "envelope_id", id)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// sweepOrphans looks for envelopes whose replica died before finishing them, and queues them here;
// and once an hour forgets envelopes finished a day ago. It runs until ctx ends.
func (b *Bot) sweepOrphans(ctx context.Context) {
	t := time.NewTicker(b.inbox.SweepEvery())
	defer t.Stop()
	lastPrune := time.Time{}
	for {
		b.refuseLateInserts(ctx)
		if ids, err := b.inbox.Orphans(ctx, cap(b.work)/4); err == nil {
			for _, id := range ids {
				b.enqueue(ctx, queued{id: id})
			}
		} else if ctx.Err() == nil {
			b.log.Warn("look for orphaned envelopes", "error", err)
		}
		if time.Since(lastPrune) > time.Hour {
			if err := b.inbox.Prune(ctx); err == nil {
				lastPrune = time.Now()
			} else if ctx.Err() == nil {
				b.log.Warn("prune finished envelopes", "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// refuseLateInserts cancels the envelopes whose insert timed out (the person was told to try again)
// in case the insert landed after all, so they are not handled twice.
func (b *Bot) refuseLateInserts(ctx context.Context) {
	b.refused.Range(func(k, _ any) bool {
		if err := b.inbox.Refuse(ctx, k.(string)); err == nil {
			b.refused.Delete(k)
		}
		return ctx.Err() == nil
	})
}

// ourFailureHandlings is how many times a handling that fails on our side (the database went
// away mid-way) is tried before its failure is shown: a few seconds apart, so a brief outage passes
// unseen while the person does not wait long to hear of a longer one.
const ourFailureHandlings = 3

// handling is what a handler knows of the envelope it handles: its id, so its effect happens once
// however often it is handled (engine.DraftRequest.RequestKey), and whether this attempt may leave
// a failure of ours to the next one.
type handling struct {
	id       string
	canRetry bool // not the envelope's last attempt
	retry    bool // set by the handler: our failure, handle the envelope again shortly
}

type handlingKey struct{}

func withHandling(ctx context.Context, h *handling) context.Context {
	return context.WithValue(ctx, handlingKey{}, h)
}

// envelopeID is the id of the envelope ctx handles, "" outside a handler.
func envelopeID(ctx context.Context) string {
	if h, ok := ctx.Value(handlingKey{}).(*handling); ok {
		return h.id
	}
	return ""
}

// retrying reports whether the envelope ctx handles was asked to be handled again (retryLater).
func retrying(ctx context.Context) bool {
	h, ok := ctx.Value(handlingKey{}).(*handling)
	return ok && h.retry
}

// retryLater asks for the envelope ctx handles to be handled again shortly, and reports whether it
// will be: false on its last attempt (and outside a handler), when the failure must be shown.
func retryLater(ctx context.Context) bool {
	h, ok := ctx.Value(handlingKey{}).(*handling)
	if !ok || !h.canRetry {
		return false
	}
	h.retry = true
	return true
}
