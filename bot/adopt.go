package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// pieceEventType marks a piece's channel message in its metadata, so that a message a replica
// posted but did not live to record can be found again.
const pieceEventType = "mos_piece"

func pieceMetadata(pieceID int64) slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: pieceEventType,
		EventPayload: map[string]any{"piece_id": pieceID}})
}

// adoptWindow is how far before an earlier attempt's mark its message is looked for: the
// database's clock and Slack's need not agree to the second.
const adoptWindow = time.Minute

// leftMessage is the piece's message m that an earlier attempt posted but did not record, when
// BeginPost says one set out to: the channel message found by its metadata, the draft as the bot's
// reply in the piece's thread (the bot writes nothing else there), its stream stopped. "" when
// this is the first attempt, none is found, or Slack will not say (without the history scopes);
// then a new message is posted, as before.
func (b *Bot) leftMessage(ctx context.Context, v engine.View, m engine.PieceMessage) string {
	earlier, err := b.engine.BeginPost(ctx, v.Piece.ID, m)
	if err != nil || earlier.IsZero() {
		if err != nil {
			b.log.Warn("could not mark the message as being posted", "piece_id", v.Piece.ID, "error", err)
		}
		return ""
	}
	var ts string
	if m == engine.DraftMessage {
		ts, err = b.botReplyIn(ctx, v.Piece.ChannelID, v.Piece.MessageTS)
	} else {
		ts, err = b.pieceMessageSince(ctx, v.Piece.ChannelID, v.Piece.ID, earlier.Add(-adoptWindow))
	}
	if err != nil {
		b.log.Warn("could not look for a message an earlier attempt left; posting a new one",
			slog.Int64("piece_id", v.Piece.ID), slog.String("message", string(m)), slog.String("error", slackErrorCode(err)))
		return ""
	}
	if ts != "" && m == engine.DraftMessage {
		_, _, _ = b.api.StopStreamContext(ctx, v.Piece.ChannelID, ts) // if it is still streaming
	}
	if ts != "" {
		b.log.Info("adopting the message an earlier attempt left", slog.Int64("piece_id", v.Piece.ID),
			slog.String("message", string(m)), slog.String("ts", ts))
	}
	return ts
}

// botReplyIn is the bot's first reply in the thread, "" when it has none.
func (b *Bot) botReplyIn(ctx context.Context, channelID, threadTS string) (string, error) {
	msgs, _, _, err := b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
		ChannelID: channelID, Timestamp: threadTS, Limit: 200})
	if err != nil {
		return "", err
	}
	for _, msg := range msgs {
		if msg.Timestamp != threadTS && msg.User == b.botUserID {
			return msg.Timestamp, nil
		}
	}
	return "", nil
}

// pieceMessageSince is the bot's channel message for the piece posted since oldest, "" when none.
func (b *Bot) pieceMessageSince(ctx context.Context, channelID string, pieceID int64, oldest time.Time) (string, error) {
	resp, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channelID, Oldest: fmt.Sprintf("%d.000000", oldest.Unix()), Limit: 200, IncludeAllMetadata: true})
	if err != nil {
		return "", err
	}
	want := strconv.FormatInt(pieceID, 10)
	for _, msg := range resp.Messages {
		md := msg.Metadata
		if msg.User == b.botUserID && md.EventType == pieceEventType && payloadID(md.EventPayload["piece_id"]) == want {
			return msg.Timestamp, nil
		}
	}
	return "", nil
}

// payloadID is a piece id from metadata, which JSON hands back as a number.
func payloadID(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
