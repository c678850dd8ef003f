package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// OutlineStep shows the step a piece's outline is on as the status line of the piece's thread
// (assistant.threads.setStatus): "Reading the source (example.com, 2,140 words)… Writing the
// outline…". Slack clears it at the next reply or after two minutes; StepDone clears it at once.
// It is a courtesy the outline job never waits for: one try, at most a second (a rate limit is not
// waited out); a failure is logged and changes nothing.
func (b *Bot) OutlineStep(ctx context.Context, pieceID int64, s engine.OutlineStep) {
	ctx, cancel := context.WithTimeout(ctx, courtesyTimeout)
	defer cancel()
	v, err := b.engine.PieceView(ctx, pieceID)
	if err != nil || v.Piece.MessageTS == "" {
		return
	}
	err = b.courtesyAPI.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{
		ChannelID: v.Piece.ChannelID, ThreadTS: v.Piece.MessageTS, Status: outlineStepWords(s)})
	if err != nil {
		b.log.Info("could not show the outline's step", "piece_id", pieceID, "error", slackErrorCode(err))
	}
}

// outlineStepWords is the status line of a step ("" clears it).
func outlineStepWords(s engine.OutlineStep) string {
	source := "Reading the source"
	switch {
	case s.Site != "" && s.Words > 0:
		source = fmt.Sprintf("Read the source (%s, %s words)", s.Site, thousands(s.Words))
	case s.Site != "":
		source += " (" + s.Site + ")"
	}
	switch s.Step {
	case engine.StepReading:
		return source + "…"
	case engine.StepWriting:
		if s.Words == 0 {
			return "Writing the outline…"
		}
		return source + "… Writing the outline…"
	}
	return ""
}
