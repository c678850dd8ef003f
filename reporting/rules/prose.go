package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// rejectionEvidence is one rejection behind a prose proposal.
type rejectionEvidence struct {
	PieceID  int64  `json:"piece_id"`
	Pillar   string `json:"pillar"`
	Brief    string `json:"brief"`
	Comment  string `json:"comment"`
	Reviewer string `json:"reviewer"`
	Date     string `json:"date"`
}

// proseEvidence is what the model is shown, and what is stored with the proposal, for the rules
// whose change is written in prose.
type proseEvidence struct {
	Mode       string              `json:"failure_mode"`
	Rejections int                 `json:"rejections"`
	Pieces     []int64             `json:"pieces"`
	Pillars    []string            `json:"pillars,omitempty"` // pillars to sharpen (generic_angle)
	Weeks      int                 `json:"weeks"`
	Threshold  int                 `json:"threshold"`
	Items      []rejectionEvidence `json:"rejections_detail"`
	Key        string              `json:"key"`
}

// rejectionsFor collects the window's rejections carrying mode.
func rejectionsFor(d window, mode string, threshold int) (proseEvidence, bool) {
	ev := proseEvidence{Mode: mode, Weeks: evidence.Weeks, Threshold: threshold}
	seen := map[int64]bool{}
	for _, r := range d.Reviews {
		if r.Decision != evidence.DecisionRejected || !slices.Contains(r.FailureModes, mode) {
			continue
		}
		ev.Rejections++
		if !seen[r.PieceID] {
			seen[r.PieceID] = true
			ev.Pieces = append(ev.Pieces, r.PieceID)
		}
		ev.Items = append(ev.Items, rejectionEvidence{PieceID: r.PieceID, Pillar: r.Pillar, Brief: evidence.Clip(r.Brief, 300),
			Comment: evidence.Clip(r.Comment, 500), Reviewer: r.Reviewer, Date: r.CreatedAt.UTC().Format(time.DateOnly)})
	}
	slices.Sort(ev.Pieces)
	ev.Key = evidenceKey(mode, idsKey(ev.Pieces), strconv.Itoa(ev.Rejections))
	return ev, ev.Rejections >= threshold
}

// offICPRule asks for a tighter ICP section after enough off-ICP rejections.
func offICPRule(d window, snap clientos.Snapshot, _ *clientos.OS) *Change {
	brand, ok := snap.Docs[clientos.DocBrand]
	ev, fired := rejectionsFor(d, clientos.ModeOffICP, evidence.Needed(clientos.ModeOffICP))
	if !ok || !fired {
		return nil
	}
	p := &Change{Document: clientos.DocBrand, BaseVersion: brand.Version, Rule: OffICP, NeedsDraft: true,
		Rationale: fmt.Sprintf("Reviewers rejected %s as off-ICP framing over the last %d weeks (pieces %s): the ICP "+
			"section lets drafts aim at the wrong reader, so it should say more precisely who the reader is and is not.",
			evidence.Plural(ev.Rejections, "piece"), evidence.Weeks, evidence.PieceIDs(ev.Pieces)),
		Evidence: evidenceJSON(ev),
	}
	if _, _, ok := clientos.FindSection(brand.Content, isICPHeading); !ok {
		p.Refuse = "brand.md has no \"## ICP\" section to tighten; add one by hand"
	}
	return p
}

// genericAngleRule asks for sharper pillar descriptions after enough generic-angle
// rejections; it names the pillars the rejected pieces belonged to (all pillars when none did).
func genericAngleRule(d window, snap clientos.Snapshot, o *clientos.OS) *Change {
	doc, ok := snap.Docs[clientos.DocPillars]
	ev, fired := rejectionsFor(d, clientos.ModeGenericAngle, evidence.Needed(clientos.ModeGenericAngle))
	if !ok || !fired || len(o.Pillars) == 0 {
		return nil
	}
	for _, pl := range o.Pillars {
		for _, it := range ev.Items {
			if evidence.PillarKey(it.Pillar) == evidence.PillarKey(pl.Name) && !slices.Contains(ev.Pillars, pl.Name) {
				ev.Pillars = append(ev.Pillars, pl.Name)
			}
		}
	}
	if len(ev.Pillars) == 0 {
		for _, pl := range o.Pillars {
			ev.Pillars = append(ev.Pillars, pl.Name)
		}
	}
	return &Change{Document: clientos.DocPillars, BaseVersion: doc.Version, Rule: GenericAngle, NeedsDraft: true,
		Rationale: fmt.Sprintf("Reviewers rejected %s for a generic angle over the last %d weeks (pieces %s): the "+
			"descriptions of %s leave the model room for angles anyone could write, so they should name the specific "+
			"claims, numbers and situations that belong there.",
			evidence.Plural(ev.Rejections, "piece"), evidence.Weeks, evidence.PieceIDs(ev.Pieces), strings.Join(ev.Pillars, ", ")),
		Evidence: evidenceJSON(ev),
	}
}

func isICPHeading(title string) bool {
	t := strings.ToLower(title)
	return strings.HasPrefix(t, "icp") || strings.HasPrefix(t, "ideal customer")
}
