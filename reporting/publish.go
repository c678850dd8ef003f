package reporting

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// postingMark holds reports.message_ts while one replica posts the thread, so a retried job or a
// second replica cannot post it again.
const postingMark = "posting"

// ClaimReportPost reserves a stored report for posting. It returns the report's channel and true
// for exactly one caller; false when it is posted (or being posted) already, or has no channel.
func ClaimReportPost(ctx context.Context, db database.DBTX, reportID int64) (string, bool, error) {
	var channel string
	err := db.QueryRow(ctx, `UPDATE reports SET message_ts = $2
		WHERE id = $1 AND message_ts IS NULL AND channel_id <> '' RETURNING channel_id`, reportID, postingMark).Scan(&channel)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reporting: claim report %d: %w", reportID, err)
	}
	return channel, true, nil
}

// FinishReportPost records the posted thread's parent message.
func FinishReportPost(ctx context.Context, db database.DBTX, reportID int64, ts string) error {
	_, err := db.Exec(ctx, `UPDATE reports SET message_ts = $2 WHERE id = $1 AND message_ts = $3`, reportID, ts, postingMark)
	if err != nil {
		return fmt.Errorf("reporting: finish report %d: %w", reportID, err)
	}
	return nil
}

// ReleaseReportPost gives a claim back when posting failed before anything was posted, so a retry
// can post the report.
func ReleaseReportPost(ctx context.Context, db database.DBTX, reportID int64) error {
	_, err := db.Exec(ctx, `UPDATE reports SET message_ts = NULL WHERE id = $1 AND message_ts = $2`, reportID, postingMark)
	if err != nil {
		return fmt.Errorf("reporting: release report %d: %w", reportID, err)
	}
	return nil
}

// SetProposalMessage records where a proposal's message is, so Apply can update it in place.
func SetProposalMessage(ctx context.Context, db database.DBTX, proposalID int64, channelID, ts string) error {
	_, err := db.Exec(ctx, `UPDATE proposals SET channel_id = $2, message_ts = $3 WHERE id = $1`, proposalID, channelID, ts)
	if err != nil {
		return fmt.Errorf("reporting: proposal %d message: %w", proposalID, err)
	}
	return nil
}
