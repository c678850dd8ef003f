package reporting

import (
	"context"
	"slices"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/rules"
)

// ProposalState is where a proposal is in its life, as stored in proposals.state.
type ProposalState string

// Proposal states. A proposal is made open; an approver applies or dismisses it, or it goes stale
// when its document changed since it was made. Only open proposals move (proposalMoves).
const (
	StateOpen      ProposalState = "open"
	StateApplied   ProposalState = "applied"
	StateDismissed ProposalState = "dismissed"
	StateStale     ProposalState = "stale"
)

// proposalMoves is the transition table: the states each state may move to.
var proposalMoves = map[ProposalState][]ProposalState{
	StateOpen: {StateApplied, StateDismissed, StateStale},
}

// canMove says whether a proposal in state from may move to state to.
func canMove(from, to ProposalState) bool { return slices.Contains(proposalMoves[from], to) }

// Proposal is one proposed edit to one OS document (the Change a rule made from evidence), as stored
// with its report. Applying it stores NewContent as the document's next version, provided the
// document is still at BaseVersion.
type Proposal struct {
	ID       int64 `json:"id,omitempty"`
	ReportID int64 `json:"report_id,omitempty"`
	ClientID int64 `json:"client_id"`
	rules.Change
	State          ProposalState `json:"state"`
	AppliedVersion int           `json:"applied_version,omitempty"`
	DecidedBy      string        `json:"decided_by,omitempty"`
	DecidedAt      *time.Time    `json:"decided_at,omitempty"`
	ChannelID      string        `json:"channel_id,omitempty"`
	MessageTS      string        `json:"message_ts,omitempty"`
}

// proposeAll runs the rules over d and adds the proposals that pass the gate to r; the others are
// listed in r.Refused with the reason, and those already open are linked in r.Open.
func proposeAll(ctx context.Context, db database.DBTX, r *Report, d reportData, snap clientos.Snapshot, o *clientos.OS) error {
	prior, err := loadPrior(ctx, db, r.ClientID)
	if err != nil {
		return err
	}
	changes, err := rules.Propose(ctx, db, d.Window, snap, o)
	if err != nil {
		return err
	}
	for _, c := range changes {
		p := Proposal{ClientID: r.ClientID, Change: c, State: StateOpen}
		if p.Refuse != "" {
			r.Refused = append(r.Refused, Refusal{Rule: p.Rule, Document: p.Document, Reason: p.Refuse})
			continue
		}
		if open := prior.openFor(p); open != nil {
			r.Open = append(r.Open, *open)
			continue
		}
		if why := prior.covers(p); why != "" {
			r.Refused = append(r.Refused, Refusal{Rule: p.Rule, Document: p.Document, Reason: why})
			continue
		}
		if !p.NeedsDraft {
			if why := rules.Gate(p.Change, snap.Docs[p.Document].Content); why != "" {
				r.Refused = append(r.Refused, Refusal{Rule: p.Rule, Document: p.Document, Reason: why})
				continue
			}
		}
		r.Proposals = append(r.Proposals, p)
	}
	return nil
}
