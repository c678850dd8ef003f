package bot

import (
	"context"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// homeLimit keeps the App Home inside a view's 100 blocks: a header, three blocks a piece (a
// divider, the piece, its buttons) and a closing line.
const homeLimit = 30

// homePlanLimit bounds the week's plans the App Home shows progress of (one section block).
const homePlanLimit = 10

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

// homeView reads a person's queue (a fixed number of queries, however long it is) and the week's
// plans of the clients they approve (at most homePlanLimit), and draws them.
func homeView(ctx context.Context, eng PieceReads, userID string) (slack.HomeTabViewRequest, error) {
	q, err := eng.Queue(ctx, userID, homeLimit)
	if err != nil {
		return slack.HomeTabViewRequest{}, err
	}
	plans, err := eng.PlansOf(ctx, userID, homePlanLimit)
	if err != nil {
		return slack.HomeTabViewRequest{}, err
	}
	blocks := append(planHomeBlocks(plans), homeBlocks(q)...)
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}, nil
}
