package reporting

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Proposal rules: the evidence that makes a report propose an edit to the Client OS.
const (
	// RuleDeletedPhrase: editors deleted the same phrase from AI text in PhraseMinPieces pieces; add it
	// to brand.md's forbidden list.
	RuleDeletedPhrase = "deleted_phrase"
	// RulePillarWeights: a pillar is WeightOffPoints or more off its weight, or far ahead or behind on
	// results; rebalance pillars.md's weights (keeping the sum at exactly 100).
	RulePillarWeights = "pillar_weights"
	// RuleOffICP: enough (clientos.FailureModes) rejections for off-ICP framing; the model tightens brand.md's ICP section.
	RuleOffICP = clientos.ModeOffICP
	// RuleGenericAngle: enough rejections for generic angles; the model sharpens the
	// descriptions of the pillars involved.
	RuleGenericAngle = clientos.ModeGenericAngle
	// RuleVoiceDrift: enough rejections for voice drift; the model words do / don't lines for
	// brand.md's voice section from the comments and the edits people made. Word swaps editors made
	// in SwapMinPieces pieces become substitutions, even without rejections.
	RuleVoiceDrift = clientos.ModeVoiceDrift
	// RuleFactualError: enough rejections for factual errors; the model words locked
	// decisions stating the correct facts in decisions.md.
	RuleFactualError = clientos.ModeFactualError
)

// Thresholds of the rules, over the evidence.Weeks window. The rejections a failure mode needs are in
// its row of clientos.FailureModes (Needed).
const (
	PhraseMinPieces  = 3
	SwapMinPieces    = 3 // pieces in which editors made the same word swap before it is a substitution
	WeightOffPoints  = 10
	MinWeightSample  = 8   // published pieces with a known pillar before the mix means anything
	MinPillarResults = 3   // pieces with results before a pillar's median counts
	AheadFactor      = 1.5 // a pillar's median this many times the overall median is far ahead
	BehindFactor     = 0.5 // ... and this fraction of it far behind
	maxPhrases       = 5
	maxSwaps         = 5
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

// Proposal is one proposed edit to one OS document, made from evidence. Applying it stores
// NewContent as the document's next version, provided the document is still at BaseVersion.
type Proposal struct {
	ID             int64           `json:"id,omitempty"`
	ReportID       int64           `json:"report_id,omitempty"`
	ClientID       int64           `json:"client_id"`
	Document       string          `json:"document"`
	BaseVersion    int             `json:"base_version"`
	NewContent     string          `json:"new_content,omitempty"`
	Rule           string          `json:"rule"`
	Rationale      string          `json:"rationale"`
	Evidence       json.RawMessage `json:"evidence"`
	Preview        string          `json:"preview"`
	State          ProposalState   `json:"state"`
	AppliedVersion int             `json:"applied_version,omitempty"`
	DecidedBy      string          `json:"decided_by,omitempty"`
	DecidedAt      *time.Time      `json:"decided_at,omitempty"`
	ChannelID      string          `json:"channel_id,omitempty"`
	MessageTS      string          `json:"message_ts,omitempty"`
	// NeedsDraft marks a prose change whose wording the model writes when the report is stored;
	// until then NewContent and Preview are empty.
	NeedsDraft bool `json:"needs_draft,omitempty"`

	refuse string // set by a rule that fired but cannot make its change
}

// rule is one row of the proposal rules: what evidence makes it propose an edit, the failure mode
// it answers (none for rules that read edits or results rather than rejections) and, for a rule
// whose change is written in prose, how the model words it (nil: the rule computes its change).
type rule struct {
	name    string
	mode    string
	propose proposeFunc
	word    wordFunc
}

// proposeFunc proposes one edit from the report's data, or nil.
type proposeFunc func(ctx context.Context, db database.DBTX, d reportData, snap clientos.Snapshot, o *clientos.OS) (*Proposal, error)

// fromData is the proposeFunc of a rule that reads only the report's data.
func fromData(propose func(reportData, clientos.Snapshot, *clientos.OS) *Proposal) proposeFunc {
	return func(_ context.Context, _ database.DBTX, d reportData, snap clientos.Snapshot, o *clientos.OS) (*Proposal, error) {
		return propose(d, snap, o), nil
	}
}

// rules is the registry of proposal rules, in the order their proposals are listed; a new rule is
// one row here and one file. Every failure mode with a threshold (clientos.FailureModes,
// Needed > 0) has one (TestEveryFailureModeWithAThresholdHasARule).
var rules = []rule{
	{RuleDeletedPhrase, "", fromData(phraseRule), nil},
	{RulePillarWeights, "", fromData(weightsRule), nil},
	{RuleOffICP, clientos.ModeOffICP, fromData(offICPRule), wordedBy(icpWording)},
	{RuleVoiceDrift, clientos.ModeVoiceDrift, fromData(voiceRule), wordedBy(voiceWording)},
	{RuleGenericAngle, clientos.ModeGenericAngle, fromData(genericAngleRule), wordedBy(pillarsWording)},
	{RuleFactualError, clientos.ModeFactualError, fromData(factualRule), wordedBy(decisionsWording)},
	{RuleSamplePost, "", sampleRule, nil},
}

// ruleNamed finds a rule's row.
func ruleNamed(name string) (rule, bool) {
	for _, r := range rules {
		if r.name == name {
			return r, true
		}
	}
	return rule{}, false
}

// proposeAll runs every rule over d and adds the proposals that pass the gate to r; the others are
// listed in r.Refused with the reason, and those already open are linked in r.Open.
func proposeAll(ctx context.Context, db database.DBTX, r *Report, d reportData, snap clientos.Snapshot, o *clientos.OS) error {
	prior, err := loadPrior(ctx, db, r.ClientID)
	if err != nil {
		return err
	}
	d.swaps = wordSwaps(d.Edits, o)
	var cands []Proposal
	for _, rule := range rules {
		p, err := rule.propose(ctx, db, d, snap, o)
		if err != nil {
			return err
		}
		if p != nil {
			p.ClientID, p.State = r.ClientID, StateOpen
			cands = append(cands, *p)
		}
	}
	for _, p := range cands {
		if p.refuse != "" {
			r.Refused = append(r.Refused, Refusal{Rule: p.Rule, Document: p.Document, Reason: p.refuse})
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
			if ref := gate(p, snap.Docs[p.Document].Content); ref != nil {
				r.Refused = append(r.Refused, *ref)
				continue
			}
		}
		r.Proposals = append(r.Proposals, p)
	}
	return nil
}

// gate refuses a proposal that changes nothing or whose new content would not pass lint: such a
// proposal is never created, since applying it would fail.
func gate(p Proposal, base string) *Refusal {
	if p.NewContent == base {
		return &Refusal{Rule: p.Rule, Document: p.Document, Reason: "the change would leave " + clientos.FileName(p.Document) + " as it is"}
	}
	fs := clientos.LintDocument(p.Document, p.NewContent)
	if !clientos.HasErrors(fs) {
		return nil
	}
	var msgs []string
	for _, f := range fs {
		if f.Severity == clientos.SeverityError {
			msgs = append(msgs, f.Message)
		}
	}
	return &Refusal{Rule: p.Rule, Document: p.Document,
		Reason: "not proposed: the new " + clientos.FileName(p.Document) + " would break lint: " + strings.Join(msgs, "; ")}
}

// evidenceJSON marshals evidence; the values are plain data, so this cannot fail in practice.
func evidenceJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}
