package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mos-hq/mos/engine"
)

// homeLimit keeps the App Home inside a view's 100 blocks (each piece takes 2, plus a divider).
const homeLimit = 30

func (b *Bot) onEventsAPI(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if e, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok && e.Tab == "home" {
		b.publishHome(ctx, e.User)
	}
}

// publishHome shows a person everything waiting for their decision, with the buttons to decide.
func (b *Bot) publishHome(ctx context.Context, userID string) {
	waiting, err := b.engine.Waiting(ctx, userID)
	if err != nil {
		b.log.Error("home: list waiting pieces", "user_id", userID, "error", err)
		return
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(waiting)}}
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.log.Error("home: publish", "user_id", userID, "error", err)
	}
}

func homeBlocks(waiting []engine.View) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(plain("Waiting for you"))}
	if len(waiting) == 0 {
		return append(blocks, textSection("Nothing waits for your decision. :tada:"))
	}
	for i, v := range waiting {
		if i == homeLimit {
			blocks = append(blocks, textSection(fmt.Sprintf("…and %d more; see the channels.", len(waiting)-homeLimit)))
			break
		}
		phase := homePhase(v)
		blocks = append(blocks, slack.NewDividerBlock(),
			textSection(fmt.Sprintf("*%s* · %s · %s in <#%s>", escapeText(title(v)), escapeText(v.ClientName),
				phase, v.Piece.ChannelID)))
		if btns := offerButtons(v.Piece.ID, offersOn(v.Actions, phase)); len(btns) > 0 {
			blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("home_%d", v.Piece.ID), btns...))
		}
	}
	return blocks
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
