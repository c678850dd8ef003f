package reporting

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/effect"
)

// written stores an AI-assisted piece requested at created: an AI outline written with brand
// version outlineBrand, an AI draft written with draftBrand a day later, and its reviews, the
// last one an approval unless a review rejects it. Each rejection names modes.
func (f *fixture) written(outlineBrand, draftBrand int, created time.Time, rejections ...[]string) int64 {
	f.t.Helper()
	var id int64
	require.NoError(f.t, f.db.Pool.QueryRow(f.ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
		brief, requested_by, created_at) VALUES ($1, 'C1', 'linkedin', 'Faster close', 'approved', 'b', 'UWRITER', $2)
		RETURNING id`, f.client.ID, created).Scan(&id))
	for i, v := range []struct {
		phase string
		brand int
	}{{"outline", outlineBrand}, {"draft", draftBrand}} {
		os, err := json.Marshal(map[string]int{"brand": v.brand, "pillars": 1})
		require.NoError(f.t, err)
		_, err = f.db.Pool.Exec(f.ctx, `INSERT INTO piece_versions (piece_id, phase, version, content, author_kind,
			author, os_versions, os_hash, created_at) VALUES ($1, $2, 1, 'text', 'ai', 'model', $3, 'h', $4)`,
			id, v.phase, os, created.Add(time.Duration(i)*24*time.Hour))
		require.NoError(f.t, err)
	}
	review := func(phase, decision string, modes []string, at time.Time) {
		_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO reviews (piece_id, phase, decision, failure_modes, reviewer, created_at)
			VALUES ($1, $2, $3, $4, 'UREVIEWER', $5)`, id, phase, decision, modes, at)
		require.NoError(f.t, err)
	}
	review("outline", "approved", []string{}, created.Add(time.Hour))
	if len(rejections) == 0 {
		review("draft", "approved", []string{}, created.Add(25*time.Hour))
	}
	for i, modes := range rejections {
		review("draft", "rejected", modes, created.Add(time.Duration(25+i)*time.Hour))
	}
	return id
}

// edit saves a new version of doc as author, dated at.
func (f *fixture) edit(doc, content, author string, at time.Time) int {
	f.t.Helper()
	v, _, err := clientos.SaveDocument(f.ctx, f.db.Pool, f.client.ID, doc, content, author, "test edit")
	require.NoError(f.t, err)
	f.dateVersion(doc, v.Version, at)
	return v.Version
}

func (f *fixture) dateVersion(doc string, version int, at time.Time) {
	f.t.Helper()
	_, err := f.db.Pool.Exec(f.ctx, `UPDATE os_versions SET created_at = $4 WHERE client_id = $1 AND document = $2
		AND version = $3`, f.client.ID, doc, version, at)
	require.NoError(f.t, err)
}

var voice = []string{clientos.ModeVoiceDrift}

// brandV1Setup is a fixture on the test week's Sunday whose brand.md v1 wrote five pieces three
// weeks before, none rejected; it returns v1's content.
func brandV1Setup(t *testing.T) (*fixture, string) {
	t.Helper()
	f := setup(t)
	f.clock.Set(at(6, 12))
	v1 := f.docContent("brand")
	for i := range 5 {
		f.written(1, 1, day(-21).Add(time.Duration(i)*time.Hour))
	}
	return f, v1
}

// applyRevert makes the week's report, checks it proposes reverting doc's current version to want,
// applies it and dates the new version at.
func (f *fixture) applyRevert(t *testing.T, want string, at time.Time) Proposal {
	t.Helper()
	_, ps := f.runNow()
	revert := proposalOf(t, ps, effect.RuleRevert, "a revert is proposed")
	require.Equal(t, want, revert.NewContent)
	res, err := Apply(f.ctx, f.db.Pool, revert.ID, testApprover)
	require.NoError(t, err)
	f.dateVersion(revert.Document, res.Version, at)
	return *revert
}

