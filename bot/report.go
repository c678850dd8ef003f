package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/reporting"
)

// Proposal buttons; the value is the proposal id.
const (
	actionApply   = "proposal_apply"
	actionDismiss = "proposal_dismiss"
)

// PublishReport posts a stored report once: the headline as the parent message, every section as a
// reply in its thread, the chart, and one message per proposal with Apply and Dismiss.
func (b *Bot) PublishReport(ctx context.Context, reportID int64) error {
	channel, claimed, err := b.reporter.ClaimPost(ctx, reportID)
	if err != nil || !claimed {
		return err
	}
	// Once claimed, finish (or give the claim back) even if the job is being stopped: a half-posted
	// thread, or a claim nobody releases, would cost the team this week's report.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	rep, proposals, err := b.reporter.ReportByID(ctx, reportID)
	if err != nil {
		return errors.Join(err, b.reporter.ReleasePost(ctx, reportID))
	}
	sections := reporting.Sections(rep.WithCommands(ReportCommands))
	_, ts, err := b.api.PostMessageContext(ctx, channel, slack.MsgOptionText(escapeText(sections[0].Text), false),
		slack.MsgOptionBlocks(sectionBlocks(sections[0])...), slack.MsgOptionDisableLinkUnfurl())
	if err != nil {
		return errors.Join(fmt.Errorf("bot: post report %d: %w", reportID, err), b.reporter.ReleasePost(ctx, reportID))
	}
	if err := b.reporter.FinishPost(ctx, reportID, ts); err != nil {
		return err
	}
	b.postReportThread(ctx, channel, ts, rep, sections[1:], proposals)
	return nil
}

func (b *Bot) postReportThread(ctx context.Context, channel, ts string, rep reporting.Report,
	sections []reporting.Section, proposals []reporting.Proposal) {
	byID := map[int64]reporting.Proposal{}
	for _, p := range proposals {
		byID[p.ID] = p
	}
	for i, s := range sections {
		if i == 1 {
			b.postChart(ctx, channel, ts, rep, pillarChart)
		}
		if s.Kind == "better" {
			b.postChart(ctx, channel, ts, rep, trendChart)
		}
		if p, ok := byID[s.ProposalID]; ok && s.Kind == "proposal" {
			b.postProposal(ctx, channel, ts, s, p)
			continue
		}
		b.reply(ctx, channel, ts, s.Title, b.reportSectionBlocks(ctx, s))
	}
}

func (b *Bot) reply(ctx context.Context, channel, threadTS, text string, blocks []slack.Block) string {
	_, ts, err := b.api.PostMessageContext(ctx, channel, slack.MsgOptionTS(threadTS), slack.MsgOptionText(escapeText(text), false),
		slack.MsgOptionBlocks(blocks...), slack.MsgOptionDisableLinkUnfurl())
	if err != nil {
		b.log.Error("post report reply", "channel_id", channel, "error", err)
	}
	return ts
}

// reportChart is a picture a report's thread carries: how it is drawn, the error draw answers when
// there is nothing to draw, and its file name (the week is added), title and alt text.
type reportChart struct {
	draw             func(reporting.Report) ([]byte, error)
	none             error
	name, title, alt string
}

// pillarChart is the report's bar chart of the pillar mix against the target weights.
var pillarChart = reportChart{draw: reporting.Chart, none: reporting.ErrNothingToChart, name: "pillar-mix",
	title: "Pillar mix vs target, with results",
	alt:   "Bar chart of each pillar's share of published pieces against its target weight"}

// trendChart is the "Is it getting better?" chart of the report's thread.
var trendChart = reportChart{draw: reporting.TrendChart, none: reporting.ErrNoTrend, name: "getting-better",
	title: "Is it getting better?",
	alt:   "Line chart of first-pass approval and rejections per 100 pieces, week by week"}

// postChart uploads chart c of rep into the report's thread; when there is nothing to draw, nothing.
func (b *Bot) postChart(ctx context.Context, channel, threadTS string, rep reporting.Report, c reportChart) {
	png, err := c.draw(rep)
	if errors.Is(err, c.none) {
		return
	}
	if err != nil {
		b.log.Error("report chart", "chart", c.name, "error", err)
		return
	}
	_, err = b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(png), FileSize: len(png), Filename: c.name + "-" + rep.Week.Key() + ".png",
		Title: c.title, AltTxt: c.alt, Channel: channel, ThreadTimestamp: threadTS,
	})
	if err != nil {
		b.log.Error("upload report chart", "chart", c.name, "channel_id", channel, "error", err)
	}
}

func (b *Bot) postProposal(ctx context.Context, channel, threadTS string, s reporting.Section, p reporting.Proposal) {
	text, blocks := renderProposal(s, p, "")
	ts := b.reply(ctx, channel, threadTS, text, blocks)
	if ts == "" {
		return
	}
	if err := b.reporter.SetProposalMessage(ctx, p.ID, channel, ts); err != nil {
		b.log.Error("record proposal message", "proposal_id", p.ID, "error", err)
	}
}
