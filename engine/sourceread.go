package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/source"
)

// Outcomes of reading a source.
const (
	SourceRead       = "read"
	SourceUnreadable = "unreadable"
)

// SourceReuseWindow is how long a read of a link serves the client's next pieces: the same URL is
// read once a day, not once per piece.
const SourceReuseWindow = 24 * time.Hour

// Snapshot is what a source said when it was read — or why it could not be read.
type Snapshot struct {
	ID        int64
	URL       string
	FinalURL  string
	Kind      string
	Title     string
	Text      string
	Hash      string
	Outcome   string // SourceRead or SourceUnreadable
	Reason    string // why it was unreadable
	FetchedAt time.Time
	Origin    string // OriginLink, OriginTranscript or OriginFile
	err       error  // the read's own error, for the log; not stored
	signalID  int64  // the signal a transcript or file belongs to; 0 for a link
}

// Readable says whether the snapshot holds the source's text.
func (s *Snapshot) Readable() bool { return s != nil && s.Outcome == SourceRead }

// SourceReader reads a link into text; *source.Fetcher is the real one.
type SourceReader interface {
	Fetch(ctx context.Context, rawURL string) (source.Document, error)
}

// readSource makes sure the piece's source signal has a snapshot: one already linked (a retried
// job), a read of the same link for the same client within SourceReuseWindow, or a fresh read.
// It runs in the outline job, never on the ack path. Without a reader it does nothing.
func (e *Engine) readSource(ctx context.Context, p Piece) error {
	if p.SourceSignalID == 0 {
		return nil
	}
	src, err := getSource(ctx, e.pool, p.SourceSignalID)
	if err != nil {
		return err
	}
	if err := e.readFile(ctx, p, src); err != nil {
		return err
	}
	if e.reader == nil || src.URL == "" || src.Read != nil {
		return nil
	}
	snap, err := recentSnapshot(ctx, e.pool, p.ClientID, src.URL, e.now().Add(-SourceReuseWindow))
	if errors.Is(err, database.ErrNotFound) {
		snap, err = e.fetchSnapshot(ctx, p, src.URL)
	}
	if err != nil {
		return err
	}
	return linkSnapshot(ctx, e.pool, src.ID, snap.ID)
}

// ReadLink reads a source link into a snapshot taken at at: the text when it could be read, the
// reason in people's words when not. The error is only ctx's, when the read was stopped.
func ReadLink(ctx context.Context, r SourceReader, link string, at time.Time) (Snapshot, error) {
	doc, err := r.Fetch(ctx, link)
	if ctx.Err() != nil {
		return Snapshot{}, ctx.Err()
	}
	snap := Snapshot{URL: link, FinalURL: doc.FinalURL, Kind: doc.Kind, Title: truncate(doc.Title, 300),
		Outcome: SourceRead, FetchedAt: at, Origin: OriginLink}
	if err != nil {
		snap.Outcome, snap.Reason, snap.err = SourceUnreadable, source.ReasonOf(err), err
		return snap, nil
	}
	snap.Text, snap.Hash = doc.Text, doc.Hash()
	return snap, nil
}

// fetchSnapshot reads the link and stores what came back, readable or not.
func (e *Engine) fetchSnapshot(ctx context.Context, p Piece, link string) (Snapshot, error) {
	snap, err := ReadLink(ctx, e.reader, link, e.now())
	if err != nil {
		return Snapshot{}, err // stopping: read again on the next attempt
	}
	if snap.Readable() {
		e.log.InfoContext(ctx, "source read", "piece_id", p.ID, "url", link, "final_url", snap.FinalURL,
			"kind", snap.Kind, "title", snap.Title, "chars", len([]rune(snap.Text)), "hash", snap.Hash)
	} else {
		e.log.WarnContext(ctx, "source unreadable", "piece_id", p.ID, "url", link, "reason", snap.Reason, "error", snap.err)
	}
	return insertSnapshot(ctx, e.pool, p.ClientID, snap)
}

func insertSnapshot(ctx context.Context, db database.DBTX, clientID int64, s Snapshot) (Snapshot, error) {
	if s.Origin == "" {
		s.Origin = OriginLink
	}
	var signalID *int64
	if s.signalID != 0 {
		signalID = &s.signalID
	}
	err := db.QueryRow(ctx, `INSERT INTO source_snapshots (client_id, url, final_url, kind, title, body_text,
		content_hash, outcome, reason, fetched_at, origin, signal_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		clientID, s.URL, s.FinalURL, s.Kind, s.Title, s.Text, s.Hash, s.Outcome, s.Reason, s.FetchedAt,
		s.Origin, signalID).Scan(&s.ID)
	if err != nil {
		return s, fmt.Errorf("engine: store source snapshot: %w", err)
	}
	return s, nil
}

const snapshotColumns = `id, url, final_url, kind, title, body_text, content_hash, outcome, reason, fetched_at, origin`

func scanSnapshot(row pgx.Row) (Snapshot, error) {
	var s Snapshot
	err := row.Scan(&s.ID, &s.URL, &s.FinalURL, &s.Kind, &s.Title, &s.Text, &s.Hash, &s.Outcome, &s.Reason, &s.FetchedAt, &s.Origin)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, database.ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("engine: load source snapshot: %w", err)
	}
	return s, nil
}

// recentSnapshot is the client's latest readable snapshot of link taken after since. An
// unreadable one is not reused: the site may be back.
func recentSnapshot(ctx context.Context, db database.DBTX, clientID int64, link string, since time.Time) (Snapshot, error) {
	return scanSnapshot(db.QueryRow(ctx, `SELECT `+snapshotColumns+` FROM source_snapshots
		WHERE client_id = $1 AND url = $2 AND fetched_at > $3 AND outcome = 'read' AND origin = 'link'
		ORDER BY fetched_at DESC LIMIT 1`, clientID, link, since))
}

func linkSnapshot(ctx context.Context, db database.DBTX, signalID, snapshotID int64) error {
	if _, err := db.Exec(ctx, `UPDATE source_signals SET snapshot_id = $2 WHERE id = $1`, signalID, snapshotID); err != nil {
		return fmt.Errorf("engine: link source snapshot: %w", err)
	}
	return nil
}

// loadSnapshot reads a signal's snapshot; nil when it has none.
func loadSnapshot(ctx context.Context, db database.DBTX, snapshotID *int64) (*Snapshot, error) {
	if snapshotID == nil {
		return nil, nil
	}
	s, err := scanSnapshot(db.QueryRow(ctx, `SELECT `+snapshotColumns+` FROM source_snapshots WHERE id = $1`, *snapshotID))
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// PieceSource is the source a piece traces to, with what was read from it (Read is nil when it
// was never read). A piece of another channel is database.ErrNotFound, so a channel sees only its
// own pieces' sources.
func (e *Engine) PieceSource(ctx context.Context, channelID string, pieceID int64) (Source, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return Source{}, err
	}
	if p.ChannelID != channelID {
		return Source{}, database.ErrNotFound
	}
	return getSource(ctx, e.pool, p.SourceSignalID)
}
