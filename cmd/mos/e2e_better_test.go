package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// approvedAtFirstPass has Sam draft a piece and Maria approve its outline and its draft as written.
func (w *world) approvedAtFirstPass() {
	w.t.Helper()
	outline, draft := w.approvedOutline()
	w.maria.Press(w.channel, draft.TS, "Approve")
	w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
}

// backdate moves what happened since the last call (pieces, their versions and reviews, OS
// versions) to just before the injected clock, keeping its order: the engine stamps rows with the
// database's clock, the report reads the week reportMonday is in. Call it with no piece in flight.
func (w *world) backdate() {
	w.t.Helper()
	for _, table := range []string{"pieces", "piece_versions", "reviews", "os_versions"} {
		_, err := w.db.Pool.Exec(context.Background(), `UPDATE `+table+` SET created_at = created_at -
			(now() - $1::timestamptz + interval '1 hour') WHERE created_at > $1::timestamptz - interval '1 hour'`, reportMonday())
		require.NoError(w.t, err)
	}
}

// appliedVoiceEdit: three outlines rejected for voice drift and two approved at first pass with
// brand v1, then /mos report now proposes voice lines for brand.md and Maria applies them (brand
// v2). It returns the seen report messages.
func (w *world) appliedVoiceEdit() map[string]bool {
	w.t.Helper()
	for _, c := range []string{"Too salesy.", "Not how we talk.", "Sounds like a vendor."} {
		w.reject("Voice drift", c)
	}
	for range 2 {
		w.approvedAtFirstPass()
	}
	w.backdate()
	seen := map[string]bool{}
	_, replies := w.reportThread(w.maria, seen)
	voice := withText(replies, "brand.md (from v1) — voice_drift")
	require.Len(w.t, voice, 1)
	w.maria.Press(w.channel, voice[0].TS, "Apply")
	w.sim.WaitReply(w.channel, voice[0].ThreadTS, func(m slacksim.Message) bool {
		return m.TS == voice[0].TS && strings.Contains(m.AllText(), "Applied by <@"+w.mariaID+"> as brand v2")
	})
	return seen
}

// TestAppliedVoiceEditShowsItsEffect: three voice-drift rejections → proposal → Apply → five more
// pieces approved at first pass → /mos report now shows what brand v2 did, with the figures and n
// of each side, and the week's trend.
func TestAppliedVoiceEditShowsItsEffect(t *testing.T) {
	t.Parallel()
	w, _ := proposalWorld(t)
	seen := w.appliedVoiceEdit()
	w.approvedAtFirstPass()
	w.backdate()
	_, early := w.reportThread(w.maria, seen)
	effects := withText(early, "Effect of each OS edit")
	require.Len(t, effects, 1)
	require.Contains(t, effects[0].AllText(), "brand.md v2 (proposal #1, voice_drift, 2026-11-23): too early: 1 of 5 pieces since")

	for range 4 {
		w.approvedAtFirstPass()
	}
	w.backdate()
	_, replies := w.reportThread(w.maria, seen)
	effects = withText(replies, "Effect of each OS edit")
	require.Len(t, effects, 1)
	require.Contains(t, effects[0].AllText(), "brand.md v2 (proposal #1, voice_drift, 2026-11-23): "+
		"voice-drift rejections per piece 0.60 before (v1, n=5) → 0.00 after (v2, n=5); median edit ratio 0.00 → 0.00; median voice match 93/100 → 99/100 — better")
	better := withText(replies, "Is it getting better?")
	require.Len(t, better, 1)
	require.Regexp(t, `This week \(2026-11-23\): 10 pieces · first-pass approval 70% · median edit ratio 0\.00`+
		` · median voice match [0-9]+/100 · unresolved claim flags per piece 2\.00 · rejections per 10 pieces: voice drift 3\.0`,
		better[0].AllText(), "the fake source cannot be read, so both figures of every approved draft stay unbacked")
	require.Empty(t, withText(replies, "revert_os_edit"))
	trendCharts := 0
	for _, f := range w.sim.Files() {
		if strings.HasPrefix(f.Name, "getting-better-") {
			trendCharts++
		}
	}
	require.Equal(t, 3, trendCharts, "a trend chart in each of the three report threads")
}

// TestEditThatMadeThingsWorseGetsReverted: after brand v2 every outline is rejected for voice
// drift; the report proposes reverting brand v2 with its evidence, and Apply writes v1's content
// back as brand v3.
func TestEditThatMadeThingsWorseGetsReverted(t *testing.T) {
	t.Parallel()
	w, _ := proposalWorld(t)
	seen := w.appliedVoiceEdit()
	for range 5 {
		w.reject("Voice drift", "Worse than before.")
	}
	w.backdate()
	_, replies := w.reportThread(w.maria, seen)
	effects := withText(replies, "Effect of each OS edit")
	require.Len(t, effects, 1)
	require.Contains(t, effects[0].AllText(), "voice-drift rejections per piece 0.60 before (v1, n=5) → 1.00 after (v2, n=5)"+
		"; median edit ratio 0.00 → n/a; median voice match 93/100 → 93/100 — clearly worse: reverting it is proposed")
	revert := withText(replies, "brand.md (from v2) — revert_os_edit")
	require.Len(t, revert, 1)
	require.Contains(t, revert[0].AllText(), "brand.md v2 (proposal #1 (voice_drift)) made voice-drift rejections per piece worse:"+
		" 0.60 with v1 (n=5), 1.00 with v2 (n=5)")
	require.Contains(t, revert[0].AllText(), "- - **Don't:** Sound like a vendor")
	w.maria.Press(w.channel, revert[0].TS, "Apply")
	w.sim.WaitReply(w.channel, revert[0].ThreadTS, func(m slacksim.Message) bool {
		return m.TS == revert[0].TS && strings.Contains(m.AllText(), "Applied by <@"+w.mariaID+"> as brand v3")
	})
	require.Equal(t, w.text("SELECT content FROM os_versions WHERE document = 'brand' AND version = 1"),
		w.text("SELECT content FROM os_versions WHERE document = 'brand' AND version = 3"), "the revert is v1's content as a new version")
	require.Equal(t, 3, w.scalar("SELECT count(*) FROM os_versions WHERE document = 'brand'"), "nothing deleted")
}
