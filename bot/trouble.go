package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// troubleLine says on a piece's message that its generation is held up, why, and what happens
// next: "The model endpoint answered HTTP 500 (server error) — retrying in 40 s, attempt 2 of 5."
func troubleLine(writing string, t engine.Trouble) string {
	next := fmt.Sprintf("retrying in %s, attempt %d of %d.", trouble.Seconds(t.Wait), t.Attempt, t.MaxAttempts)
	if t.RetryingNow {
		next = fmt.Sprintf("trying again now, attempt %d of %d.", t.Attempt+1, t.MaxAttempts)
	}
	s := ":warning: *" + writing + " is held up.* " + escapeText(trouble.Problem(t)) + " — " + next
	if a := trouble.Advice(t); a != "" {
		s += "\n" + escapeText(a)
	}
	return s
}

// writingWords names what the engine is writing for a piece in a state.
func writingWords(state engine.State, busy string) string {
	switch {
	case busy == engine.BusyRevising:
		return "The revision"
	case state == engine.StateOutlineApproved:
		return "Writing the draft"
	}
	return "Writing the outline"
}

// failedPhase is the phase a failed piece was writing.
func failedPhase(p engine.Piece) string {
	if p.FailedFrom == engine.StateOutlineApproved {
		return engine.PhaseDraft
	}
	return engine.PhaseOutline
}

func (b *Bot) onRetryNow(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	if err := b.engine.RetryNow(ctx, ref.id, ref.phase, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
}

func (b *Bot) onCancel(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	if _, err := b.engine.Cancel(ctx, ref.id, ref.phase, cb.User.ID); err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
	}
}

// tellRequesterOfFailure tells the person who asked for a piece, once per failure and in a DM,
// that its generation gave up and why — the retries before it only changed the channel message.
func (b *Bot) tellRequesterOfFailure(ctx context.Context, v engine.View) {
	p := v.Piece
	if _, agent := engine.AgentName(p.RequestedBy); p.State != engine.StateFailed || p.RequestedBy == "" || agent {
		return
	}
	key := "failed:" + strconv.FormatInt(p.StateChangedAt.UnixMicro(), 10)
	claimed, err := b.engine.ClaimNotice(ctx, p.ID, key, p.RequestedBy)
	if err != nil || !claimed {
		return
	}
	text := fmt.Sprintf("Piece #%d (%s · %s): writing the %s failed. %s Press *Retry* on its message in <#%s>.",
		p.ID, escapeText(v.ClientName), escapeText(p.Platform), failedPhase(p),
		escapeText(truncate(trouble.Stored(p.FailureReason), 500)), p.ChannelID)
	if err := b.dm(ctx, p.RequestedBy, text, []slack.Block{textSection(text)}); err != nil {
		_ = b.engine.ReleaseNotice(ctx, p.ID, key, p.RequestedBy)
	}
}
