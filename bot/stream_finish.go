package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// draftShown is where the finished draft is and how it got there.
type draftShown struct {
	TS   string // the draft message
	Path string // pathStream or pathFallback
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
