package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// maxEditSamples bounds the edits shown to the model and stored as voice evidence.
const maxEditSamples = 8

// swapHit is a word swap editors made in AI text in several pieces: what they cut and what they
// wrote in its place.
type swapHit struct {
	Avoid  string  `json:"avoid"`
	Prefer string  `json:"prefer"`
	Pieces []int64 `json:"pieces"`
	Before string  `json:"before"` // a line of AI text with Avoid
	After  string  `json:"after"`  // a line the editor wrote with Prefer
}

// editSample is one human edit of AI text, as evidence: the lines it changed, before and after.
type editSample struct {
	PieceID int64  `json:"piece_id"`
	Before  string `json:"before"`
	After   string `json:"after"`
}

// voiceEvidence is what a voice-drift proposal answers: the rejections, the edits and the word
// swaps, and the sections of brand.md its lines may go in.
type voiceEvidence struct {
	proseEvidence
	Substitutions []swapHit    `json:"substitutions,omitempty"`
	Edits         []editSample `json:"edits,omitempty"`
	Sections      []string     `json:"sections"`
}

// voiceRule fires on enough voice-drift rejections (the model then words do / don't lines
// for brand.md's voice section) or on word swaps editors repeated (added as substitutions, without
// the model); both together make one proposal.
func voiceRule(d window, snap clientos.Snapshot, _ *clientos.OS) *Change {
	brand, ok := snap.Docs[clientos.DocBrand]
	if !ok {
		return nil
	}
	ev, fired := rejectionsFor(d, clientos.ModeVoiceDrift, evidence.Needed(clientos.ModeVoiceDrift))
	if !fired && len(d.swaps) == 0 {
		return nil
	}
	ve := voiceEvidence{proseEvidence: ev, Substitutions: d.swaps, Sections: voiceSections(brand.Content)}
	if fired {
		ve.Edits = editSamples(d.Edits, ev.Pieces)
	} else {
		ve.proseEvidence = proseEvidence{Mode: clientos.ModeVoiceDrift, Weeks: evidence.Weeks, Threshold: evidence.Needed(clientos.ModeVoiceDrift)}
	}
	ve.Key = evidenceKey(VoiceDrift, ve.Key, swapsKey(d.swaps))
	p := &Change{Document: clientos.DocBrand, BaseVersion: brand.Version, Rule: VoiceDrift, NeedsDraft: fired,
		Rationale: voiceRationale(ve, fired), NewContent: brand.Content}
	if fired && len(ve.Sections) == 0 {
		p.Evidence = evidenceJSON(ve)
		p.Refuse = "brand.md has no \"## Voice\" section to add lines to; add one by hand"
		return p
	}
	if len(d.swaps) > 0 {
		content, err := clientos.AddSubstitutions(brand.Content, swapPairs(d.swaps))
		switch {
		case err == nil:
			p.NewContent, p.Preview = content, swapPreview(d.swaps)
		case !fired:
			p.Evidence = evidenceJSON(ve)
			p.Refuse = "cannot add to brand.md's substitutions automatically (" + err.Error() + "); add " + swapList(d.swaps) + " by hand"
			return p
		default:
			p.Rationale += " (The substitutions " + swapList(d.swaps) + " could not be added automatically: " + err.Error() + "; add them by hand.)"
			ve.Substitutions = nil
		}
	}
	p.Evidence = evidenceJSON(ve)
	return p
}

// Remainder is what may still be proposed of a change the model could not word: for voice drift,
// the substitutions the rule computed without the model, when they change base and pass the gate.
func Remainder(c Change, base string) (Change, bool) {
	if c.Rule != VoiceDrift || c.NewContent == base || Gate(c, base) != "" {
		return Change{}, false
	}
	return substitutionsOnly(c), true
}

// substitutionsOnly is a voice-drift proposal whose lines the model could not word, cut down to
// its substitutions, which need no model.
func substitutionsOnly(p Change) Change {
	var ve voiceEvidence
	if json.Unmarshal(p.Evidence, &ve) == nil {
		p.Rationale = voiceRationale(ve, false)
	}
	p.NeedsDraft = false
	return p
}

func voiceRationale(ve voiceEvidence, fired bool) string {
	var s string
	if fired {
		s = fmt.Sprintf("Reviewers rejected %s for voice drift over the last %d weeks (pieces %s): the Voice section "+
			"lets drafts drift, so it gets concrete do / don't lines, each answering the comments and edits it names.",
			evidence.Plural(ve.Rejections, "piece"), evidence.Weeks, evidence.PieceIDs(ve.Pieces))
	}
	if len(ve.Substitutions) > 0 {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("Editors made the same word swaps in %d or more pieces each over the last %d weeks (%s); as "+
			"substitutions the model writes the preferred words and the checks catch the others.",
			SwapMinPieces, evidence.Weeks, swapList(ve.Substitutions))
	}
	return s
}

func swapPairs(swaps []swapHit) []clientos.Substitution {
	out := make([]clientos.Substitution, len(swaps))
	for i, s := range swaps {
		out[i] = clientos.Substitution{Avoid: s.Avoid, Prefer: s.Prefer}
	}
	return out
}

func swapList(swaps []swapHit) string {
	parts := make([]string, len(swaps))
	for i, s := range swaps {
		parts[i] = fmt.Sprintf("%q → %q", s.Avoid, s.Prefer)
	}
	return strings.Join(parts, ", ")
}

