package reporting

import (
	"fmt"

	"github.com/mos-hq/mos/clientos"
)

// factualRule asks for locked decisions stating the correct facts after FactualErrorMin
// factual-error rejections: decisions.md is in every prompt, so a fact locked there is not got
// wrong again.
func factualRule(d reportData, snap clientos.Snapshot, _ *clientos.OS) *Proposal {
	ev, fired := rejectionsFor(d, "factual_error", FactualErrorMin)
	if !fired {
		return nil
	}
	doc, ok := snap.Docs[clientos.DocDecisions]
	p := &Proposal{Document: clientos.DocDecisions, BaseVersion: doc.Version, Rule: RuleFactualError, NeedsDraft: true,
		Rationale: fmt.Sprintf("Reviewers rejected %s for factual errors over the last %d weeks (pieces %s): a fact the "+
			"model keeps getting wrong belongs in decisions.md as a locked decision stating the correct fact, which every "+
			"prompt carries.", plural(ev.Rejections, "piece"), EvidenceWeeks, pieceIDs(ev.Pieces)),
		Evidence: evidenceJSON(ev),
	}
	if !ok {
		p.refuse = "decisions.md is missing; add it with one locked decision per \"- \" bullet"
	}
	return p
}
