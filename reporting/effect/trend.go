package effect

import (
	"time"

	"github.com/mos-hq/mos/clientos"
)

// TrendWeeks is how many weeks the trend shows: the report's week and the four before it.
const TrendWeeks = 5

// WeekFigures are one week's measures over the AI-assisted pieces requested that week and decided
// since. Rates are nil for a week without decided pieces.
type WeekFigures struct {
	Start           time.Time          `json:"start"`
	Pieces          int                `json:"pieces"` // decided pieces
	FirstPassRate   *float64           `json:"first_pass_rate"`
	MedianEditRatio *float64           `json:"median_edit_ratio"`
	RejectionsPer10 map[string]float64 `json:"rejections_per_10"` // by failure mode
	FlagsPerPiece   *float64           `json:"unresolved_flags_per_piece"`
	MedianVoice     *float64           `json:"median_voice_match"` // of the pieces with a voice match
}

// Trend is the figures of the TrendWeeks weeks ending with the one starting at lastStart, oldest
// first. Pieces are bucketed by when they were requested.
func Trend(pieces []Piece, lastStart time.Time) []WeekFigures {
	starts := make([]time.Time, TrendWeeks)
	groups := make([][]*Piece, TrendWeeks)
	for i := range starts {
		starts[i] = lastStart.AddDate(0, 0, -7*(TrendWeeks-1-i))
	}
	end := lastStart.AddDate(0, 0, 7)
	for i := range pieces {
		p := &pieces[i]
		if !decided(p.Record) || p.CreatedAt.Before(starts[0]) || !p.CreatedAt.Before(end) {
			continue
		}
		w := TrendWeeks - 1
		for w > 0 && p.CreatedAt.Before(starts[w]) {
			w--
		}
		groups[w] = append(groups[w], p)
	}
	out := make([]WeekFigures, TrendWeeks)
	for i := range out {
		out[i] = figures(starts[i], groups[i])
	}
	return out
}

func figures(start time.Time, ps []*Piece) WeekFigures {
	f := WeekFigures{Start: start, Pieces: len(ps), RejectionsPer10: map[string]float64{}}
	if len(ps) == 0 {
		return f
	}
	var ratios, voices []float64
	first, approved, flags := 0, 0, 0
	for _, p := range ps {
		r := p.Record
		if p.Voice != nil {
			voices = append(voices, float64(*p.Voice))
		}
		if firstPass(r) {
			first++
		}
		if r.HasEditRatio {
			ratios = append(ratios, r.EditRatio.Ratio)
		}
		if r.Draft.Approved {
			approved++
			flags += r.UnresolvedFlags
		}
		for _, m := range clientos.FailureModes {
			if n := rejections(r, m.ID); n > 0 {
				f.RejectionsPer10[m.ID] += float64(n)
			}
		}
	}
	n := float64(len(ps))
	rate := float64(first) / n
	f.FirstPassRate = &rate
	f.MedianEditRatio = median(ratios)
	f.MedianVoice = median(voices)
	for m, c := range f.RejectionsPer10 {
		f.RejectionsPer10[m] = 10 * c / n
	}
	if approved > 0 {
		fl := float64(flags) / float64(approved)
		f.FlagsPerPiece = &fl
	}
	return f
}

// Weeks is how far back the effect of OS edits is measured: edits made, and pieces requested, in
// the report's week and the Weeks-1 weeks before it.
const Weeks = 8
