package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// tell answers one person (a refusal, a listing): an ephemeral message in the channel they typed in.
// Without a channel (a press in the App Home) the answer goes to the person's DM.
func (b *Bot) tell(ctx context.Context, channelID, userID, text string, blocks ...slack.Block) {
	if channelID == "" {
		b.dm(ctx, userID, text, blocks)
		return
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if _, err := b.api.PostEphemeralContext(ctx, channelID, userID, opts...); err != nil {
		b.log.Error("post ephemeral", "channel_id", channelID, "error", err)
	}
}

// announce posts a message everyone in the channel should see (changes to bindings, caps, the OS).
func (b *Bot) announce(ctx context.Context, channelID, text string) {
	_, _, err := b.api.PostMessageContext(ctx, channelID,
		slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	if err != nil {
		b.log.Error("post message", "channel_id", channelID, "error", err)
	}
}

func textSection(s string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(truncate(s, 3000)), nil, nil)
}

// packedSections packs lines into at most max section blocks, saying so when some had to be left out.
func packedSections(lines []markedLine, max int) []slack.Block {
	texts := packLines(lines, 2900)
	var blocks []slack.Block
	for i, t := range texts {
		if i == max {
			blocks = append(blocks, textSection(fmt.Sprintf("_…and more (%d sections) not shown._", len(texts)-max)))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(t), nil, nil))
	}
	return blocks
}
