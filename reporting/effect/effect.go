package effect

import "github.com/mos-hq/mos/clientos"

// Side is the pieces written with one OS version, as far as one measure goes.
type Side struct {
	Version int     `json:"version"`
	Pieces  int     `json:"pieces"` // decided pieces: the n
	Value   float64 `json:"value"`  // rejections per piece, or the mix gap in points
	// MedianEditRatio and MedianVoice (voice drift) and FlagsPerPiece (factual error) back the main
	// measure.
	MedianEditRatio *float64 `json:"median_edit_ratio,omitempty"`
	MedianVoice     *float64 `json:"median_voice_match,omitempty"`
	FlagsPerPiece   *float64 `json:"unresolved_flags_per_piece,omitempty"`
	ids             []int64
}

// Effect is what one OS edit did to its measure.
type Effect struct {
	Edit    Edit   `json:"edit"`
	Measure string `json:"measure"`
	Before  Side   `json:"before"`
	After   Side   `json:"after"`
	// TooEarly: a side has fewer than MinPieces decided pieces; no figures are compared.
	TooEarly bool `json:"too_early"`
	Worse    bool `json:"worse"`
	Better   bool `json:"better"`
	// PieceIDs are the pieces of both sides, before then after (the evidence of a revert).
	BeforeIDs []int64 `json:"before_pieces,omitempty"`
	AfterIDs  []int64 `json:"after_pieces,omitempty"`
}

// Compare measures every edit: the decided pieces whose outline was written with the document's
// version before the edit against those written with the edit's version. Work is linear in pieces
// plus edits.
func Compare(pieces []Piece, edits []Edit) []Effect {
	byVersion := map[string]map[int][]*Piece{}
	docs := map[string]bool{}
	for _, e := range edits {
		docs[e.Document] = true
	}
	for i := range pieces {
		p := &pieces[i]
		if !decided(p.Record) {
			continue
		}
		for doc := range docs {
			v, ok := p.Record.OSVersions[doc]
			if !ok {
				continue
			}
			if byVersion[doc] == nil {
				byVersion[doc] = map[int][]*Piece{}
			}
			byVersion[doc][v] = append(byVersion[doc][v], p)
		}
	}
	out := make([]Effect, 0, len(edits))
	for _, e := range edits {
		out = append(out, compareOne(e, byVersion[e.Document][e.Version-1], byVersion[e.Document][e.Version]))
	}
	return out
}

func compareOne(e Edit, before, after []*Piece) Effect {
	m := MeasureOf(e)
	ef := Effect{Edit: e, Measure: m,
		Before: side(m, e.Version-1, before, e.PrevContent), After: side(m, e.Version, after, e.Content)}
	ef.BeforeIDs, ef.AfterIDs = ef.Before.ids, ef.After.ids
	ef.TooEarly = ef.Before.Pieces < MinPieces || ef.After.Pieces < MinPieces
	if ef.TooEarly {
		return ef
	}
	rise := WorseRise
	if m == MeasureMix {
		rise = WorseMixPoints
	}
	b, a := ef.Before.Value, ef.After.Value
	const eps = 1e-9 // figures are ratios of counts: 0.6 is 1.5 × 0.4 however floats round it
	ef.Worse = a+eps >= WorseFactor*b && a-b+eps >= rise
	ef.Better = b+eps >= WorseFactor*a && b-a+eps >= rise
	return ef
}

func side(measure string, version int, ps []*Piece, pillarsMD string) Side {
	s := Side{Version: version, Pieces: len(ps)}
	if len(ps) == 0 {
		return s
	}
	var ratios, voices []float64
	flags, approved, rej := 0, 0, 0
	for _, p := range ps {
		s.ids = append(s.ids, p.ID)
		if p.Voice != nil {
			voices = append(voices, float64(*p.Voice))
		}
		rej += rejections(p.Record, measure)
		if p.Record.HasEditRatio {
			ratios = append(ratios, p.Record.EditRatio.Ratio)
		}
		if p.Record.Draft.Approved {
			approved++
			flags += p.Record.UnresolvedFlags
		}
	}
	s.Value = float64(rej) / float64(len(ps))
	switch measure {
	case MeasureMix:
		s.Value = mixGap(ps, pillarsMD)
	case clientos.ModeVoiceDrift:
		s.MedianEditRatio, s.MedianVoice = median(ratios), median(voices)
	case clientos.ModeFactualError:
		if approved > 0 {
			f := float64(flags) / float64(approved)
			s.FlagsPerPiece = &f
		}
	}
	return s
}
