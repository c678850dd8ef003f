package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// tell answers one person (a refusal, a listing): an ephemeral message in the channel they typed in.
// Without a channel (a press in the App Home), or in a channel the bot is not in, the answer goes
// to the person's DM.
func (b *Bot) tell(ctx context.Context, channelID, userID, text string, blocks ...slack.Block) {
	if channelID == "" {
		b.dm(ctx, userID, text, blocks)
		return
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	_, err := b.api.PostEphemeralContext(ctx, channelID, userID, opts...)
	if isNotInChannel(err) {
		b.dm(ctx, userID, notInChannelHint(channelID)+"\n"+text, blocks)
		return
	}
	if err != nil {
		b.log.Error("post ephemeral", "channel_id", channelID, "error", err)
	}
}

// announce posts a message everyone in the channel should see (changes to bindings, caps, the OS).
// If the bot is not in the channel, the person who made the change is told how to fix that.
func (b *Bot) announce(ctx context.Context, channelID, actorID, text string) {
	_, _, err := b.api.PostMessageContext(ctx, channelID,
		slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	if isNotInChannel(err) {
		b.dm(ctx, actorID, notInChannelHint(channelID)+"\n"+text, nil)
		return
	}
	if err != nil {
		b.log.Error("post message", "channel_id", channelID, "error", err)
	}
}

func isNotInChannel(err error) bool {
	return err != nil && (err.Error() == "not_in_channel" || err.Error() == "channel_not_found")
}

func notInChannelHint(channelID string) string {
	return fmt.Sprintf(":wave: I'm not a member of <#%s>, so I can't post there. Invite me with `/invite @mos` in that channel.", channelID)
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

// requireMember refuses to bind a channel the bot is not in: nothing it makes there could be posted.
func (b *Bot) requireMember(ctx context.Context, channelID string) error {
	ch, err := b.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channelID})
	if err != nil {
		if isNotInChannel(err) {
			return personError{notInChannelHint(channelID)}
		}
		return err
	}
	if !ch.IsMember && !ch.IsIM {
		return personError{notInChannelHint(channelID)}
	}
	return nil
}
