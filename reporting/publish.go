package reporting

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// A replica posting a report marks reports.message_ts "posting:<unix seconds>" first, so a retried
// job or a second replica cannot post it again. A mark older than claimTTL is from a replica that
// died mid-post and may be taken over, so a crash cannot lose the week's report.
const (
	postingPrefix = "posting:"
	claimTTL      = 10 * time.Minute
)

// ErrPostInProgress means another replica is posting the report right now; try again later.
var ErrPostInProgress = errors.New("reporting: the report is being posted by another replica")

// ClaimReportPost reserves a stored report for posting. It returns the report's channel and true
// for exactly one caller; false when it is posted already or has no channel; ErrPostInProgress
// while another replica's fresh claim stands.
func ClaimReportPost(ctx context.Context, db database.DBTX, reportID int64) (string, bool, error) {
	now := time.Now()
	var channel string
	err := db.QueryRow(ctx, `UPDATE reports SET message_ts = $2
		WHERE id = $1 AND channel_id <> '' AND (message_ts IS NULL
			OR (message_ts LIKE 'posting:%' AND split_part(message_ts, ':', 2)::bigint < $3))
		RETURNING channel_id`, reportID, postingPrefix+strconv.FormatInt(now.Unix(), 10),
		now.Add(-claimTTL).Unix()).Scan(&channel)
	if errors.Is(err, pgx.ErrNoRows) {
		var ts string
		err = db.QueryRow(ctx, `SELECT coalesce(message_ts, '') FROM reports WHERE id = $1`, reportID).Scan(&ts)
		if err == nil && strings.HasPrefix(ts, postingPrefix) {
			return "", false, ErrPostInProgress
		}
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reporting: claim report %d: %w", reportID, err)
	}
	return channel, true, nil
}

// FinishReportPost records the posted thread's parent message.
func FinishReportPost(ctx context.Context, db database.DBTX, reportID int64, ts string) error {
	_, err := db.Exec(ctx, `UPDATE reports SET message_ts = $2 WHERE id = $1 AND message_ts LIKE 'posting:%'`, reportID, ts)
	if err != nil {
		return fmt.Errorf("reporting: finish report %d: %w", reportID, err)
	}
	return nil
}

// ReleaseReportPost gives a claim back when posting failed before anything was posted, so a retry
// can post the report.
func ReleaseReportPost(ctx context.Context, db database.DBTX, reportID int64) error {
	_, err := db.Exec(ctx, `UPDATE reports SET message_ts = NULL WHERE id = $1 AND message_ts LIKE 'posting:%'`, reportID)
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