// TestEffectOfAnEditThatMadeThingsWorseIsReverted: brand v2 (a manual edit) is followed by voice-drift
// rejections on every piece; the report measures it against v1 (a piece written across the change
// counts for v1, the version of its outline), proposes the revert, and Apply writes v1's content as
// v3. When v3 makes things worse still, the revert is reverted the same way (v4 = v2's content);
// nothing is deleted. An edit no piece was written with is "too early".
func TestEffectOfAnEditThatMadeThingsWorseIsReverted(t *testing.T) {
	t.Parallel()
	f, v1 := brandV1Setup(t)
	midFlight := f.written(1, 2, day(-15), voice)
	v2 := strings.Replace(v1, "## Voice", "## Voice\n\n- **Do:** Shout in capitals.", 1)
	f.edit("brand", v2, "UEDITOR", day(-14))
	f.edit("strategy", f.docContent("strategy")+"\nOne more line.\n", "UEDITOR", day(-13))
	for i := range 5 {
		f.written(2, 2, at(0, 9+i), voice)
	}

	r := f.build()
	require.Len(t, r.Better.Effects, 2)
	brand, strategy := r.Better.Effects[0], r.Better.Effects[1]
	require.Equal(t, clientos.ModeVoiceDrift, brand.Measure)
	require.Equal(t, 6, brand.Before.Pieces, "the piece written across the change counts for v1")
	require.Contains(t, brand.BeforeIDs, midFlight)
	require.InDelta(t, 1.0/6, brand.Before.Value, 1e-9)
	require.Equal(t, 5, brand.After.Pieces)
	require.InDelta(t, 1.0, brand.After.Value, 1e-9)
	require.True(t, brand.Worse)
	require.True(t, strategy.TooEarly)
	text := RenderText(r)
	require.Contains(t, text, "brand.md v2 (edited by UEDITOR, 2026-02-16): voice-drift rejections per piece 0.17 before (v1, n=6) → 1.00 after (v2, n=5)")
	require.Contains(t, text, "strategy.md v2 (edited by UEDITOR, 2026-02-17): too early: 0 of 5 pieces since, 0 of 5 before")

	first := f.applyRevert(t, v1, at(2, 0))
	require.Contains(t, first.Rationale, "brand.md v2 (a manual edit) made voice-drift rejections per piece worse: 0.17 with v1 (n=6), 1.00 with v2 (n=5)")
	require.Contains(t, first.Preview, "- - **Do:** Shout in capitals.")
	require.Equal(t, v1, f.docContent("brand"))
	require.Equal(t, 3, f.docVersion("brand"), "a revert is a new version")

	for i := range 5 {
		f.written(3, 3, at(3, 9+i), voice, voice)
	}
	second := f.applyRevert(t, v2, at(5, 0))
	require.Contains(t, second.Rationale, fmt.Sprintf("brand.md v3 (proposal #%d (%s)) made voice-drift rejections per piece worse", first.ID, effect.RuleRevert))
	require.Equal(t, v2, f.docContent("brand"))
	require.Equal(t, 4, f.docVersion("brand"))
	require.Equal(t, 2, f.count(`SELECT count(*) FROM os_versions WHERE client_id = $1 AND document = 'brand'
		AND reason LIKE 'proposal #%: revert_os_edit'`, f.client.ID))
}

// TestRevertRefusedWhenTheDocumentMovedOn: an edit that made things worse but is no longer the
// document's current version is not reverted blindly; the report says why.
func TestRevertRefusedWhenTheDocumentMovedOn(t *testing.T) {
	t.Parallel()
	f, v1 := brandV1Setup(t)
	f.edit("brand", strings.Replace(v1, "## Voice", "## Voice\n\n- **Do:** Shout.", 1), "UEDITOR", day(-14))
	for i := range 5 {
		f.written(2, 2, at(0, 9+i), voice)
	}
	f.edit("brand", strings.Replace(v1, "## Voice", "## Voice\n\n- **Do:** Whisper.", 1), "UEDITOR", at(2, 0))
	r := f.build()
	for _, p := range r.Proposals {
		require.NotEqual(t, effect.RuleRevert, p.Rule)
	}
	require.Contains(t, fmt.Sprint(r.Refused), "brand.md v2 made voice-drift rejections per piece worse, but brand.md has changed since (now v3); revert it by hand")
}

// TestGettingBetterWeekByWeek: the trend buckets pieces by the week they were requested and
// counts first passes, rejections per 10 pieces by mode and edit ratios.
func TestGettingBetterWeekByWeek(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.clock.Set(at(6, 12))
	f.written(1, 1, day(-7))
	f.written(1, 1, day(-7), voice)
	f.written(1, 1, at(0, 9))
	edited := f.written(1, 1, at(1, 9))
	f.version(edited, "human", "text with two words more", at(2, 9))
	_, err := f.db.Pool.Exec(f.ctx, `UPDATE reviews SET created_at = $2 WHERE piece_id = $1 AND phase = 'draft'`, edited, at(2, 10))
	require.NoError(t, err)

	r := f.build()
	weeks := r.Better.Weeks
	require.Len(t, weeks, effect.TrendWeeks)
	require.Equal(t, 0, weeks[0].Pieces)
	last, prev := weeks[4], weeks[3]
	require.Equal(t, 2, prev.Pieces)
	require.InDelta(t, 0.5, *prev.FirstPassRate, 1e-9)
	require.InDelta(t, 5.0, prev.RejectionsPer10[clientos.ModeVoiceDrift], 1e-9)
	require.Equal(t, 2, last.Pieces)
	require.InDelta(t, 1.0, *last.FirstPassRate, 1e-9, "approved with an edit still passes the review once; the edit shows in the ratio")
	require.InDelta(t, 2.0, *last.MedianEditRatio, 1e-9, "median of 0 and 4 word edits over 1 AI word")
	text := RenderText(r)
	require.Contains(t, text, "== Is it getting better? ==")
	require.Contains(t, text, "• This week (2026-03-02): 2 pieces · first-pass approval 100%")
	require.Contains(t, text, "• week of 2026-02-23: 2 pieces · first-pass approval 50% · median edit ratio 0.00 · median voice match — · unresolved claim flags per piece 0.00 · rejections per 10 pieces: voice drift 5.0",
		"pieces stored without a quality record have no voice match")
	png, err := TrendChart(r)
	require.NoError(t, err)
	require.Equal(t, "\x89PNG", string(png[:4]))
}
