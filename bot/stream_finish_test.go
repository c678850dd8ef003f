package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// Finish puts the final text and its buttons in the thread, as the tests and the benchmark drive a
// draftStream without a piece (the bot finishes with showFinished). When the final text continues what
// was streamed, the stream is stopped with the rest and the buttons, in one call; otherwise (the
// checks changed it, streaming was refused or expired) the message is replaced, or posted when
// there is none. The person sees exactly final, escaped, and the buttons.
func (d *draftStream) Finish(ctx context.Context, final string, buttons []slack.Block) (draftShown, error) {
	d.stopWorker()
	if shown, ok := d.endWith(ctx, final, buttons); ok {
		return shown, nil
	}
	return d.settle(ctx, draftNotice(final), append(draftBlocks(final), buttons...))
}
