package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/generate"
)

// liveDraft is a draft (or a revised draft) shown in its piece's thread while the model writes
// it, in this replica. PieceChanged finishes it with the stored version; Abandon when the text
// was not stored.
type liveDraft struct {
	b       *Bot
	pieceID int64
	since   int // the stored draft version when the generation began (0: none yet)
	stream  *draftStream
	// outrun is set by the worker when another attempt's draft message was recorded first: this
	// run shows nothing more and never marks that message incomplete.
	outrun atomic.Bool
}

// DraftWriter starts showing pieceID's draft as it is written. A first draft streams into a new
// reply in the piece's thread, which becomes the draft message. When the thread already has a
// draft message — the draft being revised, or an earlier attempt's text (a replica that died
// mid-stream leaves one) — that message is updated in place instead, after its stream, if any, is
// stopped: the thread never holds two drafts.
func (b *Bot) DraftWriter(ctx context.Context, pieceID int64, _ string) (engine.DraftSink, error) {
	if !b.cfg.StreamDrafts {
		return nil, nil // the draft is shown whole once it is stored
	}
	v, err := b.engine.PieceView(ctx, pieceID)
	if err != nil {
		return nil, err
	}
	if v.Piece.MessageTS == "" {
		return nil, fmt.Errorf("bot: piece %d has no message to write its draft under", pieceID)
	}
	live := &liveDraft{b: b, pieceID: pieceID}
	if v.Draft != nil {
		live.since = v.Draft.Version
	}
	d := &draftStream{api: b.api, log: b.log.With(slog.Int64("piece_id", pieceID)), clock: wallClock{},
		pace: defaultPacing, paths: b.metrics.draftPaths, wake: make(chan struct{}, 1), stopped: make(chan struct{}),
		target: streamTarget{Channel: v.Piece.ChannelID, ThreadTS: v.Piece.MessageTS, UserID: v.Piece.RequestedBy, TeamID: b.teamID}}
	if ts := b.draftMessageToContinue(ctx, v); ts != "" {
		d.mode, d.ts = modeFallback, ts
	} else {
		d.onShown = func(ts string) { live.claimWhileWriting(ctx, ts) }
	}
	live.stream = d
	if old, ok := b.liveDrafts.Swap(pieceID, live); ok {
		old.(*liveDraft).stop()
	}
	go d.run(ctx)
	return live, nil
}

// draftMessageToContinue is the draft message this generation writes into, "" when it starts a
// new one: the recorded draft message, or one an earlier attempt streamed but did not live to
// record (adopted and recorded now); a stream such a message still has is stopped first.
func (b *Bot) draftMessageToContinue(ctx context.Context, v engine.View) string {
	if ts := v.Piece.DraftTS; ts != "" {
		if v.Draft == nil { // an earlier attempt's text, perhaps still streaming
			_, _, _ = b.api.StopStreamContext(ctx, v.Piece.ChannelID, ts)
		}
		return ts
	}
	ts := b.leftMessage(ctx, v, engine.DraftMessage)
	if ts == "" {
		return ""
	}
	recorded, err := b.engine.RecordMessage(ctx, v.Piece.ID, engine.DraftMessage, ts)
	if err != nil {
		b.log.Warn("could not record the draft message an earlier attempt left", "piece_id", v.Piece.ID, "error", err)
		return ts
	}
	return recorded
}

// claimTimeout bounds recording (or dropping) the draft's message, which outlives the
// generation's context.
const claimTimeout = 5 * time.Second

// detached is ctx without its cancellation, bounded by claimTimeout: what Slack already made is
// recorded or removed even while the generation is being stopped.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
}

// claim makes the first streamed message the piece's draft message, so a resumed generation
// continues in it and PieceChanged updates it. It returns the draft message recorded: ts, or
// another attempt's that was recorded first ("" when recording failed).
func (l *liveDraft) claim(ctx context.Context, ts string) string {
	// Recorded even when the generation is being stopped: a message Slack made and nobody
	// recorded would be a second draft reply once the draft resumes elsewhere.
	ctx, cancel := detached(ctx)
	defer cancel()
	recorded, err := l.b.engine.RecordMessage(ctx, l.pieceID, engine.DraftMessage, ts)
	if err != nil {
		l.b.log.Warn("could not record the streamed draft's message", "piece_id", l.pieceID, "error", err)
	}
	return recorded
}

// claimWhileWriting claims the message the worker just made. When another attempt's message was
// recorded first, ours is stopped and deleted and the worker carries on in that one: the thread
// never holds two drafts.
func (l *liveDraft) claimWhileWriting(ctx context.Context, ts string) {
	recorded := l.claim(ctx, ts)
	if recorded == "" || recorded == ts {
		return
	}
	d := l.stream
	l.dropOurs(ctx, ts, d.mode == modeStream)
	l.outrun.Store(true)
	// Nothing more is sent: the rest waits for Finish, which shows the stored draft in the recorded
	// message if this run is the one that stores it.
	d.mode, d.ts, d.overflow = modeFallback, recorded, true
}

