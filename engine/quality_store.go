package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/quality"
)

// QualityRecord is a piece's stored quality record: how its outline and draft went, what people
// changed, what was left, the Client OS it was written with and the voice match of its latest
// outline and draft (nil before the version exists).
type QualityRecord struct {
	PieceID, ClientID        int64
	Record                   quality.Record
	OutlineVoice, DraftVoice *VoiceMatch
	UpdatedAt                time.Time
}

// rejectionJSON is one stored rejection.
type rejectionJSON struct {
	Phase        string   `json:"phase"`
	FailureModes []string `json:"failure_modes"`
}

// upsertQualitySQL writes a record, replacing the piece's previous one.
const upsertQualitySQL = `INSERT INTO quality_records (piece_id, client_id,
		outline_decided, outline_approved, outline_first_pass, outline_revisions, outline_wait_seconds,
		draft_decided, draft_approved, draft_first_pass, draft_revisions, draft_wait_seconds,
		rejections, edit_ratio, edit_distance, ai_words, edit_approximate, unresolved_flags, warnings_left,
		os_versions, os_hash, outline_voice_version, outline_voice_score, outline_voice,
		draft_voice_version, draft_voice_score, draft_voice, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26, $27, now())
	ON CONFLICT (piece_id) DO UPDATE SET client_id = EXCLUDED.client_id,
		outline_decided = EXCLUDED.outline_decided, outline_approved = EXCLUDED.outline_approved,
		outline_first_pass = EXCLUDED.outline_first_pass, outline_revisions = EXCLUDED.outline_revisions,
		outline_wait_seconds = EXCLUDED.outline_wait_seconds, draft_decided = EXCLUDED.draft_decided,
		draft_approved = EXCLUDED.draft_approved, draft_first_pass = EXCLUDED.draft_first_pass,
		draft_revisions = EXCLUDED.draft_revisions, draft_wait_seconds = EXCLUDED.draft_wait_seconds,
		rejections = EXCLUDED.rejections, edit_ratio = EXCLUDED.edit_ratio, edit_distance = EXCLUDED.edit_distance,
		ai_words = EXCLUDED.ai_words, edit_approximate = EXCLUDED.edit_approximate,
		unresolved_flags = EXCLUDED.unresolved_flags, warnings_left = EXCLUDED.warnings_left,
		os_versions = EXCLUDED.os_versions, os_hash = EXCLUDED.os_hash,
		outline_voice_version = EXCLUDED.outline_voice_version, outline_voice_score = EXCLUDED.outline_voice_score,
		outline_voice = EXCLUDED.outline_voice, draft_voice_version = EXCLUDED.draft_voice_version,
		draft_voice_score = EXCLUDED.draft_voice_score, draft_voice = EXCLUDED.draft_voice, updated_at = now()`

// upsertQuality writes the record, replacing the piece's previous one.
func upsertQuality(ctx context.Context, db database.DBTX, q QualityRecord) error {
	r := q.Record
	rejections := make([]rejectionJSON, 0, len(r.Rejections))
	for _, rj := range r.Rejections {
		modes := rj.FailureModes
		if modes == nil {
			modes = []string{}
		}
		rejections = append(rejections, rejectionJSON{Phase: rj.Phase, FailureModes: modes})
	}
	osv := r.OSVersions
	if osv == nil {
		osv = map[string]int{}
	}
	var ratio *float64
	var distance, aiWords, flags, warnings *int
	if r.HasEditRatio {
		ratio, distance, aiWords = &r.EditRatio.Ratio, &r.EditRatio.Distance, &r.EditRatio.AIWords
	}
	if r.Draft.Approved {
		flags, warnings = &r.UnresolvedFlags, &r.WarningsLeft
	}
	_, err := db.Exec(ctx, upsertQualitySQL,
		q.PieceID, q.ClientID,
		r.Outline.Decided, r.Outline.Approved, r.Outline.FirstPass, r.Outline.Revisions, waitSeconds(r.Outline),
		r.Draft.Decided, r.Draft.Approved, r.Draft.FirstPass, r.Draft.Revisions, waitSeconds(r.Draft),
		rejections, ratio, distance, aiWords, r.EditRatio.Approximate, flags, warnings, osv, r.OSHash,
		voiceVersion(q.OutlineVoice), voiceScore(q.OutlineVoice), q.OutlineVoice,
		voiceVersion(q.DraftVoice), voiceScore(q.DraftVoice), q.DraftVoice)
	if err != nil {
		return fmt.Errorf("engine: store quality record of piece %d: %w", q.PieceID, err)
	}
	return nil
}