func swapPreview(swaps []swapHit) string {
	var b strings.Builder
	b.WriteString("brand.md — add to substitutions (avoid → prefer):\n")
	for _, s := range swaps {
		fmt.Fprintf(&b, "+ %s → %s   (swapped by editors in %s: %s)\n", s.Avoid, s.Prefer, evidence.Plural(len(s.Pieces), "piece"), evidence.PieceIDs(s.Pieces))
		if s.Before != "" && s.After != "" {
			fmt.Fprintf(&b, "    e.g. %q → %q\n", evidence.Clip(s.Before, 120), evidence.Clip(s.After, 120))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func swapsKey(swaps []swapHit) string {
	parts := make([]string, len(swaps))
	for i, s := range swaps {
		parts[i] = s.Avoid + ">" + s.Prefer + ":" + idsKey(s.Pieces)
	}
	return strings.Join(parts, ";")
}

// voiceSections are the titles of brand.md's "## Voice…" sections, where voice lines may go.
func voiceSections(content string) []string {
	var out []string
	for _, t := range clientos.SectionTitles(content) {
		if strings.HasPrefix(strings.ToLower(t), "voice") {
			out = append(out, t)
		}
	}
	return out
}

// wordSwaps finds the word swaps (1 to 3 words replaced by 1 to 3 others at the same place) that
// editors made in AI text in at least SwapMinPieces pieces; one preferred wording per swapped
// phrase, phrases brand.md already substitutes or forbids left out, most frequent first.
func wordSwaps(edits []evidence.Edit, o *clientos.OS) []swapHit {
	known := map[string]bool{}
	for _, s := range o.Brand.Substitutions {
		known[strings.Join(tokens(s.Avoid), " ")] = true
	}
	for _, f := range o.Brand.Forbidden {
		known[strings.Join(tokens(f), " ")] = true
	}
	found := map[[2]string]*swapHit{}
	seen := map[[2]string]map[int64]bool{}
	for _, e := range edits {
		for _, sw := range swapsIn(e.AIText, e.HumanText) {
			if known[sw[0]] || !candidatePhrase(sw[0]) {
				continue
			}
			if found[sw] == nil {
				found[sw] = &swapHit{Avoid: sw[0], Prefer: sw[1], Before: exampleLine(e.AIText, sw[0]), After: exampleLine(e.HumanText, sw[1])}
				seen[sw] = map[int64]bool{}
			}
			if !seen[sw][e.PieceID] {
				seen[sw][e.PieceID] = true
				found[sw].Pieces = append(found[sw].Pieces, e.PieceID)
			}
		}
	}
	best := map[string]*swapHit{}
	for _, h := range found {
		if len(h.Pieces) < SwapMinPieces {
			continue
		}
		if b := best[h.Avoid]; b == nil || len(h.Pieces) > len(b.Pieces) || len(h.Pieces) == len(b.Pieces) && h.Prefer < b.Prefer {
			best[h.Avoid] = h
		}
	}
	var out []swapHit
	for _, h := range best {
		slices.Sort(h.Pieces)
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b swapHit) int {
		if len(a.Pieces) != len(b.Pieces) {
			return len(b.Pieces) - len(a.Pieces)
		}
		return strings.Compare(a.Avoid, b.Avoid)
	})
	if len(out) > maxSwaps {
		out = out[:maxSwaps]
	}
	return out
}

// swapsIn returns the (avoid, prefer) pairs of one edit: between two words the word diff keeps,
// 1 to 3 words of ai replaced by 1 to 3 words of human.
func swapsIn(ai, human string) [][2]string {
	wa, wb := changedWords(ai, human)
	if len(wa) == 0 || len(wb) == 0 || len(wa)*len(wb) > maxDiffCells {
		return nil
	}
	ka, kb := lcsKeep(wa, wb)
	var out [][2]string
	for i, j := 0, 0; i < len(wa) || j < len(wb); i, j = i+1, j+1 {
		var cut, put []string
		for ; i < len(wa) && !ka[i]; i++ {
			cut = append(cut, wa[i])
		}
		for ; j < len(wb) && !kb[j]; j++ {
			put = append(put, wb[j])
		}
		if len(cut) >= 1 && len(cut) <= 3 && len(put) >= 1 && len(put) <= 3 {
			out = append(out, [2]string{strings.Join(cut, " "), strings.Join(put, " ")})
		}
	}
	return out
}

// editSamples picks up to maxEditSamples edits as evidence, those of the given pieces first, then
// the latest; each shows the lines the editor changed.
func editSamples(edits []evidence.Edit, first []int64) []editSample {
	var out []editSample
	add := func(e evidence.Edit) {
		before, after := changedLines(e.AIText, e.HumanText)
		if len(out) < maxEditSamples && (before != "" || after != "") {
			out = append(out, editSample{PieceID: e.PieceID, Before: evidence.Clip(before, 300), After: evidence.Clip(after, 300)})
		}
	}
	for _, e := range edits {
		if slices.Contains(first, e.PieceID) {
			add(e)
		}
	}
	for i := len(edits) - 1; i >= 0 && len(out) < maxEditSamples; i-- {
		if !slices.Contains(first, edits[i].PieceID) {
			add(edits[i])
		}
	}
	return out
}

// changedLines are the lines human removed from ai and the lines it wrote instead, each joined
// with " / ".
func changedLines(ai, human string) (before, after string) {
	la, lb := strings.Split(ai, "\n"), strings.Split(human, "\n")
	if len(la)*len(lb) > maxDiffCells {
		return evidence.Clip(ai, 300), evidence.Clip(human, 300)
	}
	ka, kb := lcsKeep(la, lb)
	var ra, rb []string
	for i, ok := range ka {
		if t := strings.TrimSpace(la[i]); !ok && t != "" {
			ra = append(ra, t)
		}
	}
	for j, ok := range kb {
		if t := strings.TrimSpace(lb[j]); !ok && t != "" {
			rb = append(rb, t)
		}
	}
	return strings.Join(ra, " / "), strings.Join(rb, " / ")
}
