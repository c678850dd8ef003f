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

// settle ends the stream, if one is open, and makes the draft's message show notice and blocks,
// as a message that was never streamed would; the worker must have stopped. Replacing rather than
// finishing the stream with its final text keeps the message exactly what PieceChanged draws.
func (d *draftStream) settle(ctx context.Context, notice string, blocks []slack.Block) (draftShown, error) {
	path := pathFallback
	if d.mode == modeStream {
		path = pathStream
		err := d.waitingOutRateLimits(ctx, func() error {
			_, _, err := d.api.StopStreamContext(ctx, d.target.Channel, d.ts)
			return err
		})
		if err != nil { // expired or stopped by the person: the message can still be replaced
			d.refusedBy = slackErrorCode(err)
		}
	}
	put := func() error { return d.put(ctx, notice, blocks) }
	err := d.waitingOutRateLimits(ctx, put)
	if err != nil && d.ts != "" && ctx.Err() == nil {
		d.log.Warn("could not replace the streamed draft; posting it again", slog.String("channel_id", d.target.Channel),
			slog.String("error", slackErrorCode(err)))
		d.ts = ""
		err = d.waitingOutRateLimits(ctx, put)
	}
	if err != nil {
		return draftShown{TS: d.ts, Path: path}, err
	}
	d.paths.WithLabelValues(path).Inc()
	attrs := []slog.Attr{slog.String("channel_id", d.target.Channel), slog.String("path", path)}
	if d.refusedBy != "" {
		attrs = append(attrs, slog.String("stream_refused", d.refusedBy))
	}
	d.log.LogAttrs(ctx, slog.LevelInfo, "draft shown", attrs...)
	return draftShown{TS: d.ts, Path: path}, nil
}
