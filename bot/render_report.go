package bot

import (
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/reporting"
)

// sectionBlocks formats one report section: a bold title over its escaped text, split to fit.
func sectionBlocks(s reporting.Section) []slack.Block {
	blocks := []slack.Block{textSection("*" + escapeText(s.Title) + "*")}
	for _, part := range escapedChunks(s.Text, 2900) {
		if part != "" {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(part), nil, nil))
		}
	}
	return blocks
}

// renderProposal draws a proposal: what changes and why, with Apply / Dismiss while it is open and
// the outcome once decided.
func renderProposal(s reporting.Section, p reporting.Proposal, outcome string) (string, []slack.Block) {
	blocks := sectionBlocks(s)
	if len(blocks) > 45 {
		blocks = blocks[:45]
	}
	value := strconv.FormatInt(p.ID, 10)
	switch {
	case outcome != "":
		blocks = append(blocks, textSection(outcome))
	case p.State == reporting.StateOpen:
		apply := button(actionApply, "Apply", value)
		apply.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewActionBlock("proposal_actions", apply, button(actionDismiss, "Dismiss", value)))
	default:
		blocks = append(blocks, textSection("_"+string(p.State)+"_"))
	}
	return "Proposal: " + s.Title, blocks
}