func waitSeconds(p quality.PhaseRecord) *int {
	if !p.Decided {
		return nil
	}
	s := int(p.Wait / time.Second)
	return &s
}

func voiceVersion(v *VoiceMatch) *int64 {
	if v == nil {
		return nil
	}
	return &v.VersionID
}

func voiceScore(v *VoiceMatch) *int {
	if v == nil || !v.Scored {
		return nil
	}
	return &v.Score
}

// qualityColumns are a record's columns in scanQuality's order, for a query that names the table q.
const qualityColumns = `q.piece_id, q.client_id, q.outline_decided, q.outline_approved, q.outline_first_pass,
	q.outline_revisions, q.outline_wait_seconds, q.draft_decided, q.draft_approved, q.draft_first_pass,
	q.draft_revisions, q.draft_wait_seconds, q.rejections, q.edit_ratio, q.edit_distance, q.ai_words,
	q.edit_approximate, q.unresolved_flags, q.warnings_left, q.os_versions, q.os_hash, q.outline_voice,
	q.draft_voice, q.updated_at`

// qualityScan holds one row's nullable columns while it is scanned.
type qualityScan struct {
	q                        QualityRecord
	outlineWait, draftWait   *int
	rejections               []rejectionJSON
	ratio                    *float64
	distance, aiWords        *int
	flags, warnings          *int
	outlineVoice, draftVoice []byte
}

func (s *qualityScan) dest() []any {
	r := &s.q.Record
	return []any{&s.q.PieceID, &s.q.ClientID, &r.Outline.Decided, &r.Outline.Approved, &r.Outline.FirstPass,
		&r.Outline.Revisions, &s.outlineWait, &r.Draft.Decided, &r.Draft.Approved, &r.Draft.FirstPass,
		&r.Draft.Revisions, &s.draftWait, &s.rejections, &s.ratio, &s.distance, &s.aiWords,
		&r.EditRatio.Approximate, &s.flags, &s.warnings, &r.OSVersions, &r.OSHash, &s.outlineVoice,
		&s.draftVoice, &s.q.UpdatedAt}
}

// record assembles the scanned row.
func (s *qualityScan) record() (QualityRecord, error) {
	q := s.q
	r := &q.Record
	r.Outline.Wait, r.Draft.Wait = secondsOf(s.outlineWait), secondsOf(s.draftWait)
	for _, rj := range s.rejections {
		r.Rejections = append(r.Rejections, quality.Rejection{Phase: rj.Phase, FailureModes: rj.FailureModes})
	}
	r.Revisions = r.Outline.Revisions + r.Draft.Revisions
	if s.ratio != nil && s.distance != nil && s.aiWords != nil {
		r.HasEditRatio = true
		r.EditRatio.Ratio, r.EditRatio.Distance, r.EditRatio.AIWords = *s.ratio, *s.distance, *s.aiWords
	}
	if s.flags != nil && s.warnings != nil {
		r.UnresolvedFlags, r.WarningsLeft = *s.flags, *s.warnings
	}
	var err error
	if q.OutlineVoice, err = decodeVoice(s.outlineVoice); err != nil {
		return q, err
	}
	q.DraftVoice, err = decodeVoice(s.draftVoice)
	return q, err
}

func secondsOf(s *int) time.Duration {
	if s == nil {
		return 0
	}
	return time.Duration(*s) * time.Second
}

// storedQuality reads a piece's record; database.ErrNotFound when it has none.
func storedQuality(ctx context.Context, db database.DBTX, pieceID int64) (QualityRecord, error) {
	var s qualityScan
	err := db.QueryRow(ctx, `SELECT `+qualityColumns+` FROM quality_records q WHERE q.piece_id = $1`, pieceID).Scan(s.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return QualityRecord{}, database.ErrNotFound
	}
	if err != nil {
		return QualityRecord{}, fmt.Errorf("engine: quality record of piece %d: %w", pieceID, err)
	}
	return s.record()
}