// dropOurs removes a draft message of ours that lost the race to be the piece's draft message.
func (l *liveDraft) dropOurs(ctx context.Context, ts string, streaming bool) {
	ctx, cancel := detached(ctx)
	defer cancel()
	ch := l.stream.target.Channel
	if streaming {
		_, _, _ = l.b.api.StopStreamContext(ctx, ch, ts)
	}
	if err := l.b.deleteMessage(ctx, ch, ts); err != nil {
		l.b.log.Warn("could not delete a second draft message", "piece_id", l.pieceID, "error", err)
	}
}

// Write takes the next piece of the model's text; it never waits for Slack.
func (l *liveDraft) Write(text string) { l.stream.Write(text) }

// stop ends the worker; nothing more is sent.
func (l *liveDraft) stop() { l.stream.stopWorker() }

// Drop stops showing this run's text and leaves the message as it is: the run lost its lease (or
// cannot confirm it holds it), and the run that holds it continues the draft in the same message.
func (l *liveDraft) Drop() {
	l.b.liveDrafts.CompareAndDelete(l.pieceID, l)
	l.stop()
}

// Abandon marks what was shown incomplete when no draft was stored before (a stored draft being
// revised is drawn again by PieceChanged, with what went wrong).
func (l *liveDraft) Abandon(ctx context.Context) {
	if !l.b.liveDrafts.CompareAndDelete(l.pieceID, l) {
		return
	}
	l.stop()
	d := l.stream
	partial := d.shown.String() + d.unsent()
	if l.since > 0 || d.ts == "" || partial == "" || l.outrun.Load() { // nothing of this run is shown
		return
	}
	blocks := append(draftBlocks(partial), slack.NewContextBlock("draft_incomplete",
		mrkdwn(":warning: *Incomplete:* the model stopped part-way through this draft. What went wrong, and *Retry now*, are on the piece's message.")))
	if _, err := d.settle(ctx, draftNotice(partial), blocks); err != nil {
		l.b.log.Warn("could not mark the streamed draft incomplete", "piece_id", l.pieceID, "error", slackErrorCode(err))
	}
}

// takeLiveDraft is the draft shown while written that v's stored draft finishes, if any.
func (b *Bot) takeLiveDraft(v engine.View) *liveDraft {
	got, ok := b.liveDrafts.Load(v.Piece.ID)
	if !ok || v.Draft == nil || v.Draft.Version <= got.(*liveDraft).since {
		return nil
	}
	if !b.liveDrafts.CompareAndDelete(v.Piece.ID, got) {
		return nil
	}
	return got.(*liveDraft)
}

// finish shows the stored draft where it was streamed and records its message.
func (l *liveDraft) finish(ctx context.Context, v engine.View) error {
	l.stop()
	shown, err := l.stream.showFinished(ctx, draftCardFromView(v))
	if err != nil {
		return fmt.Errorf("bot: piece %d streamed draft: %w", v.Piece.ID, err)
	}
	if v.Piece.DraftTS == "" {
		if recorded := l.claim(ctx, shown.TS); recorded != "" && recorded != shown.TS {
			l.dropOurs(ctx, shown.TS, false)
			text, blocks := renderDraft(draftCardFromView(v))
			_, err = l.b.postOrUpdate(ctx, v.Piece.ChannelID, recorded, "", text, blocks)
		}
	}
	return err
}

// showFinished puts the stored draft card where the draft was streamed; the worker must have
// stopped. When the checks left the streamed text as it was, the stream ends with the card's
// footer (version, warnings, buttons) in one call; otherwise the message is replaced exactly as
// PieceChanged draws it, with a note saying the checks changed what the person watched.
func (d *draftStream) showFinished(ctx context.Context, card draftCard) (draftShown, error) {
	streamed := generate.NormalizeText(d.shown.String() + d.unsent())
	if streamed == card.Text {
		if shown, ended := d.endWith(ctx, card.Text, draftFooter(card)); ended {
			return shown, nil
		}
	}
	text, blocks := renderDraft(card)
	if note := fixedNote(streamed, card.Text); note != "" {
		blocks = withNote(blocks, note)
	}
	return d.settle(ctx, text, blocks)
}

// withNote puts note just before the draft's buttons.
func withNote(blocks []slack.Block, note string) []slack.Block {
	nb := slack.NewContextBlock("draft_fixed", mrkdwn(note))
	n := len(blocks)
	if n > 0 && blocks[n-1].BlockType() == slack.MBTAction {
		return append(blocks[:n-1:n-1], nb, blocks[n-1])
	}
	return append(blocks, nb)
}

// fixedNote is the one line saying the checks changed what was streamed ("" when they did not, or
// nothing was streamed): the words they removed, the first three.
func fixedNote(streamed, stored string) string {
	if streamed == "" || streamed == stored {
		return ""
	}
	kept := map[string]bool{}
	for _, w := range strings.Fields(stored) {
		kept[w] = true
	}
	var removed []string
	for _, w := range strings.Fields(streamed) {
		if !kept[w] && len(removed) < 3 {
			removed = append(removed, "“"+escapeText(truncate(w, 40))+"”")
			kept[w] = true
		}
	}
	if len(removed) == 0 {
		return ":information_source: Fixed after checks: the text above is the checked version."
	}
	return ":information_source: Fixed after checks: removed " + strings.Join(removed, ", ") + "."
}
