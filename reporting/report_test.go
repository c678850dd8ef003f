package reporting

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/reporting/rules"
)

const (
	fasterClose = "Faster close"
	audit       = "Audit-ready reconciliation"
	lean        = "The lean finance team"
	benchmark   = "Close Benchmark data"
	stories     = "Customer stories"
)

// seedWeek publishes eight pieces in the test week with hand-picked results (engagement rates in
// the comments), three rejections, one edit and two check findings.
func seedWeek(f *fixture) {
	p1 := f.addPiece(piece{Pillar: fasterClose, Source: "interview", Published: day(0), URN: "7000000000000000001"})
	f.snapshot(p1, day(6), Metrics{Impressions: i64(1000), Reactions: i64(30), Comments: i64(5), Reposts: i64(5), Clicks: i64(10)}) // 5%
	p2 := f.addPiece(piece{Pillar: fasterClose, Source: "trend", Published: day(1), URN: "7000000000000000002"})
	f.snapshot(p2, day(6), Metrics{Impressions: i64(2000), Reactions: i64(20), Comments: i64(10), Reposts: i64(0), Clicks: i64(10)}) // 2%
	p3 := f.addPiece(piece{Pillar: "faster close", Human: true, Published: day(2), URN: "7000000000000000003"})
	f.snapshot(p3, day(5), Metrics{Impressions: i64(500), Reactions: i64(10), Comments: i64(5)}) // 3%
	p4 := f.addPiece(piece{Pillar: audit, Source: "study", Published: day(2), URN: "7000000000000000004"})
	f.snapshot(p4, day(6), Metrics{Impressions: i64(1000), Engagements: i64(40)}) // 4%
	p5 := f.addPiece(piece{Pillar: audit, Human: true, Published: day(3), URN: "7000000000000000005"})
	f.snapshot(p5, day(6), Metrics{Impressions: i64(800), Reactions: i64(8), Comments: i64(0), Reposts: i64(0), Clicks: i64(0)}) // 1%
	p6 := f.addPiece(piece{Pillar: stories, Human: true, Source: "interview", Published: day(4), URN: "7000000000000000006"})
	f.snapshot(p6, day(5), Metrics{Impressions: i64(100), Reactions: i64(1)})                                 // older: ignored
	f.snapshot(p6, day(7), Metrics{Impressions: i64(1000), Reactions: i64(60)})                               // latest up to now: 6%
	f.snapshot(p6, day(8), Metrics{Impressions: i64(1000), Reactions: i64(900)})                              // after now: ignored
	p7 := f.addPiece(piece{Pillar: lean, Source: "interview", Published: day(5), URN: "7000000000000000007"}) // no results
	p8 := f.addPiece(piece{Pillar: benchmark, Source: "study", Published: day(6), URN: "7000000000000000008"})
	f.snapshot(p8, day(6), Metrics{Reactions: i64(12)}) // no impressions: no rate
	_ = p7
	// Outside the week (and the evidence window): published the Monday after, and five weeks before.
	f.addPiece(piece{Pillar: fasterClose, Published: day(7)})
	f.addPiece(piece{Pillar: fasterClose, Published: day(-29)})

	f.rejected(fasterClose, []string{"off_icp", "voice_drift"}, at(1, 10))
	f.rejected(audit, []string{"off_icp"}, at(2, 10))
	f.rejected(lean, []string{"factual_error"}, at(3, 10))
	f.rejected(lean, []string{"generic_angle"}, at(-2, 10)) // previous week: not in this week's counts

	f.version(p1, "ai", "Close in five days.\nWe cut the close by a week.", at(0, 8), "forbidden", "length")
	f.version(p1, "human", "Close in five days.\nWe cut it by a week.", at(0, 9))
}

