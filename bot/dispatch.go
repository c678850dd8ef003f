package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// readEvents acks each envelope the moment it arrives (before any I/O of ours), then queues it for
// the bounded worker pool. The one exception is a modal submission, whose ack may carry validation
// errors: it is validated on this path, which is pure and fast.
func (b *Bot) readEvents(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt, ok := <-b.socket.Events:
			if !ok {
				return
			}
			b.onEvent(ctx, evt)
		}
	}
}

func (b *Bot) onEvent(ctx context.Context, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("socket mode connected")
		return
	case socketmode.EventTypeConnecting, socketmode.EventTypeHello:
		return
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.socketProblem(evt)
		return
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeErrorBadMessage:
		b.socketProblem(evt)
		return
	}
	if evt.Request == nil {
		return
	}
	start := time.Now()
	payload := b.ackPayload(ctx, evt)
	err := b.socket.AckCtx(ctx, evt.Request.EnvelopeID, payload)
	b.metrics.observeAck(string(evt.Type), time.Since(start), err)
	if err != nil {
		b.log.Warn("ack failed", "envelope_id", evt.Request.EnvelopeID, "error", err)
	}
	if payload != nil {
		return // the modal stays open showing the errors; nothing else to do
	}
	select {
	case b.work <- evt:
	case <-ctx.Done():
	}
}

// ackPayload returns a view_submission error response when the modal's input is invalid.
func (b *Bot) ackPayload(_ context.Context, evt socketmode.Event) any {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	if errs := validateSubmission(cb); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	return nil
}

// worker handles queued envelopes until the reader closes the queue.
func (b *Bot) worker() {
	for evt := range b.work {
		ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
		b.handle(ctx, evt)
		cancel()
	}
}

// handle runs one envelope's work once: a redelivered envelope id is dropped.
func (b *Bot) handle(ctx context.Context, evt socketmode.Event) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panicked", "type", string(evt.Type), "panic", r)
		}
	}()
	first, err := b.firstDelivery(ctx, evt.Request.EnvelopeID)
	if err != nil {
		b.log.Error("dedupe envelope", "envelope_id", evt.Request.EnvelopeID, "error", err)
	}
	if !first {
		b.metrics.envelopes.WithLabelValues(string(evt.Type), "duplicate").Inc()
		return
	}
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
