package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// escapedLen is the length of escapeText(s) in characters, without building it.
func escapedLen(s string) int {
	n := 0
	for _, r := range s {
		n += escapedRuneLen(r)
	}
	return n
}

func escapedRuneLen(r rune) int {
	switch r {
	case '&':
		return len("&amp;")
	case '<', '>':
		return len("&lt;")
	}
	return 1
}

// fitting is the length in bytes of the longest prefix of s whose escaped form has at most room
// characters.
func fitting(s string, room int) int {
	for i, r := range s {
		if room -= escapedRuneLen(r); room < 0 {
			return i
		}
	}
	return len(s)
}

func (d *draftStream) streamOptions(more ...slack.MsgOption) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionTS(d.target.ThreadTS)}
	if d.target.UserID != "" {
		opts = append(opts, slack.MsgOptionRecipientUserID(d.target.UserID), slack.MsgOptionRecipientTeamID(d.target.TeamID))
	}
	return append(opts, more...)
}

// begin starts the stream with the first text, or falls back when Slack will not stream.
func (d *draftStream) begin(ctx context.Context, text string) {
	n := fitting(text, maxStreamText)
	_, ts, err := d.api.StartStreamContext(ctx, d.target.Channel,
		d.streamOptions(slack.MsgOptionMarkdownText(escapeText(text[:n])))...)
	switch {
	case err == nil: // recorded even when ctx ended meanwhile: Slack made the message
	case ctx.Err() != nil:
		return
	default:
		d.giveUpStreaming(ctx, err)
		d.showProgress(ctx, text)
		return
	}
	d.mode, d.ts, d.lastSend = modeStream, ts, d.clock.Now()
	d.markShown(n)
	d.shownAt(ts)
}

// appendText appends what waits, as much as the stream can still hold.
func (d *draftStream) appendText(ctx context.Context, text string) {
	n := fitting(text, maxStreamText-d.shownLen)
	if n == 0 {
		d.overflow = true
		return
	}
	_, _, err := d.api.AppendStreamContext(ctx, d.target.Channel, d.ts, slack.MsgOptionMarkdownText(escapeText(text[:n])))
	switch {
	case ctx.Err() != nil, d.isRateLimited(err):
	case err != nil:
		d.giveUpStreaming(ctx, err)
		d.showProgress(ctx, text)
	default:
		d.lastSend = d.clock.Now()
		d.markShown(n)
	}
}

// giveUpStreaming switches to posting and updating; an open stream is stopped first, so the
// message it left can be updated.
func (d *draftStream) giveUpStreaming(ctx context.Context, err error) {
	d.refusedBy = slackErrorCode(err)
	d.log.Warn("slack would not stream the draft; posting and updating instead",
		slog.String("channel_id", d.target.Channel), slog.String("error", d.refusedBy))
	if d.mode == modeStream {
		_, _, _ = d.api.StopStreamContext(ctx, d.target.Channel, d.ts)
	}
	d.mode, d.lastSend = modeFallback, time.Time{}
}

// showProgress posts the text so far once, then updates that message.
func (d *draftStream) showProgress(ctx context.Context, text string) {
	all := d.shown.String() + text
	blocks := []slack.Block{slack.NewMarkdownBlock("", escapedChunks(all, maxStreamText)[0])}
	err := d.put(ctx, draftNotice(all), blocks)
	switch {
	case ctx.Err() != nil, d.isRateLimited(err):
	case err != nil:
		d.lastSend = d.clock.Now() // try again after UpdateEvery
		d.log.Warn("could not show the draft's progress", slog.String("channel_id", d.target.Channel),
			slog.String("error", slackErrorCode(err)))
	default:
		d.lastSend = d.clock.Now()
		d.markShown(len(text))
	}
}

// put posts the draft's message, or updates it once posted.
func (d *draftStream) put(ctx context.Context, text string, blocks []slack.Block) error {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)}
	if d.ts != "" {
		_, _, _, err := d.api.UpdateMessageContext(ctx, d.target.Channel, d.ts, opts...)
		return err
	}
	opts = append(opts, slack.MsgOptionTS(d.target.ThreadTS), slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl())
	_, ts, err := d.api.PostMessageContext(ctx, d.target.Channel, opts...)
	if err == nil {
		d.ts = ts
		d.shownAt(ts)
	}
	return err
}

// draftNotice is the message's text field: what a notification shows, escaped.
func draftNotice(s string) string {
	const limit = 300
	head := escapedChunks(s, limit)[0]
	if utf8.RuneCountInString(head) < escapedLen(s) {
		head += "…"
	}
	return head
}

func slackErrorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return "ratelimited"
	}
	return err.Error()
}