func TestReportWeekWithDataHasEverySectionAndHandComputedMedians(t *testing.T) {
	t.Parallel()
	f := setup(t)
	seedWeek(f)
	r := f.build()

	require.False(t, r.Empty)
	require.Equal(t, "2026-03-02", r.From)
	require.Equal(t, "2026-03-08", r.To)
	require.Equal(t, "2026-03-09", r.AsOf)
	require.Equal(t, Totals{Published: 8, WithResults: 6, AIAssisted: 5, HumanOnly: 3, Rejections: 3, Edits: 1,
		MedianER: r.Totals.MedianER}, r.Totals)
	require.InDelta(t, 0.035, rate(r.Totals.MedianER), 1e-9, "median of 1,2,3,4,5,6 %")

	type mix struct {
		name          string
		target, share float64
		pieces, res   int
		med           float64
	}
	want := []mix{
		{fasterClose, 30, 37.5, 3, 3, 0.03},
		{audit, 25, 25, 2, 2, 0.025},
		{lean, 20, 12.5, 1, 0, -1},
		{benchmark, 15, 12.5, 1, 0, -1},
		{stories, 10, 12.5, 1, 1, 0.06},
	}
	require.Len(t, r.PillarMix, len(want))
	for i, w := range want {
		got := r.PillarMix[i]
		require.Equal(t, w.name, got.Pillar)
		require.True(t, got.InOS)
		require.Equal(t, w.target, got.Target, w.name)
		require.Equal(t, w.share, got.Share, w.name)
		require.Equal(t, w.share-w.target, got.Delta, w.name)
		require.Equal(t, w.pieces, got.Pieces, w.name)
		require.Equal(t, w.res, got.WithResults, w.name)
		require.InDelta(t, w.med, rate(got.MedianER), 1e-9, w.name)
	}

	b := r.Baseline
	require.Equal(t, 5, b.AI.Pieces)
	require.Equal(t, 3, b.AI.WithResults)
	require.InDelta(t, 0.04, rate(b.AI.MedianER), 1e-9, "AI: 2, 4, 5 %")
	require.Equal(t, 3, b.Human.Pieces)
	require.InDelta(t, 0.03, rate(b.Human.MedianER), 1e-9, "human: 1, 3, 6 %")
	require.False(t, b.TooLittleData)
	require.InDelta(t, 1.0/3, *b.Lift, 1e-9)
	require.Equal(t, 2, b.Beat)
	require.Equal(t, 1, b.Trail)

	require.Len(t, r.SourceTypes, 4)
	require.Equal(t, []string{"interview", "study", "none", "trend"}, []string{r.SourceTypes[0].SourceType,
		r.SourceTypes[1].SourceType, r.SourceTypes[2].SourceType, r.SourceTypes[3].SourceType})
	require.Equal(t, SourceRow{SourceType: "interview", Pieces: 3, WithResults: 2, MedianER: r.SourceTypes[0].MedianER}, r.SourceTypes[0])
	require.InDelta(t, 0.055, rate(r.SourceTypes[0].MedianER), 1e-9)
	require.InDelta(t, 0.04, rate(r.SourceTypes[1].MedianER), 1e-9)
	require.InDelta(t, 0.02, rate(r.SourceTypes[2].MedianER), 1e-9, "none: 1 and 3 %")

	fl := r.Failures
	require.Equal(t, 3, fl.Rejections)
	require.Equal(t, []ModeRow{
		{Mode: "off_icp", Label: "off-ICP framing", Count: 2, Document: "brand", Section: "## ICP"},
		{Mode: "voice_drift", Label: "voice drift", Count: 1, Document: "brand", Section: "## Voice"},
		{Mode: "factual_error", Label: "factual error", Count: 1, Document: "decisions", Section: "a locked decision stating the correct fact"},
	}, fl.Modes)
	require.Equal(t, 1, fl.Edits)
	require.Equal(t, 1, fl.EditedPieces)
	require.Equal(t, []CheckRow{{Kind: "forbidden", Count: 1, Document: "brand"}, {Kind: "length", Count: 1, Document: "style/<platform>"}}, fl.Checks)

	require.Empty(t, r.Proposals, "nothing reaches a rule's threshold")
	require.Contains(t, r.Headline, "8 pieces published (5 AI-assisted, 3 human-only)")
	require.Contains(t, r.Headline, "median engagement 3.5% across 6 with results")
	require.Contains(t, r.Headline, "Best pillar: Faster close (3.0%)")
	require.Contains(t, r.Headline, "Top failure mode: off-ICP framing (2) → brand")
	require.Contains(t, r.Footer, "(reactions + comments + reposts + clicks) / impressions")
	require.Contains(t, r.Footer, "latest snapshot")

	text := RenderText(r)
	for _, s := range []string{"Pillar mix vs target", "AI-assisted vs human-only", "Source types that work",
		"Top failure modes", "How to read this", "Faster close — target 30%, actual 37.5% (+7.5)", "off-ICP framing: 2 → brand.md — ## ICP"} {
		require.Contains(t, text, s)
	}
	again := f.build()
	a, err := JSON(r)
	require.NoError(t, err)
	b2, err := JSON(again)
	require.NoError(t, err)
	require.Equal(t, string(a), string(b2), "the same data and clock give the same report")
	var back Report
	require.NoError(t, json.Unmarshal(a, &back))
	require.Equal(t, testWeek, back.Week)
}

