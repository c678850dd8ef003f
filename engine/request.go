package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// DraftRequest is someone asking for a new piece in a channel.
type DraftRequest struct {
	ChannelID string
	UserID    string
	Input     DraftInput
	// RequestKey names the delivery that asked (a Slack envelope id), if any: a request made again
	// with the same key returns the piece the first one started and changes nothing.
	RequestKey string
}

// Source is the logged signal a piece traces to.
type Source struct {
	ID        int64
	Type      string
	URL       string
	Excerpt   string
	CreatedBy string
	CreatedAt time.Time
	FileID    string // a file attached to the request, read by the outline job
	FileName  string
	// Read is what the source link said when the outline job read it; nil before (or without) a read.
	Read *Snapshot
	// Inputs are the request's own inputs: a pasted transcript, an attached file once read.
	Inputs []Snapshot
}

// RequestDraft starts a piece: in one transaction it checks the binding and the input, counts the
// piece against the channel's daily cap, logs the source signal, stores the piece as requested and
// queues the outline job. Over the cap it returns a *CapError and stores nothing; bad input gives
// a *UserError.
func (e *Engine) RequestDraft(ctx context.Context, req DraftRequest) (Piece, error) {
	var p Piece
	replayed := false
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if p, replayed, err = pieceOfRequestTx(ctx, tx, req.RequestKey); err != nil || replayed {
			return err
		}
		b, err := bindingFor(ctx, tx, req.ChannelID)
		if err != nil {
			return err
		}
		pillars, err := clientPillars(ctx, tx, b.ClientID)
		if err != nil {
			return err
		}
		in, err := ValidateDraftInput(req.Input, pillars)
		if err != nil {
			return err
		}
		day, err := e.takeCapTx(ctx, tx, b)
		if err != nil {
			return err
		}
		m := createMove(ActionRequest)
		if p, err = insertPieceTx(ctx, tx, b, req.UserID, in, m.To, e.now()); err != nil {
			return err
		}
		if req.RequestKey != "" {
			if _, err := tx.Exec(ctx, `UPDATE pieces SET request_key = $2 WHERE id = $1`, p.ID, req.RequestKey); err != nil {
				return fmt.Errorf("engine: record the request of piece %d: %w", p.ID, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE pieces SET cap_day = $2 WHERE id = $1`, p.ID, day); err != nil {
			return fmt.Errorf("engine: record the cap day of piece %d: %w", p.ID, err)
		}
		return e.recordMoveTx(ctx, tx, p, m, moveInput{Actor: req.UserID})
	})
	if err != nil || replayed {
		return p, err
	}
	e.metrics.requested.Inc()
	e.log.InfoContext(ctx, "piece requested", "piece_id", p.ID, "channel_id", p.ChannelID,
		"platform", p.Platform, "user_id", req.UserID)
	return p, nil
}

// pieceOfRequestTx finds the piece a request with this key already started, if any.
func pieceOfRequestTx(ctx context.Context, tx pgx.Tx, key string) (Piece, bool, error) {
	if key == "" {
		return Piece{}, false, nil
	}
	p, err := scanPiece(tx.QueryRow(ctx, `SELECT `+pieceColumns+` FROM pieces WHERE request_key = $1`, key))
	if errors.Is(err, pgx.ErrNoRows) || errors.Is(err, database.ErrNotFound) {
		return Piece{}, false, nil
	}
	if err != nil {
		return Piece{}, false, fmt.Errorf("engine: find the piece of request %s: %w", key, err)
	}
	return p, true, nil
}

// Pillars lists the pillar names of the client bound to the channel, for the draft modal's menu.
func (e *Engine) Pillars(ctx context.Context, channelID string) ([]string, error) {
	b, err := bindingFor(ctx, e.pool, channelID)
	if err != nil {
		return nil, err
	}
	return clientPillars(ctx, e.pool, b.ClientID)
}

// clientPillars reads the pillar names from the client's current OS.
func clientPillars(ctx context.Context, db database.DBTX, clientID int64) ([]string, error) {
	os, _, err := currentOS(ctx, db, clientID)
	if err != nil {
		return nil, err
	}
	return pillarNames(os), nil
}

func currentOS(ctx context.Context, db database.DBTX, clientID int64) (*clientos.OS, clientos.Snapshot, error) {
	snap, err := clientos.Current(ctx, db, clientID)
	if err != nil {
		return nil, snap, fmt.Errorf("engine: load client OS: %w", err)
	}
	os, err := snap.OS()
	if err != nil {
		return nil, snap, fmt.Errorf("engine: the client's OS does not parse (its lint findings say why): %w", err)
	}
	return os, snap, nil
}

func pillarNames(os *clientos.OS) []string {
	names := make([]string, 0, len(os.Pillars))
	for _, p := range os.Pillars {
		names = append(names, p.Name)
	}
	return names
}

// insertPieceTx logs the source signal and stores the piece in its first state. The requested
// pillar, if any, is kept in the piece's pillar until the outline settles it.
func insertPieceTx(ctx context.Context, tx pgx.Tx, b Binding, userID string, in DraftInput, state State,
	now time.Time) (Piece, error) {
	var signalID int64
	if err := tx.QueryRow(ctx, `INSERT INTO source_signals (client_id, source_type, url, excerpt, created_by,
		file_id, file_name) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		b.ClientID, in.SourceType, in.SourceURL, in.Excerpt, userID, in.FileID, in.FileName).Scan(&signalID); err != nil {
		return Piece{}, fmt.Errorf("engine: log source signal: %w", err)
	}
	if in.Transcript != "" {
		snap := transcriptSnapshot(in.Transcript, now)
		snap.signalID = signalID
		if _, err := insertSnapshot(ctx, tx, b.ClientID, snap); err != nil {
			return Piece{}, err
		}
	}
	p, err := scanPiece(tx.QueryRow(ctx, `INSERT INTO pieces
		(client_id, channel_id, platform, pillar, state, source_signal_id, brief, requested_by, state_changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+pieceColumns,
		b.ClientID, b.ChannelID, b.Platform, in.Pillar, string(state), signalID, in.Brief, userID, now))
	if err != nil {
		return p, fmt.Errorf("engine: insert piece: %w", err)
	}
	return p, nil
}

func getSource(ctx context.Context, db database.DBTX, id int64) (Source, error) {
	var s Source
	var snapshotID *int64
	err := db.QueryRow(ctx, `SELECT id, source_type, url, excerpt, created_by, created_at, snapshot_id, file_id, file_name
		FROM source_signals WHERE id = $1`, id).Scan(&s.ID, &s.Type, &s.URL, &s.Excerpt, &s.CreatedBy, &s.CreatedAt,
		&snapshotID, &s.FileID, &s.FileName)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, nil // a human-only piece logged without a signal
	}
	if err != nil {
		return s, fmt.Errorf("engine: load source signal %d: %w", id, err)
	}
	if s.Read, err = loadSnapshot(ctx, db, snapshotID); err != nil {
		return s, err
	}
	s.Inputs, err = loadInputs(ctx, db, s.ID)
	return s, err
}
