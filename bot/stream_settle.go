package bot

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"
)

// stopWorker stops the worker and waits for it; nothing more is sent until settle.
func (d *draftStream) stopWorker() {
	d.mu.Lock()
	d.finishing = true
	d.mu.Unlock()
	d.poke()
	<-d.stopped
}

// endWith finishes the stream in one call — the rest of final and the footer (the draft's
// context, warnings and buttons) — when final continues exactly what was shown and fits. false
// means the message must still be replaced (settle); the stream is no longer written to either way.
func (d *draftStream) endWith(ctx context.Context, final string, footer []slack.Block) (draftShown, bool) {
	if d.notePath() != pathStream {
		return draftShown{}, false
	}
	done, stopped := d.stop(ctx, final, footer)
	if stopped || d.refusedBy == "message_not_in_streaming_state" {
		d.mode = modeFallback // ended: settle replaces it without stopping it again
	}
	if !done {
		return draftShown{}, false
	}
	return d.shownBy(ctx), true
}

// notePath fixes, at the first call, how the draft reached the person: pathStream when it
// streamed to its end (even if the message is then replaced), pathFallback otherwise.
func (d *draftStream) notePath() string {
	if d.path == "" {
		d.path = pathFallback
		if d.mode == modeStream {
			d.path = pathStream
		}
	}
	return d.path
}

// settle ends the stream, if one is open, and makes the draft's message show notice and blocks,
// as a message that was never streamed would; the worker must have stopped.
func (d *draftStream) settle(ctx context.Context, notice string, blocks []slack.Block) (draftShown, error) {
	d.notePath()
	if d.mode == modeStream {
		d.stopOpenStream(ctx)
	}
	if err := d.replaceWith(ctx, notice, blocks); err != nil {
		return draftShown{TS: d.ts, Path: d.path}, err
	}
	return d.shownBy(ctx), nil
}

// stopOpenStream ends the stream without adding to it; when Slack will not (it expired, or the
// person pressed stop) the message can still be replaced.
func (d *draftStream) stopOpenStream(ctx context.Context) {
	err := d.waitingOutRateLimits(ctx, func() error {
		_, _, err := d.api.StopStreamContext(ctx, d.target.Channel, d.ts)
		return err
	})
	if err != nil {
		d.refusedBy = slackErrorCode(err)
	}
	d.mode = modeFallback
}

// replaceWith puts notice and blocks in the draft's message. A message still streaming is
// stopped first; a message that is gone is posted again. Any other refusal is returned: posting a
// second message beside the draft's own would leave two drafts in the thread.
func (d *draftStream) replaceWith(ctx context.Context, notice string, blocks []slack.Block) error {
	put := func() error { return d.put(ctx, notice, blocks) }
	err := d.waitingOutRateLimits(ctx, put)
	if err == nil || d.ts == "" || ctx.Err() != nil {
		return err
	}
	switch slackErrorCode(err) {
	case "streaming_state_conflict":
		d.stopOpenStream(ctx)
	case "message_not_found":
		d.log.Warn("the draft's message is gone; posting it again", slog.String("channel_id", d.target.Channel))
		d.ts = ""
	default:
		return err
	}
	return d.waitingOutRateLimits(ctx, put)
}

// shownBy counts and logs the finished draft's path.
func (d *draftStream) shownBy(ctx context.Context) draftShown {
	d.paths.WithLabelValues(d.path).Inc()
	attrs := []slog.Attr{slog.String("channel_id", d.target.Channel), slog.String("path", d.path)}
	if d.refusedBy != "" {
		attrs = append(attrs, slog.String("stream_refused", d.refusedBy))
	}
	d.log.LogAttrs(ctx, slog.LevelInfo, "draft shown", attrs...)
	return draftShown{TS: d.ts, Path: d.path}
}
