package engine

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/lease"
)

// DraftShower is an optional interface for a Notifier: one that implements it is handed a
// draft's text (or a revised draft's) while the model writes it, so a person can watch. The
// stored version still reaches it through PieceChanged, which must show exactly that version.
type DraftShower interface {
	DraftWriter(ctx context.Context, pieceID int64, phase string) (DraftSink, error)
}

// DraftSink shows one generation's text as it is written.
type DraftSink interface {
	// Write takes the next piece of the model's text; it must not block for long.
	Write(text string)
	// Abandon says the generation ended without its text being stored (it failed, or the piece
	// moved on): what was shown is incomplete. After PieceChanged showed the stored version it
	// does nothing. It is called before the failure is shown.
	Abandon(ctx context.Context)
	// Drop stops showing the text and leaves what was shown as it is: the run lost its lease (or
	// cannot confirm it holds it), and the run that holds it writes the draft, into the same message.
	Drop()
}

// draftSink asks the notifier for a sink for pieceID's generation of phase; nil when the
// notifier shows no text while it is written (or could not start to).
func (e *Engine) draftSink(ctx context.Context, pieceID int64, phase string) DraftSink {
	ds, ok := e.notifier.(DraftShower)
	if !ok || phase != PhaseDraft {
		return nil
	}
	sink, err := ds.DraftWriter(ctx, pieceID, phase)
	if err != nil {
		e.log.WarnContext(ctx, "draft will not be shown while written", "piece_id", pieceID, "error", err)
		return nil
	}
	return sink
}

// leaseRecheck is how often a run showing its text as it is written checks again that it holds
// its lease: a small fraction of the lease's life, one cheap query.
const leaseRecheck = 2 * time.Second

// leasedText is the sink's Write, passed on only while this run is known to still hold its lease:
// a run cut off from the database (a paused replica) must not show a draft that will never be
// stored while another run writes the real one. The lease is checked at the first text and again
// every leaseRecheck; once lost, nothing more is shown.
func (e *Engine) leasedText(ctx context.Context, sink DraftSink) generate.TextSink {
	if sink == nil {
		return nil
	}
	var checked time.Time
	live := true
	return func(text string) {
		if now := e.now(); live && (checked.IsZero() || now.Sub(checked) >= leaseRecheck) {
			checked, live = now, e.holdsLease(ctx)
		}
		if live {
			sink.Write(text)
		}
	}
}

// holdsLease reports that the running job's lease is live (always, outside a leased run).
func (e *Engine) holdsLease(ctx context.Context) bool {
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error { return lease.FenceTx(ctx, tx) })
	if err != nil {
		e.log.InfoContext(ctx, "draft text no longer shown: the run could not confirm it holds its lease", "error", err)
	}
	return err == nil
}

// abandon tells a sink its text was not stored.
func abandon(ctx context.Context, sink DraftSink) {
	if sink != nil {
		sink.Abandon(ctx)
	}
}

// endShowing ends what a failed generation showed. A run that lost its lease — or cannot show it
// still holds it (cut off from the database, it may fail for another reason meanwhile) — leaves
// it to the run that holds the lease now, which continues in the same message; a run that still
// holds its lease marks it incomplete.
func (e *Engine) endShowing(ctx context.Context, sink DraftSink, cause error) {
	switch {
	case sink == nil:
	case lostLease(ctx, cause) || !e.holdsLease(ctx):
		sink.Drop()
	default:
		sink.Abandon(ctx)
	}
}

// revisionSink is draftSink for a revision the piece still waits on: only a draft's revision is
// shown as it is written (an outline is structured, written whole).
func (e *Engine) revisionSink(ctx context.Context, p Piece, a ReviseArgs) DraftSink {
	if p.Busy != BusyRevising {
		return nil
	}
	return e.draftSink(ctx, p.ID, a.Phase)
}
