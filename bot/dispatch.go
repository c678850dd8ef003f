package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// storeTimeout bounds the insert before an ack: far inside Slack's 3 s, so a person whose envelope
// cannot be stored is told so while the modal is still open.
const storeTimeout = time.Second

// frontDoorSlots bounds the envelopes being stored and acked at once, so one slow insert does not
// hold up the ones behind it and a flood cannot start unbounded goroutines.
const frontDoorSlots = 64

// readEvents takes each envelope through the front door (store, then ack) on a bounded set of
// goroutines, and queues what was stored for the worker pool.
func (b *Bot) readEvents(ctx context.Context) {
	slots := make(chan struct{}, frontDoorSlots)
	defer func() { // wait for the envelopes still at the door before the queue closes
		for range frontDoorSlots {
			slots <- struct{}{}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case evt, ok := <-b.socket.Events:
			if !ok {
				return
			}
			if !b.onSocketEvent(evt) {
				continue
			}
			slots <- struct{}{}
			go func() {
				defer func() { <-slots }()
				b.frontDoor(ctx, evt)
			}()
		}
	}
}

// onSocketEvent handles the connection's own events and says whether evt is an envelope to handle.
func (b *Bot) onSocketEvent(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("socket mode connected")
		return false
	case socketmode.EventTypeConnecting, socketmode.EventTypeHello:
		return false
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.socketProblem(evt)
		return false
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeErrorBadMessage:
		b.socketProblem(evt)
		return false
	}
	return evt.Request != nil && evt.Request.EnvelopeID != ""
}

// frontDoor stores an envelope, then acks it, then queues it: nothing is acked that is not stored.
// An invalid modal is answered with its errors and not stored (the person's text stays in the form).
// When the database cannot take the envelope, a modal is answered with an error that keeps the
// text in the form; anything else is left unacked, so Slack tells the person it failed.
func (b *Bot) frontDoor(ctx context.Context, evt socketmode.Event) {
	start := time.Now()
	typ := string(evt.Type)
	if errs := submissionErrors(evt); len(errs) > 0 {
		b.ack(ctx, evt, slack.NewErrorsViewSubmissionResponse(errs), start)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	fresh, err := b.inbox.Put(sctx, storedEvent(evt))
	cancel()
	if err != nil {
		b.refused.Store(evt.Request.EnvelopeID, struct{}{}) // the insert may still land: cancel it then
		b.metrics.envelopes.WithLabelValues(typ, "not_stored").Inc()
		b.log.Error("could not store envelope; not acked", "envelope_id", evt.Request.EnvelopeID, "type", typ,
			"error", err)
		if resp := notSavedResponse(evt); resp != nil {
			b.ack(ctx, evt, resp, start)
		}
		return
	}
	if b.dies(PhaseStored, evt.Request.EnvelopeID) {
		return
	}
	b.ack(ctx, evt, nil, start)
	if b.dies(PhaseAcked, evt.Request.EnvelopeID) {
		return
	}
	if !fresh {
		b.metrics.envelopes.WithLabelValues(typ, "duplicate").Inc()
		return
	}
	b.enqueue(ctx, queued{id: evt.Request.EnvelopeID, evt: evt})
}

// dies says whether the test failpoint kills this replica at phase for this envelope.
func (b *Bot) dies(phase, envelopeID string) bool {
	return b.cfg.Failpoint != nil && b.cfg.Failpoint(phase, envelopeID)
}

func (b *Bot) ack(ctx context.Context, evt socketmode.Event, payload any, start time.Time) {
	err := b.socket.AckCtx(ctx, evt.Request.EnvelopeID, payload)
	b.metrics.observeAck(string(evt.Type), time.Since(start), err)
	if err != nil {
		b.log.Warn("ack failed", "envelope_id", evt.Request.EnvelopeID, "error", err)
	}
}

// submissionErrors returns a modal submission's validation errors by block id (none for anything
// else): checked on the ack path, which is pure and fast.
func submissionErrors(evt socketmode.Event) map[string]string {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	return validateSubmission(cb)
}

// worker handles queued envelopes until the queue closes.
func (b *Bot) worker() {
	for q := range b.work {
		ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
		b.handleStored(ctx, q)
		cancel()
	}
}

// handle runs one envelope's work; a panic is logged and ends only this envelope.
func (b *Bot) handle(ctx context.Context, evt socketmode.Event) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panicked", "type", string(evt.Type), "panic", r)
		}
	}()
	b.metrics.envelopes.WithLabelValues(string(evt.Type), "handled").Inc()
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		b.onCommand(ctx, data)
	case slack.InteractionCallback:
		b.onInteraction(ctx, data)
	case slackevents.EventsAPIEvent:
		b.onEventsAPI(ctx, data)
	}
}

// socketProblem logs a socket event that reports a failure with the error slack-go attached, so the
// log says why the connection failed and not only that it did.
func (b *Bot) socketProblem(evt socketmode.Event) {
	args := []any{"type", string(evt.Type)}
	switch d := evt.Data.(type) {
	case *socketmode.ErrorWriteFailed:
		args = append(args, "error", d.Cause)
	case *socketmode.ErrorBadMessage:
		args = append(args, "error", d.Cause)
	case error: // connection_error, incoming_error
		args = append(args, "error", d.Error())
	}
	b.log.Warn("socket mode problem", args...)
}
