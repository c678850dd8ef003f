package clientos

import (
	"context"
	"fmt"

	"github.com/mos-hq/mos/database"
)

// SetReportChannel chooses where the client's weekly report is posted. The change and its audit
// row are one statement, so neither lands without the other.
func SetReportChannel(ctx context.Context, db database.DBTX, clientID int64, channelID, actor string) error {
	tag, err := db.Exec(ctx, `WITH c AS (UPDATE clients SET report_channel_id = $2 WHERE id = $1 RETURNING id)
		INSERT INTO audit_log (client_id, actor, action, detail)
		SELECT id, $3, 'client.report_channel', jsonb_build_object('channel_id', $2::text) FROM c`,
		clientID, channelID, actor)
	if err != nil {
		return fmt.Errorf("clientos: set report channel: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("clientos: set report channel: client %d: %w", clientID, database.ErrNotFound)
	}
	return nil
}
