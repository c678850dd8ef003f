package engine

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
)

// Verdicts of a claim flag; see generate.
const (
	VerdictNotInSource = generate.VerdictNotInSource
	VerdictUnverified  = generate.VerdictUnverified
)

// ClaimFlag is a claim in a generated version that nothing the piece rests on contains. Flags are
// stored with the version and shown to reviewers; they are never fixed silently.
type ClaimFlag = generate.ClaimFlag

func insertClaimFlags(ctx context.Context, db database.DBTX, versionID int64, flags []ClaimFlag) error {
	for i, f := range flags {
		if _, err := db.Exec(ctx, `INSERT INTO claim_flags (version_id, position, kind, claim, verdict, reason,
			source_says) VALUES ($1, $2, $3, $4, $5, $6, $7)`, versionID, i, f.Kind, f.Claim, f.Verdict, f.Reason,
			f.SourceSays); err != nil {
			return fmt.Errorf("engine: store claim flags of version %d: %w", versionID, err)
		}
	}
	return nil
}

// claimFlags reads the flags of a version, in text order.
func claimFlags(ctx context.Context, db database.DBTX, versionID int64) ([]ClaimFlag, error) {
	flags, err := database.Collect(ctx, db, scanClaimFlag, `SELECT kind, claim, verdict, reason, source_says FROM claim_flags
		WHERE version_id = $1 ORDER BY position`, versionID)
	if err != nil {
		return nil, fmt.Errorf("engine: load claim flags: %w", err)
	}
	return flags, nil
}

func scanClaimFlag(row pgx.CollectableRow) (ClaimFlag, error) {
	var f ClaimFlag
	return f, row.Scan(&f.Kind, &f.Claim, &f.Verdict, &f.Reason, &f.SourceSays)
}

// setFlags reads the claim flags of the latest outline and draft.
func (v *View) setFlags(ctx context.Context, db database.DBTX) error {
	var err error
	if v.Outline != nil {
		if v.OutlineFlags, err = claimFlags(ctx, db, v.Outline.ID); err != nil {
			return err
		}
	}
	if v.Draft != nil {
		v.DraftFlags, err = claimFlags(ctx, db, v.Draft.ID)
	}
	return err
}
