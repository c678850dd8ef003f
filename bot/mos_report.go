package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

// mosReport answers `/mos report` (where and when the weekly report posts) and `/mos report now`.
func (b *Bot) mosReport(ctx context.Context, cmd slack.SlashCommand, args []string) {
	bind, err := b.engine.BindingFor(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	client, err := b.os.ClientByID(ctx, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(args) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, reportWhereText(client))
		return
	}
	if len(args) != 1 || args[0] != "now" {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos report` (when and where it posts) or `/mos report now`.")
		return
	}
	if client.ReportChannelID == "" {
		if err := b.os.SetReportChannel(ctx, client.ID, cmd.ChannelID, cmd.UserID); err != nil {
			b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
			return
		}
		b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Weekly reports for *%s* will post in this channel; change it with `/mos setup`.",
			escapeText(client.Name)))
	}
	queued, err := b.reporter.EnqueueNow(ctx, client.ID)
	switch {
	case err != nil:
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
	case !queued:
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "A report for *"+escapeText(client.Name)+"* is already being built; it will post shortly.")
	default:
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Building this week's report so far; it will post in a moment.")
	}
}

func reportWhereText(c clientos.Client) string {
	where := "no channel yet: `/mos report now` here, or `/mos setup`, picks one"
	if c.ReportChannelID != "" {
		where = "<#" + c.ReportChannelID + ">"
	}
	schedule := c.ReportSchedule
	if schedule == "" {
		schedule = "the deployment default (MOS_REPORT_SCHEDULE)"
	}
	return fmt.Sprintf("The weekly report for *%s* posts in %s on `%s` (%s). `/mos report now` posts this week's so far.",
		escapeText(c.Name), where, escapeText(schedule), escapeText(c.Timezone))
}

const callbackResults = "results_modal"

// mosResults opens the results form for a published piece: `/mos results #12`, or a menu of the
// channel's latest published pieces.
func (b *Bot) mosResults(ctx context.Context, cmd slack.SlashCommand, args []string) {
	pieces, err := b.engine.Published(ctx, cmd.ChannelID, 100)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(pieces) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "No published pieces in this channel yet. Mark one published from its draft, "+
			"or log a human-written one with `/mos log <url>`.")
		return
	}
	var chosen *engine.Piece
	if len(args) == 1 {
		id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
		for i := range pieces {
			if err == nil && pieces[i].ID == id {
				chosen = &pieces[i]
			}
		}
		if chosen == nil {
			b.tell(ctx, cmd.ChannelID, cmd.UserID, "I can't find a published piece "+escapeText(truncate(args[0], 40))+
				" in this channel. Type `/mos results` to pick from a list.")
			return
		}
	}
	if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, resultsModal(cmd.ChannelID, pieces, chosen)); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
	}
}

const fieldPiece = "piece"

func resultsValues(v slack.View) map[string]string {
	values := map[string]string{}
	for _, f := range reporting.MetricFields {
		values[f] = inputValue(v, f)
	}
	return values
}

func validateResults(v slack.View) map[string]string {
	_, errs := reporting.ParseMetricsForm(resultsValues(v))
	return errs
}

func (b *Bot) submitResults(ctx context.Context, cb slack.InteractionCallback) {
	channelID := cb.View.PrivateMetadata
	id, err := strconv.ParseInt(inputValue(cb.View, fieldPiece), 10, 64)
	if err != nil {
		b.log.Error("results submission without a piece", "error", err)
		return
	}
	m, _ := reporting.ParseMetricsForm(resultsValues(cb.View))
	if err := b.reporter.SaveResults(ctx, id, reporting.SourceModal, cb.User.ID, m); err != nil {
		b.refuse(ctx, channelID, cb.User.ID, err)
		return
	}
	b.tell(ctx, channelID, cb.User.ID, fmt.Sprintf(":white_check_mark: Saved today's results for piece #%d.", id))
}
