package bot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/quality"
)

// TestRenderQualityGolden draws `/mos piece #N` for a piece that went the long way (outline
// revised, draft edited, then approved and published), one rejected for voice drift after an edit,
// and one just requested; each passes Slack's validator.
func TestRenderQualityGolden(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := quality.History{
		Versions: []quality.VersionEvent{
			{Phase: quality.PhaseOutline, AI: true, Content: "{}", OSVersions: map[string]int{"brand": 3, "style/linkedin": 1}, At: at},
			{Phase: quality.PhaseOutline, AI: true, Content: "{}", At: at.Add(time.Hour)},
			{Phase: quality.PhaseDraft, AI: true, Content: "We closed in five days. Here is how & why.", At: at.Add(2 * time.Hour), UnresolvedFlags: 1},
			{Phase: quality.PhaseDraft, AI: false, Content: "We closed in five days. Here is how.", At: at.Add(3 * time.Hour), Warnings: 1},
		},
		Reviews: []quality.ReviewEvent{
			{Phase: quality.PhaseOutline, Decision: quality.DecisionRevised, At: at.Add(30 * time.Minute)},
			{Phase: quality.PhaseOutline, Decision: quality.DecisionApproved, At: at.Add(90 * time.Minute)},
			{Phase: quality.PhaseDraft, Decision: quality.DecisionEdited, At: at.Add(3 * time.Hour)},
			{Phase: quality.PhaseDraft, Decision: quality.DecisionApproved, At: at.Add(4 * time.Hour)},
		},
	}
	long := engine.QualityRecord{Record: quality.BuildRecord(h), DraftVoice: matchOf(voiceCards["german"])}
	h.Reviews = append(h.Reviews[:3:3], quality.ReviewEvent{Phase: quality.PhaseDraft, Decision: quality.DecisionRejected,
		FailureModes: []string{"voice_drift", "generic_angle"}, At: at.Add(4 * time.Hour)})
	rejected := engine.QualityRecord{Record: quality.BuildRecord(h), DraftVoice: matchOf(voiceCards["scored"])}
	piece := engine.Piece{ID: 12, Platform: "linkedin", Pillar: "Faster <close>", State: engine.StatePublished,
		PublishedAt: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)}
	cases := map[string]struct {
		p engine.Piece
		q engine.QualityRecord
	}{
		"quality_long_way.json": {piece, long},
		"quality_rejected.json": {engine.Piece{ID: 14, Platform: "linkedin", State: engine.StateRejected}, rejected},
		"quality_new.json":      {engine.Piece{ID: 13, Platform: "linkedin", State: engine.StateRequested}, engine.QualityRecord{}},
	}
	for name, tc := range cases {
		blocks := qualityBlocks(tc.p, tc.q)
		golden(t, name, renderJSON(t, "Quality record", blocks))
		require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
	}
}

func matchOf(v *voiceLine) *engine.VoiceMatch {
	return &engine.VoiceMatch{Version: v.Version, Score: v.Score, Scored: v.Scored, Reasons: v.Reasons, Note: v.Note, Samples: v.Samples}
}
