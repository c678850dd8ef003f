package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mos-hq/mos/engine"
)

// homeLimit keeps the App Home inside a view's 100 blocks: a header, three blocks a piece (a
// divider, the piece, its buttons) and a closing line.
const homeLimit = 30

func (b *Bot) onEventsAPI(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if e, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok && e.Tab == "home" {
		b.publishHome(ctx, e.User)
	}
}

// publishHome shows a person everything waiting for their decision, with the buttons to decide.
// It is drawn on opening the tab and after every change of a piece they approve.
func (b *Bot) publishHome(ctx context.Context, userID string) {
	// One drawing of a person's home at a time in this replica, so a later change is never
	// overwritten by an earlier one that read the queue first.
	mu, _ := b.homeLocks.LoadOrStore(userID, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	view, err := homeView(ctx, b.engine, userID)
	if err != nil {
		b.log.Error("home: list waiting pieces", "user_id", userID, "error", err)
		return
	}
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.log.Warn("home: publish", "user_id", userID, "error", err)
	}
}

// homeView reads a person's queue (a fixed number of queries, however long it is) and draws it.
func homeView(ctx context.Context, eng *engine.Engine, userID string) (slack.HomeTabViewRequest, error) {
	q, err := eng.Queue(ctx, userID, homeLimit)
	if err != nil {
		return slack.HomeTabViewRequest{}, err
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(q)}}, nil
}

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
