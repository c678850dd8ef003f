package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/reporting"
)

// reportSectionBlocks draws one thread reply of a report. Most sections are the reporting
// package's text; a finding without a proposal says how to make the edit from Slack, and proposals
// still open from an earlier report link to their messages.
func (b *Bot) reportSectionBlocks(ctx context.Context, s reporting.Section) []slack.Block {
	switch {
	case s.Kind == "unworded" && s.Unworded != nil:
		s.Text = unwordedText(*s.Unworded)
	case s.Kind == "open" && len(s.Open) > 0:
		s.Text = "" // the lines below carry links, which sectionBlocks would escape
		return append(sectionBlocks(s), b.openProposalBlocks(ctx, s.Open)...)
	}
	return sectionBlocks(s)
}

// unwordedText is a finding without a proposal, with the command that opens the document:
// "3 generic-angle rejections point at pillars.md — I couldn't word a change; edit it with
// `/mos os edit pillars`."
func unwordedText(u reporting.Unworded) string {
	return reporting.UnwordedText(u, "edit it with `/mos os edit "+u.Document+"`")
}

// openProposalBlocks lists open proposals, each linked to its message when Slack gives a link.
func (b *Bot) openProposalBlocks(ctx context.Context, open []reporting.OpenProposal) []slack.Block {
	var lines []string
	for _, o := range open {
		title := escapeText(reporting.OpenTitle(o))
		if url := b.proposalLink(ctx, o.ProposalID); url != "" {
			title = link(url, reporting.OpenTitle(o))
		}
		lines = append(lines, "• "+title+" — still open in report "+escapeText(o.ReportKey)+"; Apply or Dismiss it there.")
	}
	return []slack.Block{slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil)}
}

// proposalLink is the permalink of a proposal's message, or "" when it has none.
func (b *Bot) proposalLink(ctx context.Context, id int64) string {
	p, err := b.reporter.Proposal(ctx, id)
	if err != nil || p.ChannelID == "" || p.MessageTS == "" {
		return ""
	}
	url, err := b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: p.ChannelID, Ts: p.MessageTS})
	if err != nil || !strings.HasPrefix(url, "https://") {
		b.log.Warn("permalink of an open proposal", "proposal_id", id, "error", err)
		return ""
	}
	return url
}
