package engine

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/database"
)

// Verdicts of a claim flag.
const (
	// VerdictNotInSource: the source was read and neither it nor the Client OS contains the claim.
	VerdictNotInSource = "not_in_source"
	// VerdictUnverified: the source could not be read, so nothing but the Client OS (and a pasted
	// excerpt) could back the claim.
	VerdictUnverified = "unverified"
)

// ClaimFlag is a claim in a generated version that nothing the piece rests on contains. Flags are
// stored with the version and shown to reviewers; they are never fixed silently.
type ClaimFlag struct {
	Kind    string // claim.KindPercent, …
	Claim   string // as written, e.g. 87% of CFOs
	Verdict string
	// Reason is claim.ReasonMissing, …Elsewhere or …Direction; "" on flags stored before reasons were.
	Reason string
	// SourceSays is the source's sentence holding the figure, when the source gives it about
	// something else or going the other way: what to write instead.
	SourceSays string
}

// flagOf is the flag of a claim the sources do not back.
func flagOf(c claim.Claim, verdict string) ClaimFlag {
	return ClaimFlag{Kind: c.Kind, Claim: c.Text, Verdict: verdict, Reason: c.Reason, SourceSays: c.Source}
}

// checkClaims flags the claims of a generated text that what the model was given does not contain:
// the source texts (the link's, a pasted transcript's, an attached file's) as the prompt carried
// them, cut to the token budget around the brief, a pasted excerpt and the Client OS. A piece whose
// source was never read (no link, or no reader) is not checked.
func checkClaims(ctx context.Context, in genInput, text string) ([]ClaimFlag, error) {
	if !in.source.Attempted() {
		return nil, nil
	}
	verdict := VerdictUnverified
	if in.source.Readable() {
		verdict = VerdictNotInSource
	}
	given := sourceTextOf(in.source, in.piece.Brief)
	sources := []string{in.source.Excerpt, in.rendered.Text, given.SourceText}
	for _, input := range given.SourceInputs {
		sources = append(sources, input.Text)
	}
	unsupported, err := claim.Unsupported(ctx, text, sources...)
	if err != nil {
		return nil, fmt.Errorf("engine: check claims: %w", err)
	}
	var flags []ClaimFlag
	for _, c := range unsupported {
		flags = append(flags, flagOf(c, verdict))
	}
	return flags, nil
}

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
	rows, err := db.Query(ctx, `SELECT kind, claim, verdict, reason, source_says FROM claim_flags
		WHERE version_id = $1 ORDER BY position`, versionID)
	if err != nil {
		return nil, fmt.Errorf("engine: load claim flags: %w", err)
	}
	flags, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ClaimFlag, error) {
		var f ClaimFlag
		return f, row.Scan(&f.Kind, &f.Claim, &f.Verdict, &f.Reason, &f.SourceSays)
	})
	if err != nil {
		return nil, fmt.Errorf("engine: load claim flags: %w", err)
	}
	return flags, nil
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
