package main

import (
	"context"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
	"github.com/mos-hq/mos/trouble"
)

// botRelay is how the engine and the reporter reach the bot: what they tell the chat adapter — a
// piece changed, a reminder, the week's plan and its nudge, an outline's step, a draft as it is
// written, a report to post — it passes on to the bot; it words a degraded model for Health itself.
// The bot calls the engine and the reporter, so it is built after them; wire gives them an empty
// relay, builds the bot, and points the relay at it before anything can run (no job is worked and
// no envelope read until serve starts them). It implements every optional interface of
// engine.Notifier.
type botRelay struct {
	bot *bot.Bot
}

var (
	_ engine.Notifier     = (*botRelay)(nil)
	_ engine.Reminder     = (*botRelay)(nil)
	_ engine.Planner      = (*botRelay)(nil)
	_ engine.StepShower   = (*botRelay)(nil)
	_ engine.DraftShower  = (*botRelay)(nil)
	_ engine.HealthWorder = (*botRelay)(nil)
	_ reporting.Publisher = (*botRelay)(nil)
)

func (r *botRelay) PieceChanged(ctx context.Context, pieceID int64) error {
	return r.bot.PieceChanged(ctx, pieceID)
}

func (r *botRelay) Remind(ctx context.Context, userID string, due []engine.Due) error {
	return r.bot.Remind(ctx, userID, due)
}

func (r *botRelay) PostPlan(ctx context.Context, channelID string, p engine.WeekPlan) error {
	return r.bot.PostPlan(ctx, channelID, p)
}

func (r *botRelay) Nudge(ctx context.Context, channelID string, p engine.WeekPlan) error {
	return r.bot.Nudge(ctx, channelID, p)
}

func (r *botRelay) OutlineStep(ctx context.Context, pieceID int64, s engine.OutlineStep) {
	r.bot.OutlineStep(ctx, pieceID, s)
}

func (r *botRelay) DraftWriter(ctx context.Context, pieceID int64, phase string) (engine.DraftSink, error) {
	return r.bot.DraftWriter(ctx, pieceID, phase)
}

func (r *botRelay) PublishReport(ctx context.Context, reportID int64) error {
	return r.bot.PublishReport(ctx, reportID)
}

// HealthProblem words why the model is degraded for the engine's Health, which /healthz shows as
// it is: the words the pieces and /mos status show.
func (r *botRelay) HealthProblem(h engine.Health) string { return trouble.HealthProblem(h) }
