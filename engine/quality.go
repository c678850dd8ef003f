package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/quality"
)

// qualityVersion is a stored version as the quality record reads it.
type qualityVersion struct {
	ID       int64
	Version  int
	Phase    string
	AI       bool
	Content  string
	OS       map[string]int
	OSHash   string
	Warnings int
	At       time.Time
	Claims   []string // its claim flags, as written
}

// refreshQualityTx rewrites piece id's quality record from the piece's history, inside the
// caller's transaction: every move (recordMoveTx) and every stored version (insertVersion) calls
// it, so the record is current the moment the change commits and rolls back with it. It locks the
// piece row first (a no-op for the callers, which hold it already), so two changes to one piece
// never interleave their records; recomputing the whole record from the history makes a retried or
// repeated call harmless. The voice match of a version is computed once, the first time the
// record sees it.
func refreshQualityTx(ctx context.Context, db database.DBTX, pieceID int64) error {
	var clientID int64
	var platform string
	var outlineVoice, draftVoice []byte
	if err := db.QueryRow(ctx, `SELECT p.client_id, p.platform, q.outline_voice, q.draft_voice
		FROM pieces p LEFT JOIN quality_records q ON q.piece_id = p.id WHERE p.id = $1 FOR UPDATE OF p`, pieceID).
		Scan(&clientID, &platform, &outlineVoice, &draftVoice); err != nil {
		return fmt.Errorf("engine: lock piece %d for its quality record: %w", pieceID, err)
	}
	stored, err := decodeVoices(outlineVoice, draftVoice)
	if err != nil {
		return err
	}
	versions, err := qualityVersions(ctx, db, pieceID)
	if err != nil {
		return err
	}
	rs, err := reviews(ctx, db, pieceID)
	if err != nil {
		return err
	}
	rec := QualityRecord{PieceID: pieceID, ClientID: clientID, Record: quality.BuildRecord(qualityHistory(versions, rs))}
	if rec.OutlineVoice, rec.DraftVoice, err = voicesFor(ctx, db, stored, pieceID, clientID, platform, versions); err != nil {
		return err
	}
	return upsertQuality(ctx, db, rec)
}

// qualityVersions loads every version of a piece with its claim flags, in the order they were stored.
func qualityVersions(ctx context.Context, db database.DBTX, pieceID int64) ([]qualityVersion, error) {
	out, err := database.Collect(ctx, db, scanQualityVersion, `SELECT v.id, v.version, v.phase, v.author_kind = 'ai', v.content, v.os_versions,
			v.os_hash, jsonb_array_length(v.warnings), v.created_at,
			coalesce((SELECT array_agg(f.claim ORDER BY f.position) FROM claim_flags f WHERE f.version_id = v.id), '{}')
		FROM piece_versions v WHERE v.piece_id = $1 ORDER BY v.id`, pieceID)
	if err != nil {
		return nil, fmt.Errorf("engine: load versions of piece %d: %w", pieceID, err)
	}
	return out, nil
}

func scanQualityVersion(row pgx.CollectableRow) (qualityVersion, error) {
	var v qualityVersion
	return v, row.Scan(&v.ID, &v.Version, &v.Phase, &v.AI, &v.Content, &v.OS, &v.OSHash, &v.Warnings, &v.At, &v.Claims)
}

// qualityHistory is the piece's history as the quality package reads it. A person's version keeps
// the claim flags of the model's version before it whose claims it still contains: a flag is
// resolved by taking the claim out, and nobody else resolves it.
func qualityHistory(vs []qualityVersion, rs []Review) quality.History {
	var h quality.History
	lastAI := map[string]qualityVersion{}
	for _, v := range vs {
		unresolved := len(v.Claims)
		if v.AI {
			lastAI[v.Phase] = v
		} else {
			unresolved = claimsStillIn(lastAI[v.Phase].Claims, v.Content)
		}
		h.Versions = append(h.Versions, quality.VersionEvent{Phase: v.Phase, AI: v.AI, Content: v.Content,
			OSVersions: v.OS, OSHash: v.OSHash, Warnings: v.Warnings, UnresolvedFlags: unresolved, At: v.At})
	}
	for _, r := range rs {
		h.Reviews = append(h.Reviews, quality.ReviewEvent{Phase: r.Phase, Decision: r.Decision,
			FailureModes: r.FailureModes, At: r.CreatedAt})
	}
	return h
}

// claimsStillIn counts the claims text still contains, ignoring case and white space.
func claimsStillIn(claims []string, text string) int {
	flat := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	n := 0
	for _, c := range claims {
		if c = strings.Join(strings.Fields(strings.ToLower(c)), " "); c != "" && strings.Contains(flat, c) {
			n++
		}
	}
	return n
}
