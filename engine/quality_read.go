package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// QualityRow is one piece's line in `mos report --pieces`: the piece as people know it and its
// quality record.
type QualityRow struct {
	PieceID     int64
	ClientID    int64
	ChannelID   string
	Platform    string
	Pillar      string
	State       State
	HumanOnly   bool
	CreatedAt   time.Time
	PublishedAt time.Time // zero until published
	Quality     QualityRecord
}

// backfillBatch is how many pieces without a record one pass of EnsureQualityRecords builds.
const backfillBatch = 200

// PieceQuality reads a piece's quality record. A piece from before records were kept gets its
// record built (and stored) first; a missing piece is database.ErrNotFound.
func (e *Engine) PieceQuality(ctx context.Context, pieceID int64) (QualityRecord, error) {
	q, err := storedQuality(ctx, e.pool, pieceID)
	if !errors.Is(err, database.ErrNotFound) {
		return q, err
	}
	if err := refreshQuality(ctx, e.pool, pieceID); err != nil {
		return q, err
	}
	return storedQuality(ctx, e.pool, pieceID)
}

// refreshQuality builds one piece's record in a transaction of its own.
func refreshQuality(ctx context.Context, pool database.DBTX, pieceID int64) error {
	err := database.Transact(ctx, pool, func(tx pgx.Tx) error { return refreshQualityTx(ctx, tx, pieceID) })
	if errors.Is(err, pgx.ErrNoRows) {
		return database.ErrNotFound
	}
	return err
}

// EnsureQualityRecords builds the records of a client's pieces that have none (pieces from before
// records were kept), a batch at a time, each piece in its own short transaction.
func EnsureQualityRecords(ctx context.Context, pool database.DBTX, clientID int64) error {
	for {
		ids, err := database.Collect(ctx, pool, pgx.RowTo[int64], `SELECT p.id FROM pieces p WHERE p.client_id = $1
			AND NOT EXISTS (SELECT 1 FROM quality_records q WHERE q.piece_id = p.id) ORDER BY p.id LIMIT $2`,
			clientID, backfillBatch)
		if err != nil {
			return fmt.Errorf("engine: pieces without a quality record: %w", err)
		}
		for _, id := range ids {
			if err := refreshQuality(ctx, pool, id); err != nil && !errors.Is(err, database.ErrNotFound) {
				return err
			}
		}
		if len(ids) < backfillBatch {
			return nil
		}
	}
}

// EachQualityRow calls fn with every piece of a client that has a quality record, oldest first,
// one row at a time as the database sends them: memory stays the same for ten pieces or ten
// thousand. An error from fn stops the walk and is returned.
func EachQualityRow(ctx context.Context, db database.DBTX, clientID int64, fn func(QualityRow) error) error {
	rows, err := db.Query(ctx, `SELECT p.id, p.client_id, p.channel_id, p.platform, p.pillar, p.state, p.human_only,
			p.created_at, p.published_at, `+qualityColumns+`
		FROM pieces p JOIN quality_records q ON q.piece_id = p.id
		WHERE p.client_id = $1 ORDER BY p.id`, clientID)
	if err != nil {
		return fmt.Errorf("engine: quality records of client %d: %w", clientID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var row QualityRow
		var published *time.Time
		var s qualityScan
		dest := append([]any{&row.PieceID, &row.ClientID, &row.ChannelID, &row.Platform, &row.Pillar, &row.State,
			&row.HumanOnly, &row.CreatedAt, &published}, s.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("engine: quality records of client %d: %w", clientID, err)
		}
		if published != nil {
			row.PublishedAt = *published
		}
		if row.Quality, err = s.record(); err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("engine: quality records of client %d: %w", clientID, err)
	}
	return nil
}
