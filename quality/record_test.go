package quality

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

func aiVersion(phase, content string, brand, minute int) VersionEvent {
	return VersionEvent{Phase: phase, AI: true, Content: content, OSVersions: map[string]int{"brand": brand},
		OSHash: "h" + string(rune('0'+brand)), At: at(minute)}
}

func review(phase, decision string, minute int, modes ...string) ReviewEvent {
	return ReviewEvent{Phase: phase, Decision: decision, FailureModes: modes, At: at(minute)}
}

func TestBuildRecordFirstPassPublishedWithOtherLineBreaks(t *testing.T) {
	t.Parallel()
	draft := aiVersion(PhaseDraft, "We closed in six days.\n\nNothing heroic.", 1, 40)
	draft.Warnings, draft.UnresolvedFlags = 1, 2
	r := BuildRecord(History{
		Versions: []VersionEvent{aiVersion(PhaseOutline, "- six days", 1, 0), draft},
		Reviews: []ReviewEvent{review(PhaseOutline, DecisionApproved, 25),
			review(PhaseDraft, DecisionApproved, 100)},
		PublishedText: "We closed in six days. Nothing heroic.",
	})
	require.Equal(t, PhaseRecord{Decided: true, Approved: true, FirstPass: true, Wait: 25 * time.Minute}, r.Outline)
	require.Equal(t, PhaseRecord{Decided: true, Approved: true, FirstPass: true, Wait: time.Hour}, r.Draft)
	require.True(t, r.HasEditRatio)
	require.Equal(t, EditRatio{AIWords: 7}, r.EditRatio)
	require.Equal(t, 2, r.UnresolvedFlags)
	require.Equal(t, 1, r.WarningsLeft)
	require.Empty(t, r.Rejections)
	require.Equal(t, map[string]int{"brand": 1}, r.OSVersions)
}

func TestBuildRecordRevisedEditedAcrossAnOSChange(t *testing.T) {
	t.Parallel()
	human := VersionEvent{Phase: PhaseDraft, Content: "Our close took six days. Nothing heroic.", At: at(70)}
	r := BuildRecord(History{
		Versions: []VersionEvent{
			aiVersion(PhaseOutline, "- six days", 1, 0),
			aiVersion(PhaseDraft, "We closed in 6 days!", 2, 30),
			aiVersion(PhaseDraft, "We closed in six days. Nothing heroic.", 2, 50),
			human,
		},
		Reviews: []ReviewEvent{
			review(PhaseOutline, DecisionApproved, 10),
			review(PhaseDraft, DecisionRevised, 40),
			review(PhaseDraft, DecisionEdited, 70),
			review(PhaseDraft, DecisionApproved, 90),
		},
	})
	require.True(t, r.Outline.FirstPass)
	require.Equal(t, PhaseRecord{Decided: true, Approved: true, Revisions: 1, Wait: time.Hour}, r.Draft)
	require.Equal(t, 1, r.Revisions)
	require.Equal(t, map[string]int{"brand": 1}, r.OSVersions, "the outline's OS counts, not the draft's")
	require.Equal(t, "h1", r.OSHash)
	require.Equal(t, EditRatio{Ratio: 3.0 / 7, Distance: 3, AIWords: 7}, r.EditRatio, "against the last AI draft")
	require.Zero(t, r.UnresolvedFlags, "the approved version is the person's")
}

func TestBuildRecordRejectedOutline(t *testing.T) {
	t.Parallel()
	r := BuildRecord(History{
		Versions: []VersionEvent{aiVersion(PhaseOutline, "- synergy", 3, 0)},
		Reviews:  []ReviewEvent{review(PhaseOutline, DecisionRejected, 5, "voice_drift", "generic_angle")},
	})
	require.Equal(t, PhaseRecord{Decided: true, Wait: 5 * time.Minute}, r.Outline)
	require.Equal(t, []Rejection{{Phase: PhaseOutline, FailureModes: []string{"voice_drift", "generic_angle"}}}, r.Rejections)
	require.Equal(t, PhaseRecord{}, r.Draft)
	require.False(t, r.HasEditRatio)
}

func TestBuildRecordUnfinishedAndEmpty(t *testing.T) {
	t.Parallel()
	waiting := BuildRecord(History{Versions: []VersionEvent{aiVersion(PhaseOutline, "- a", 1, 0)}})
	require.Equal(t, PhaseRecord{}, waiting.Outline, "nothing decided yet: no wait, no first pass")
	require.Equal(t, map[string]int{"brand": 1}, waiting.OSVersions)

	require.Equal(t, Record{}, BuildRecord(History{}))
}

func TestBuildRecordHumanOnlyPiece(t *testing.T) {
	t.Parallel()
	r := BuildRecord(History{
		Versions: []VersionEvent{{Phase: PhaseDraft, Content: "Written by hand.", Warnings: 1, At: at(0)}},
		Reviews:  []ReviewEvent{review(PhaseDraft, DecisionApproved, 30)},
	})
	require.True(t, r.Draft.FirstPass)
	require.False(t, r.HasEditRatio, "no AI text to measure edits against")
	require.Equal(t, 1, r.WarningsLeft)
	require.Nil(t, r.OSVersions)
}
