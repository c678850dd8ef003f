package clientos

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/mos-hq/mos/database"
)

// Audit records who did what to a client, for the changes people later ask about. clientID 0 means
// the action concerns no single client.
func Audit(ctx context.Context, db database.DBTX, clientID int64, actor, action string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("clientos: audit %s: %w", action, err)
	}
	var id *int64
	if clientID != 0 {
		id = &clientID
	}
	if _, err := db.Exec(ctx, `INSERT INTO audit_log (client_id, actor, action, detail) VALUES ($1, $2, $3, $4)`,
		id, actor, action, b); err != nil {
		return fmt.Errorf("clientos: audit %s: %w", action, err)
	}
	return nil
}
