package bot

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// draftShown is where the finished draft is and how it got there.
type draftShown struct {
	TS   string // the draft message
	Path string // pathStream or pathFallback
}

// Finish puts the final text and its buttons in the thread. When the final text continues what
// was streamed, the stream is stopped with the rest and the buttons; otherwise (the checks changed
// it, streaming was refused or expired) the message is replaced, or posted when there is none.
// The person sees exactly final, escaped, and the buttons.
func (d *draftStream) Finish(ctx context.Context, final string, buttons []slack.Block) (draftShown, error) {
	d.mu.Lock()
	d.finishing = true
	d.mu.Unlock()
	d.poke()
	<-d.stopped
	path, err := d.finish(ctx, final, buttons)
	attrs := []slog.Attr{slog.String("channel_id", d.target.Channel), slog.String("path", path),
		slog.Int("chars", utf8.RuneCountInString(final))}
	if d.refusedBy != "" {
		attrs = append(attrs, slog.String("stream_refused", d.refusedBy))
	}
	if err != nil {
		d.log.LogAttrs(ctx, slog.LevelWarn, "could not show the finished draft",
			append(attrs, slog.String("error", slackErrorCode(err)))...)
		return draftShown{TS: d.ts, Path: path}, err
	}
	d.paths.WithLabelValues(path).Inc()
	d.log.LogAttrs(ctx, slog.LevelInfo, "draft shown", attrs...)
	return draftShown{TS: d.ts, Path: path}, nil
}

// finish reports pathStream when the person watched the draft stream to its end (even if the
// checks then changed it), pathFallback otherwise.
func (d *draftStream) finish(ctx context.Context, final string, buttons []slack.Block) (string, error) {
	if d.mode != modeStream {
		return pathFallback, d.replace(ctx, final, buttons)
	}
	done, stopped := d.stop(ctx, final, buttons)
	if done {
		return pathStream, nil
	}
	err := d.replace(ctx, final, buttons)
	if stopped {
		return pathStream, err
	}
	return pathFallback, err
}

// stop ends the stream, with the rest of final and the buttons when final continues what was
// shown and fits (done); otherwise the message must still be replaced. stopped reports that the
// stream ended normally rather than being refused or expiring.
func (d *draftStream) stop(ctx context.Context, final string, buttons []slack.Block) (done, stopped bool) {
	rest, continues := strings.CutPrefix(final, d.shown.String())
	fits := continues && !d.overflow && d.shownLen+escapedLen(rest) <= maxStreamText
	var opts []slack.MsgOption
	if fits {
		opts = append(opts, slack.MsgOptionBlocks(buttons...))
		if rest != "" {
			opts = append(opts, slack.MsgOptionMarkdownText(escapeText(rest)))
		}
	}
	err := d.waitingOutRateLimits(ctx, func() error {
		_, _, err := d.api.StopStreamContext(ctx, d.target.Channel, d.ts, opts...)
		return err
	})
	if err != nil {
		d.refusedBy = slackErrorCode(err)
		return false, false
	}
	return fits, true
}

// replace shows final and the buttons in the draft's message, posting a new one when there is
// none or it cannot be changed.
func (d *draftStream) replace(ctx context.Context, final string, buttons []slack.Block) error {
	blocks := append(draftBlocks(final), buttons...)
	put := func() error { return d.put(ctx, draftNotice(final), blocks) }
	err := d.waitingOutRateLimits(ctx, put)
	if err == nil || d.ts == "" || ctx.Err() != nil {
		return err
	}
	d.log.Warn("could not replace the streamed draft; posting it again", slog.String("channel_id", d.target.Channel),
		slog.String("error", slackErrorCode(err)))
	d.ts = ""
	return d.waitingOutRateLimits(ctx, put)
}

// draftBlocks shows a whole draft: one markdown block, as streamed text renders, or mrkdwn
// sections when it is longer than markdown blocks may be. Nothing is cut.
func draftBlocks(text string) []slack.Block {
	if escapedLen(text) <= maxStreamText {
		return []slack.Block{slack.NewMarkdownBlock("", escapeText(text))}
	}
	var blocks []slack.Block
	for _, part := range escapedChunks(text, 3000) {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, false), nil, nil))
	}
	return blocks
}

// waitingOutRateLimits runs call, waiting out up to MaxRateWaits 429s.
func (d *draftStream) waitingOutRateLimits(ctx context.Context, call func() error) error {
	for i := 0; ; i++ {
		err := call()
		if err == nil || i >= d.pace.MaxRateWaits || !d.isRateLimited(err) {
			return err
		}
		select {
		case <-d.clock.After(d.retryAt.Sub(d.clock.Now())):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
