package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// refuseKeepingText is refuse for a form someone typed into: when what they submitted is not
// saved (the piece moved on, someone else decided first, our failure on the last attempt), the
// refusal carries their text back to them, so nothing they wrote is lost with the closed modal.
func (b *Bot) refuseKeepingText(ctx context.Context, channelID, userID string, err error, what, text string) {
	b.refuse(ctx, channelID, userID, err)
	b.giveBack(ctx, channelID, userID, what, text)
}

// giveBack shows a person the text of theirs that was not saved, whole and escaped — unless the
// envelope will be handled again (our failure on an attempt that is not the last), which may save it.
func (b *Bot) giveBack(ctx context.Context, channelID, userID, what, text string) {
	if strings.TrimSpace(text) == "" || retrying(ctx) {
		return
	}
	intro := "Your " + what + " was not saved; here it is, so nothing you wrote is lost:"
	blocks := append([]slack.Block{textSection(intro)}, draftSections("kept", text)...)
	b.tell(ctx, channelID, userID, intro, blocks...)
}
