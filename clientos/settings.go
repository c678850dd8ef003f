package clientos

import (
	"context"
	"fmt"

	"github.com/mos-hq/mos/database"
)

// SetReportChannel chooses where the client's weekly report is posted; audited.
func SetReportChannel(ctx context.Context, db database.DBTX, clientID int64, channelID, actor string) error {
	tag, err := db.Exec(ctx, `UPDATE clients SET report_channel_id = $2 WHERE id = $1`, clientID, channelID)
	if err != nil {
		return fmt.Errorf("clientos: set report channel: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("clientos: set report channel: client %d: %w", clientID, database.ErrNotFound)
	}
	return Audit(ctx, db, clientID, actor, "client.report_channel", map[string]any{"channel_id": channelID})
}
