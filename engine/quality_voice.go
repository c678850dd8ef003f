package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/quality"
)

// MaxSoundsLikeUsSamples bounds the pieces marked Sounds like us a voice match compares with: the
// most recent ones.
const MaxSoundsLikeUsSamples = 20

// VoiceMatch is a version's voice match against the client's approved writing (quality.MatchVoice),
// stored with the piece's quality record so the cards only read it. It never blocks anything.
type VoiceMatch struct {
	VersionID int64    `json:"version_id"`
	Version   int      `json:"version"` // the version number it was computed for
	Score     int      `json:"score"`   // 0–100; meaningful only when Scored
	Scored    bool     `json:"scored"`
	Reasons   []string `json:"reasons"` // the biggest differences first, or why there is no number
	Note      string   `json:"note,omitempty"`
	Samples   int      `json:"samples"`
}

// voicesFor returns the voice match of the piece's latest outline and draft: the stored one when the
// version is unchanged, else computed now against the client's current OS and Sounds-like-us pieces.
func voicesFor(ctx context.Context, db database.DBTX, stored [2]*VoiceMatch, pieceID, clientID int64, platform string,
	vs []qualityVersion) (*VoiceMatch, *VoiceMatch, error) {
	outline, draft := stored[0], stored[1]
	var ref *quality.Reference
	for _, phase := range []string{PhaseOutline, PhaseDraft} {
		v, ok := latestOf(vs, phase)
		slot := &outline
		if phase == PhaseDraft {
			slot = &draft
		}
		if !ok || (*slot != nil && (*slot).VersionID == v.ID) {
			continue
		}
		if ref == nil {
			r, err := voiceReference(ctx, db, pieceID, clientID, platform)
			if err != nil {
				return nil, nil, err
			}
			ref = &r
		}
		*slot = matchVersion(v, *ref)
	}
	return outline, draft, nil
}

func latestOf(vs []qualityVersion, phase string) (qualityVersion, bool) {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Phase == phase {
			return vs[i], true
		}
	}
	return qualityVersion{}, false
}

// matchVersion scores one version: an outline in the words people read (its hook, sections and CTA).
func matchVersion(v qualityVersion, ref quality.Reference) *VoiceMatch {
	text, err := versionText(Version{Phase: v.Phase, Content: v.Content, Version: v.Version})
	if err != nil {
		return nil // an outline that does not parse has no voice to match; the card shows none
	}
	m := quality.MatchVoice(text, ref)
	return &VoiceMatch{VersionID: v.ID, Version: v.Version, Score: m.Score, Scored: m.Scored, Reasons: m.Reasons,
		Note: m.Note, Samples: m.Samples}
}

// voiceReference is the client's approved writing: the sample posts of its current brand.md and its
// most recent pieces marked Sounds like us. An OS that does not parse gives an empty reference (no
// number, and the reasons say how to add samples) rather than failing the change being stored.
func voiceReference(ctx context.Context, db database.DBTX, pieceID, clientID int64, platform string) (quality.Reference, error) {
	texts, err := soundsLikeUsTexts(ctx, db, pieceID, clientID)
	if err != nil {
		return quality.Reference{}, err
	}
	snap, err := clientos.Current(ctx, db, clientID)
	if errors.Is(err, database.ErrNotFound) {
		return quality.Reference{Samples: texts}, nil
	}
	if err != nil {
		return quality.Reference{}, fmt.Errorf("engine: client OS for the voice match: %w", err)
	}
	os, err := snap.OS()
	if err != nil {
		return quality.Reference{Samples: texts}, nil
	}
	return quality.NewReference(os, platform, texts), nil
}

// soundsLikeUsTexts are the latest drafts of the client's pieces marked Sounds like us, newest mark
// first, the piece itself left out.
func soundsLikeUsTexts(ctx context.Context, db database.DBTX, pieceID, clientID int64) ([]string, error) {
	texts, err := database.Collect(ctx, db, pgx.RowTo[string], `SELECT d.content FROM reviews r JOIN pieces p ON p.id = r.piece_id
		CROSS JOIN LATERAL (SELECT content FROM piece_versions v WHERE v.piece_id = p.id AND v.phase = 'draft'
			ORDER BY v.version DESC LIMIT 1) d
		WHERE r.decision = $3 AND p.client_id = $1 AND p.id <> $2
		ORDER BY r.created_at DESC, r.id DESC LIMIT $4`, clientID, pieceID, DecisionSoundsLikeUs, MaxSoundsLikeUsSamples)
	if err != nil {
		return nil, fmt.Errorf("engine: sounds-like-us pieces of client %d: %w", clientID, err)
	}
	return texts, nil
}

// storedVoices reads the voice matches the piece's record holds; none before its first record.
func storedVoices(ctx context.Context, db database.DBTX, pieceID int64) (*VoiceMatch, *VoiceMatch, error) {
	var outline, draft []byte
	err := db.QueryRow(ctx, `SELECT outline_voice, draft_voice FROM quality_records WHERE piece_id = $1`, pieceID).
		Scan(&outline, &draft)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("engine: stored voice match of piece %d: %w", pieceID, err)
	}
	v, err := decodeVoices(outline, draft)
	return v[0], v[1], err
}

// decodeVoices decodes the stored outline and draft matches.
func decodeVoices(outline, draft []byte) ([2]*VoiceMatch, error) {
	o, err := decodeVoice(outline)
	if err != nil {
		return [2]*VoiceMatch{}, err
	}
	d, err := decodeVoice(draft)
	return [2]*VoiceMatch{o, d}, err
}

func decodeVoice(raw []byte) (*VoiceMatch, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var v VoiceMatch
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("engine: decode voice match: %w", err)
	}
	return &v, nil
}
