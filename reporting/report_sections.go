package reporting

import (
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// NoPillar labels pieces published without a pillar.
const NoPillar = "(no pillar)"

// failureModes are the failure modes in the order the report lists ties.
var failureModes = func() []clientos.FailureMode {
	modes := slices.Clone(clientos.FailureModes)
	slices.SortFunc(modes, func(a, b clientos.FailureMode) int { return a.ReportRank - b.ReportRank })
	return modes
}()

// computeSections fills the report's sections from the week's part of d.
func computeSections(r *Report, d reportData, o *clientos.OS) {
	week := weekPieces(d)
	r.Totals = totals(week, d)
	r.PillarMix = pillarMix(week, o.Pillars)
	r.Baseline = baseline(week)
	r.SourceTypes = sourceTypes(week)
	r.Failures = failures(d)
	r.Better = d.better
}

func weekPieces(d reportData) []evidence.Piece {
	var out []evidence.Piece
	for _, p := range d.Pieces {
		if p.InWeek {
			out = append(out, p)
		}
	}
	return out
}

func totals(week []evidence.Piece, d reportData) Totals {
	t := Totals{Published: len(week)}
	for _, p := range week {
		switch {
		case p.AgentMade:
			t.AgentMade++
		case p.HumanOnly:
			t.HumanOnly++
		default:
			t.AIAssisted++
		}
	}
	rs := evidence.Rates(week)
	t.WithResults, t.MedianER = len(rs), evidence.Median(rs)
	for _, rv := range d.Reviews {
		if rv.InWeek && rv.Decision == evidence.DecisionRejected {
			t.Rejections++
		}
	}
	for _, e := range d.Edits {
		if e.InWeek {
			t.Edits++
		}
	}
	return t
}

// pillarMix lists every pillar of pillars.md in its order, then pillars pieces name that pillars.md
// lacks (alphabetically), then pieces without a pillar.
func pillarMix(week []evidence.Piece, pillars []clientos.Pillar) []PillarRow {
	groups := map[string][]evidence.Piece{}
	for _, p := range week {
		groups[evidence.PillarKey(p.Pillar)] = append(groups[evidence.PillarKey(p.Pillar)], p)
	}
	rows := []PillarRow{}
	seen := map[string]bool{}
	for _, pl := range pillars {
		k := evidence.PillarKey(pl.Name)
		seen[k] = true
		rows = append(rows, pillarRow(pl.Name, true, pl.Weight, groups[k], len(week)))
	}
	var extra []string
	for k := range groups {
		if !seen[k] && k != "" {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		rows = append(rows, pillarRow(groups[k][0].Pillar, false, 0, groups[k], len(week)))
	}
	if ps := groups[""]; len(ps) > 0 {
		rows = append(rows, pillarRow(NoPillar, false, 0, ps, len(week)))
	}
	return rows
}

func pillarRow(name string, inOS bool, target float64, ps []evidence.Piece, total int) PillarRow {
	row := PillarRow{Pillar: name, InOS: inOS, Target: target, Pieces: len(ps)}
	if total > 0 {
		row.Share = evidence.Round1(100 * float64(len(ps)) / float64(total))
	}
	row.Delta = evidence.Round1(row.Share - target)
	rs := evidence.Rates(ps)
	row.WithResults, row.MedianER = len(rs), evidence.Median(rs)
	return row
}

func baseline(week []evidence.Piece) Baseline {
	var ai, human, agent []evidence.Piece
	for _, p := range week {
		switch {
		case p.AgentMade:
			agent = append(agent, p)
		case p.HumanOnly:
			human = append(human, p)
		default:
			ai = append(ai, p)
		}
	}
	b := Baseline{AI: side(ai), Human: side(human)}
	if len(agent) > 0 {
		a := side(agent)
		b.Agent = &a
	}
	b.TooLittleData = b.AI.WithResults < MinBaseline || b.Human.WithResults < MinBaseline
	if b.TooLittleData || b.Human.MedianER == nil || *b.Human.MedianER == 0 {
		return b
	}
	lift := (*b.AI.MedianER - *b.Human.MedianER) / *b.Human.MedianER
	b.Lift = &lift
	for _, r := range evidence.Rates(ai) {
		switch {
		case r > *b.Human.MedianER:
			b.Beat++
		case r < *b.Human.MedianER:
			b.Trail++
		}
	}
	return b
}

func side(ps []evidence.Piece) Side {
	rs := evidence.Rates(ps)
	return Side{Pieces: len(ps), WithResults: len(rs), MedianER: evidence.Median(rs)}
}

// sourceTypes ranks source types by median engagement (unknown last), then by name.
func sourceTypes(week []evidence.Piece) []SourceRow {
	groups := map[string][]evidence.Piece{}
	for _, p := range week {
		t := p.SourceType
		if t == "" {
			t = "none"
		}
		groups[t] = append(groups[t], p)
	}
	rows := []SourceRow{}
	for t, ps := range groups {
		rs := evidence.Rates(ps)
		rows = append(rows, SourceRow{SourceType: t, Pieces: len(ps), WithResults: len(rs), MedianER: evidence.Median(rs)})
	}
	slices.SortFunc(rows, func(a, b SourceRow) int {
		switch {
		case a.MedianER != nil && b.MedianER == nil:
			return -1
		case a.MedianER == nil && b.MedianER != nil:
			return 1
		case a.MedianER != nil && *a.MedianER != *b.MedianER:
			if *a.MedianER > *b.MedianER {
				return -1
			}
			return 1
		}
		return strings.Compare(a.SourceType, b.SourceType)
	})
	return rows
}

func failures(d reportData) Failures {
	f := Failures{Modes: []ModeRow{}, Checks: d.checks}
	if f.Checks == nil {
		f.Checks = []CheckRow{}
	}
	counts := map[string]int{}
	for _, r := range d.Reviews {
		if !r.InWeek || r.Decision != evidence.DecisionRejected {
			continue
		}
		f.Rejections++
		for _, m := range r.FailureModes {
			counts[m]++
		}
	}
	f.Modes = modeRows(counts)
	edited := map[int64]bool{}
	for _, e := range d.Edits {
		if e.InWeek {
			f.Edits++
			edited[e.PieceID] = true
		}
	}
	f.EditedPieces = len(edited)
	f.Progress = progress(d)
	return f
}

// progress counts, over the whole evidence window, the rejections of each mode a rule answers.
func progress(d reportData) []ModeProgress {
	counts := map[string]int{}
	for _, r := range d.Reviews {
		if r.Decision == evidence.DecisionRejected {
			for _, m := range r.FailureModes {
				counts[m]++
			}
		}
	}
	out := []ModeProgress{}
	for _, fm := range failureModes {
		if fm.Needed > 0 && counts[fm.ID] > 0 {
			out = append(out, ModeProgress{Mode: fm.ID, Label: fm.InText(), Count: counts[fm.ID], Needed: fm.Needed,
				Document: fm.Document})
		}
	}
	return out
}

// modeRows orders failure modes by count, ties in the canonical order, unknown modes last.
func modeRows(counts map[string]int) []ModeRow {
	rows := []ModeRow{}
	rank := map[string]int{}
	for i, fm := range failureModes {
		rank[fm.ID] = i
		if n := counts[fm.ID]; n > 0 {
			rows = append(rows, ModeRow{Mode: fm.ID, Label: fm.InText(), Count: n, Document: fm.Document, Section: fm.Section})
		}
	}
	var unknown []string
	for m := range counts {
		if _, ok := rank[m]; !ok {
			unknown = append(unknown, m)
		}
	}
	slices.Sort(unknown)
	for i, m := range unknown {
		rank[m] = len(failureModes) + i
		rows = append(rows, ModeRow{Mode: m, Label: strings.ReplaceAll(m, "_", " "), Count: counts[m]})
	}
	slices.SortStableFunc(rows, func(a, b ModeRow) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return rank[a.Mode] - rank[b.Mode]
	})
	return rows
}
