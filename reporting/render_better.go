package reporting

import (
	"fmt"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/effect"
	"github.com/mos-hq/mos/reporting/evidence"
	"github.com/mos-hq/mos/reporting/rules"
)

// betterSections are the "Is it getting better?" reply and the effect of every OS edit.
func betterSections(r Report) []Section {
	return []Section{
		{Kind: "better", Title: "Is it getting better?", Text: trendText(r.Better.Weeks)},
		{Kind: "effects", Title: "Effect of each OS edit", Text: effectsText(r.Better.Effects)},
	}
}

func trendText(weeks []effect.WeekFigures) string {
	var b strings.Builder
	fmt.Fprintf(&b, "AI-assisted pieces by the week they were requested, counted once decided; this week against the previous %d:", len(weeks)-1)
	for i := len(weeks) - 1; i >= 0; i-- {
		w := weeks[i]
		label := "week of " + w.Start.Format(time.DateOnly)
		if i == len(weeks)-1 {
			label = "This week (" + w.Start.Format(time.DateOnly) + ")"
		}
		if w.Pieces == 0 {
			fmt.Fprintf(&b, "\n• %s: no decided pieces", label)
			continue
		}
		fmt.Fprintf(&b, "\n• %s: %s · first-pass approval %s · median edit ratio %s · median voice match %s · unresolved claim flags per piece %s · rejections per 10 pieces: %s",
			label, evidence.Plural(w.Pieces, "piece"), percent(w.FirstPassRate), ratio(w.MedianEditRatio),
			score(w.MedianVoice), ratio(w.FlagsPerPiece), per10(w.RejectionsPer10))
	}
	return b.String()
}

func per10(byMode map[string]float64) string {
	var parts []string
	for _, m := range failureModes {
		if v, ok := byMode[m.ID]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1f", m.InText(), v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func percent(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", *v*100)
}

func ratio(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", *v)
}

// maxEffectLines bounds the edits the report lists (the latest ones): a report stays readable.
const maxEffectLines = 20

func effectsText(effects []effect.Effect) string {
	if len(effects) == 0 {
		return fmt.Sprintf("No Client OS edits in the last %d weeks.", effect.Weeks)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Pieces written with the version before each edit against pieces written with it (the version a piece's outline was written with counts; n = decided pieces). Shown once each side has %d.", effect.MinPieces)
	if len(effects) > maxEffectLines {
		fmt.Fprintf(&b, " The latest %d of %d edits:", maxEffectLines, len(effects))
		effects = effects[len(effects)-maxEffectLines:]
	}
	for _, ef := range effects {
		fmt.Fprintf(&b, "\n• %s: %s", editTitle(ef.Edit), effectFigures(ef))
	}
	return b.String()
}

func editTitle(e effect.Edit) string {
	by := "edited by " + e.Author
	if e.ProposalID > 0 {
		by = fmt.Sprintf("proposal #%d, %s", e.ProposalID, e.Rule)
	}
	return fmt.Sprintf("%s v%d (%s, %s)", clientos.FileName(e.Document), e.Version, by, e.At.UTC().Format(time.DateOnly))
}

func effectFigures(ef effect.Effect) string {
	b, a := ef.Before, ef.After
	if ef.TooEarly {
		s := fmt.Sprintf("too early: %d of %d pieces since", a.Pieces, effect.MinPieces)
		if b.Pieces < effect.MinPieces {
			s += fmt.Sprintf(", %d of %d before", b.Pieces, effect.MinPieces)
		}
		return s
	}
	s := fmt.Sprintf("%s %s before (v%d, n=%d) → %s after (v%d, n=%d)", rules.MeasureLabel(ef.Measure),
		rules.MeasureValue(ef.Measure, b.Value), b.Version, b.Pieces, rules.MeasureValue(ef.Measure, a.Value), a.Version, a.Pieces)
	if b.MedianEditRatio != nil || a.MedianEditRatio != nil {
		s += fmt.Sprintf("; median edit ratio %s → %s", ratio(b.MedianEditRatio), ratio(a.MedianEditRatio))
	}
	if b.MedianVoice != nil || a.MedianVoice != nil {
		s += fmt.Sprintf("; median voice match %s → %s", score(b.MedianVoice), score(a.MedianVoice))
	}
	if b.FlagsPerPiece != nil || a.FlagsPerPiece != nil {
		s += fmt.Sprintf("; unresolved claim flags per piece %s → %s", ratio(b.FlagsPerPiece), ratio(a.FlagsPerPiece))
	}
	switch {
	case ef.Worse:
		return s + " — clearly worse: reverting it is proposed (see below)"
	case ef.Better:
		return s + " — better"
	}
	return s + " — no clear change"
}

// score is a voice match out of 100, "—" when no piece had one.
func score(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f/100", *v)
}
