package effect

import (
	"math"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/quality"
)

// Measures an edit is judged on: a failure mode's rejections per decided piece, or the pillar mix
// against the target weights.
const (
	MeasureMix = "pillar_mix" // mean gap, in points, between each pillar's share of pieces and its weight
)

// Thresholds: an edit's effect is shown once each side has MinPieces decided pieces; it got clearly
// worse when the measure after is at least WorseFactor times the one before and at least
// WorseRise (rejections per piece) or WorseMixPoints (pillar mix) higher.
const (
	MinPieces      = 5
	WorseFactor    = 1.5
	WorseRise      = 0.2
	WorseMixPoints = 5.0
)

// Rules of the proposals a measure is read from; kept here as plain names so this package does not
// depend on the rules that read it.
const (
	RuleDeletedPhrase = "deleted_phrase"
	RulePillarWeights = "pillar_weights"
	RuleSamplePost    = "sample_post"
	RuleRevert        = "revert_os_edit"
)

// MeasureOf is the measure an edit is judged on: its proposal's failure mode (phrases and sample
// posts are about voice; a revert is judged on the measure of the edit it reverts), or for a manual
// edit the mode its document governs (a pillars.md edit that moved weights is judged on the mix).
func MeasureOf(e Edit) string {
	switch e.Rule {
	case clientos.ModeVoiceDrift, clientos.ModeFactualError, clientos.ModeGenericAngle, clientos.ModeOffICP:
		return e.Rule
	case RuleDeletedPhrase, RuleSamplePost:
		return clientos.ModeVoiceDrift
	case RulePillarWeights:
		return MeasureMix
	case RuleRevert:
		if e.Measure != "" {
			return e.Measure
		}
	}
	switch {
	case e.Document == clientos.DocDecisions:
		return clientos.ModeFactualError
	case e.Document == clientos.DocPillars && !slices.Equal(weights(e.Content), weights(e.PrevContent)):
		return MeasureMix
	case e.Document == clientos.DocPillars:
		return clientos.ModeGenericAngle
	case e.Document == clientos.DocStrategy:
		return clientos.ModeOffICP
	}
	return clientos.ModeVoiceDrift
}

// decided says whether a piece got its final decision: its outline rejected, or its draft decided.
func decided(r quality.Record) bool {
	return (r.Outline.Decided && !r.Outline.Approved) || r.Draft.Decided
}

// firstPass is a piece approved with no edit, revision or rejection of its outline or its draft.
func firstPass(r quality.Record) bool {
	return r.Draft.Approved && r.Draft.FirstPass && (!r.Outline.Decided || r.Outline.FirstPass)
}

// rejections counts a piece's rejections naming mode.
func rejections(r quality.Record, mode string) int {
	n := 0
	for _, rj := range r.Rejections {
		if slices.Contains(rj.FailureModes, mode) {
			n++
		}
	}
	return n
}

// median of xs, nil when empty; xs is sorted in place.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + m) / 2
	}
	return &m
}

// weights are the pillar weights of a pillars.md, in its order.
func weights(pillarsMD string) []float64 {
	if pillarsMD == "" {
		return nil
	}
	o, _ := clientos.Parse(map[string]string{clientos.DocPillars: pillarsMD})
	out := make([]float64, 0, len(o.Pillars))
	for _, p := range o.Pillars {
		out = append(out, p.Weight)
	}
	return out
}

// mixGap is the mean gap, in points, between each pillar's share of ps and its weight in pillarsMD.
func mixGap(ps []*Piece, pillarsMD string) float64 {
	o, _ := clientos.Parse(map[string]string{clientos.DocPillars: pillarsMD})
	if len(o.Pillars) == 0 || len(ps) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, p := range ps {
		count[strings.ToLower(strings.TrimSpace(p.Pillar))]++
	}
	gap := 0.0
	for _, pl := range o.Pillars {
		share := 100 * float64(count[strings.ToLower(strings.TrimSpace(pl.Name))]) / float64(len(ps))
		gap += math.Abs(share - pl.Weight)
	}
	return gap / float64(len(o.Pillars))
}
