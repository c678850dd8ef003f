package rules

import (
	"fmt"
	"strconv"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// factualRule asks for locked decisions stating the correct facts once the window holds
// enough findings (the mode's Needed): rejections for factual errors, and claims the sources do not back that
// recur or sat in a rejected piece (each claim one finding). decisions.md is in every prompt, so
// a fact locked there is not got wrong again.
func factualRule(d window, snap clientos.Snapshot, _ *clientos.OS) *Change {
	rej, _ := rejectionsFor(d, clientos.ModeFactualError, evidence.Needed(clientos.ModeFactualError))
	ev := factualEvidence{proseEvidence: rej, Claims: claimsAsEvidence(d)}
	if ev.Rejections+len(ev.Claims) < evidence.Needed(clientos.ModeFactualError) {
		return nil
	}
	if len(ev.Claims) > 0 {
		ev.Key = evidenceKey(ev.Mode, idsKey(ev.Pieces), strconv.Itoa(ev.Rejections), claimsKey(ev.Claims))
	}
	doc, ok := snap.Docs[clientos.DocDecisions]
	p := &Change{Document: clientos.DocDecisions, BaseVersion: doc.Version, Rule: FactualError, NeedsDraft: true,
		Rationale: factualRationale(ev), Evidence: evidenceJSON(ev)}
	if !ok {
		p.Refuse = "decisions.md is missing; add it with one locked decision per \"- \" bullet"
	}
	return p
}

func factualRationale(ev factualEvidence) string {
	var found string
	switch {
	case len(ev.Claims) == 0:
		found = fmt.Sprintf("Reviewers rejected %s for factual errors over the last %d weeks (pieces %s)",
			evidence.Plural(ev.Rejections, "piece"), evidence.Weeks, evidence.PieceIDs(ev.Pieces))
	case ev.Rejections == 0:
		found = fmt.Sprintf("Over the last %d weeks %s that the sources do not back recurred or sat in rejected pieces",
			evidence.Weeks, evidence.Plural(len(ev.Claims), "claim"))
	default:
		found = fmt.Sprintf("Reviewers rejected %s for factual errors over the last %d weeks (pieces %s), and %s that "+
			"the sources do not back recurred or sat in rejected pieces", evidence.Plural(ev.Rejections, "piece"), evidence.Weeks,
			evidence.PieceIDs(ev.Pieces), evidence.Plural(len(ev.Claims), "claim"))
	}
	for _, c := range ev.Claims {
		found += "\n• " + claimLine(c)
	}
	return found + "\nA fact the model keeps getting wrong belongs in decisions.md as a locked decision stating the " +
		"correct fact, which every prompt carries."
}
