package rules

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
)

// Change rules: the evidence that makes a report propose an edit to the Client OS.
const (
	// DeletedPhrase: editors deleted the same phrase from AI text in PhraseMinPieces pieces; add it
	// to brand.md's forbidden list.
	DeletedPhrase = "deleted_phrase"
	// PillarWeights: a pillar is WeightOffPoints or more off its weight, or far ahead or behind on
	// results; rebalance pillars.md's weights (keeping the sum at exactly 100).
	PillarWeights = "pillar_weights"
	// OffICP: enough (clientos.FailureModes) rejections for off-ICP framing; the model tightens brand.md's ICP section.
	OffICP = clientos.ModeOffICP
	// GenericAngle: enough rejections for generic angles; the model sharpens the
	// descriptions of the pillars involved.
	GenericAngle = clientos.ModeGenericAngle
	// VoiceDrift: enough rejections for voice drift; the model words do / don't lines for
	// brand.md's voice section from the comments and the edits people made. Word swaps editors made
	// in SwapMinPieces pieces become substitutions, even without rejections.
	VoiceDrift = clientos.ModeVoiceDrift
	// FactualError: enough rejections for factual errors; the model words locked
	// decisions stating the correct facts in decisions.md.
	FactualError = clientos.ModeFactualError
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

// Change is one proposed edit to one OS document, as a rule makes it from evidence: applying it
// stores NewContent as the document's next version, provided the document is still at BaseVersion.
type Change struct {
	Document    string          `json:"document"`
	BaseVersion int             `json:"base_version"`
	NewContent  string          `json:"new_content,omitempty"`
	Rule        string          `json:"rule"`
	Rationale   string          `json:"rationale"`
	Evidence    json.RawMessage `json:"evidence"`
	Preview     string          `json:"preview"`
	// NeedsDraft marks a prose change whose wording the model writes (Word) when the report is
	// stored; until then NewContent and Preview are empty.
	NeedsDraft bool `json:"needs_draft,omitempty"`
	// Refuse is set by a rule that fired but cannot make its change: why, for the report.
	Refuse string `json:"-"`
}

// window is what the rules read: the report's evidence window and the word swaps editors repeated
// in it (computed once, read by the phrase and the voice rules).
type window struct {
	evidence.Window
	swaps []swapHit
}

// Propose runs every rule over the window, in the registry's order, and returns the changes they
// made (some with Refuse set).
func Propose(ctx context.Context, db database.DBTX, w evidence.Window, snap clientos.Snapshot, o *clientos.OS) ([]Change, error) {
	d := window{Window: w, swaps: wordSwaps(w.Edits, o)}
	var out []Change
	for _, r := range rules {
		c, err := r.propose(ctx, db, d, snap, o)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, *c)
		}
	}
	return out, nil
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
type proposeFunc func(ctx context.Context, db database.DBTX, d window, snap clientos.Snapshot, o *clientos.OS) (*Change, error)

// fromData is the proposeFunc of a rule that reads only the report's data.
func fromData(propose func(window, clientos.Snapshot, *clientos.OS) *Change) proposeFunc {
	return func(_ context.Context, _ database.DBTX, d window, snap clientos.Snapshot, o *clientos.OS) (*Change, error) {
		return propose(d, snap, o), nil
	}
}

// rules is the registry of proposal rules, in the order their proposals are listed; a new rule is
// one row here and one file. Every failure mode with a threshold (clientos.FailureModes,
// Needed > 0) has one (TestEveryFailureModeWithAThresholdHasARule).
var rules = []rule{
	{DeletedPhrase, "", fromData(phraseRule), nil},
	{PillarWeights, "", fromData(weightsRule), nil},
	{OffICP, clientos.ModeOffICP, fromData(offICPRule), wordedBy(icpWording)},
	{VoiceDrift, clientos.ModeVoiceDrift, fromData(voiceRule), wordedBy(voiceWording)},
	{GenericAngle, clientos.ModeGenericAngle, fromData(genericAngleRule), wordedBy(pillarsWording)},
	{FactualError, clientos.ModeFactualError, fromData(factualRule), wordedBy(decisionsWording)},
	{SamplePost, "", sampleRule, nil},
	{RevertEdit, "", revertRule, nil},
	{CadenceMissed, "", cadenceRule, nil},
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

// Gate says why a change may not be proposed — it changes nothing, or its new content would not
// pass lint, so applying it would fail — or "" when it may.
func Gate(c Change, base string) string {
	if c.NewContent == base {
		return "the change would leave " + clientos.FileName(c.Document) + " as it is"
	}
	fs := clientos.LintDocument(c.Document, c.NewContent)
	if !clientos.HasErrors(fs) {
		return ""
	}
	var msgs []string
	for _, f := range fs {
		if f.Severity == clientos.SeverityError {
			msgs = append(msgs, f.Message)
		}
	}
	return "not proposed: the new " + clientos.FileName(c.Document) + " would break lint: " + strings.Join(msgs, "; ")
}

// evidenceJSON marshals evidence; the values are plain data, so this cannot fail in practice.
func evidenceJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}