func TestReportEmptyWeekSaysSo(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.addPiece(piece{Pillar: fasterClose, Published: day(-3)}) // the week before
	r := f.build()
	require.True(t, r.Empty)
	require.Contains(t, r.Headline, "No data for 2026-W10")
	require.Contains(t, r.Headline, "no numbers are made up")
	require.Empty(t, r.PillarMix)
	require.Empty(t, r.Proposals)
	require.Nil(t, r.Totals.MedianER)
	text := RenderText(r)
	require.NotContains(t, text, "Pillar mix")
	require.NotContains(t, text, "%  ")
	_, err := Chart(r)
	require.ErrorIs(t, err, ErrNothingToChart)
}

func TestReportBaselineTooLittleData(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 4 {
		id := f.addPiece(piece{Pillar: fasterClose, Published: day(i)})
		f.snapshot(id, day(6), Metrics{Impressions: i64(100), Reactions: i64(int64(i + 1))})
	}
	h := f.addPiece(piece{Pillar: fasterClose, Human: true, Published: day(1)})
	f.snapshot(h, day(6), Metrics{Impressions: i64(100), Reactions: i64(3)})
	r := f.build()
	require.True(t, r.Baseline.TooLittleData)
	require.Nil(t, r.Baseline.Lift)
	require.Contains(t, RenderText(r), "Too little data to compare")
	require.NotContains(t, RenderText(r), "Log human-only pieces", "without commands the report names none")
	worded := RenderText(r.WithCommands(Commands{EnterResults: "ENTER", LogHuman: "LOG"}))
	require.Contains(t, worded, "Log human-only pieces with LOG and enter results with ENTER.")
}

// TestReportNamesTheAdaptersCommands: a report suggests what to do in the words of the adapter that
// shows it — entering results, asking again — and only once they are given.
func TestReportNamesTheAdaptersCommands(t *testing.T) {
	t.Parallel()
	r := Report{Week: Week{Year: 2026, Num: 10}, ClientName: "Acme", Totals: Totals{Published: 2, AIAssisted: 2},
		Refused: []Refusal{{Rule: rules.OffICP, Document: "brand", Reason: "the model could not word this change", Again: true}}}
	plain := Sections(r.WithCommands(Commands{}))
	require.Contains(t, plain[0].Text, "no results entered yet.")
	worded := Sections(r.WithCommands(Commands{EnterResults: "ENTER", ImportResults: "IMPORT", ReportNow: "NOW"}))
	require.Contains(t, worded[0].Text, "no results entered yet (ENTER or IMPORT).")
	require.Contains(t, worded[len(worded)-2].Text, "the model could not word this change or NOW")
}

func TestChartIsAPNG(t *testing.T) {
	t.Parallel()
	f := setup(t)
	seedWeek(f)
	png, err := Chart(f.build())
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(png), "\x89PNG\r\n\x1a\n"))
	require.Greater(t, len(png), 2000)
}

func TestWeekKeysAndBounds(t *testing.T) {
	t.Parallel()
	w, err := ParseWeek("2026-W48")
	require.NoError(t, err)
	require.Equal(t, "2026-W48", w.Key())
	require.Equal(t, "2026-11-23", w.Start(nil).Format("2006-01-02"))
	require.Equal(t, "2026-W49", w.Next().Key())
	require.Equal(t, "2026-W47", w.Prev().Key())
	require.Equal(t, "2026-W01", Week{Year: 2025, Num: 52}.Next().Key(), "2025 has 52 weeks")
	w53, err := ParseWeek("2026-W53") // 2026 starts on a Thursday: 53 ISO weeks
	require.NoError(t, err)
	require.Equal(t, "2027-W01", w53.Next().Key())
	_, err = ParseWeek("2025-W53")
	require.ErrorContains(t, err, "2025 has no ISO week 53; its weeks run from W01 to W52")
	_, err = ParseWeek("48")
	require.ErrorContains(t, err, "YYYY-Www")
}
