package bot

import (
	"bytes"
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/reporting"
)

// postTrendChart uploads the "Is it getting better?" chart into the report's thread.
func (b *Bot) postTrendChart(ctx context.Context, channel, threadTS string, rep reporting.Report) {
	png, err := reporting.TrendChart(rep)
	if errors.Is(err, reporting.ErrNoTrend) {
		return
	}
	if err != nil {
		b.log.Error("report trend chart", "error", err)
		return
	}
	_, err = b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(png), FileSize: len(png), Filename: "getting-better-" + rep.Week.Key() + ".png",
		Title: "Is it getting better?", AltTxt: "Line chart of first-pass approval and rejections per 100 pieces, week by week",
		Channel: channel, ThreadTimestamp: threadTS,
	})
	if err != nil {
		b.log.Error("upload trend chart", "channel_id", channel, "error", err)
	}
}
