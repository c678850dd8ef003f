package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// homeBlocks draws an approver's App Home: each piece waiting for them, with its buttons.
func homeBlocks(q engine.Queue) []slack.Block {
	head := "Waiting for you"
	if q.Total > 0 {
		head += " (" + strconv.Itoa(q.Total) + ")"
	}
	blocks := []slack.Block{slack.NewHeaderBlock(plain(head))}
	if q.Total == 0 {
		return append(blocks, textSection("Nothing waits for your decision. :tada:"))
	}
	for _, it := range q.Items {
		phase := homePhase(it.View)
		blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn(homeLine(it, phase)), nil, nil,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("home_piece_%d", it.Piece.ID))))
		if btns := offerButtons(it.Piece.ID, offersOn(it.Actions, phase)); len(btns) > 0 {
			blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("home_%d", it.Piece.ID), btns...))
		}
	}
	if more := q.Total - len(q.Items); more > 0 {
		blocks = append(blocks, slack.NewContextBlock("home_more", mrkdwn(fmt.Sprintf(
			"…and %d more waiting after these, the longest-waiting first.", more))))
	}
	return blocks
}

// homeLine is a piece in three short lines: the title, what and where, and its state on the card.
func homeLine(it engine.Waiting, phase string) string {
	card := dmCardFromView(it.View)
	version := card.Version
	if phase == engine.PhaseOutline && it.Outline != nil {
		version = it.Outline.Version
	}
	lines := []string{
		"*" + escapeText(truncate(title(it.View), 150)) + "*",
		fmt.Sprintf("%s · %s · %s v%d · waited %s · <#%s>", escapeText(it.ClientName), escapeText(it.Piece.Platform),
			phase, version, roughDuration(it.Waited), it.Piece.ChannelID),
		cardStatus(card),
	}
	if n := len(card.Warnings); n > 0 {
		lines = append(lines, fmt.Sprintf(":warning: %d check warning(s): see its card.", n))
	}
	return truncate(strings.Join(lines, "\n"), 3000)
}

// homePhase is the phase a waiting piece shows: the one waiting for a decision, or — while a
// revision is being written, when nothing is offered — its latest.
func homePhase(v engine.View) string {
	if phase := decisionPhase(v); phase != "" {
		return phase
	}
	if v.Draft != nil {
		return engine.PhaseDraft
	}
	return engine.PhaseOutline
}
