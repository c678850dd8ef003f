package clientos

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FailureMode is why a person rejects a version. Each points at the Client OS document (and the
// part of it) whose edit answers it; the weekly report counts them and, for the modes a proposal
// rule answers, proposes that edit once enough rejections gathered.
type FailureMode struct {
	ID    string // as stored in reviews.failure_modes
	Label string // as menus show it: "Off-ICP framing"
	// Adjective qualifies a noun in the report: "off-ICP rejection"; empty means the label's words
	// joined by hyphens ("voice-drift rejection").
	Adjective string
	Document  string // the document an edit answers it in ("" for none)
	Section   string // where in that document
	// Needed is how many rejections over the report's evidence window make its proposal rule fire;
	// 0 for a mode no rule answers from a count.
	Needed int
	// ReportRank orders modes with equal counts in the report (lowest first).
	ReportRank int
}

// The failure modes, by id.
const (
	ModeVoiceDrift      = "voice_drift"
	ModeFactualError    = "factual_error"
	ModeGenericAngle    = "generic_angle"
	ModeOffICP          = "off_icp"
	ModeForbiddenPhrase = "forbidden_phrase"
	ModeOther           = "other"
)

// FailureModes is the one table of failure modes, in the order menus show them. A factual error
// points to decisions: the fix is to lock the correct fact as a decision, which every prompt then
// carries (strategy holds goals, not facts).
var FailureModes = []FailureMode{
	{ID: ModeVoiceDrift, Label: "Voice drift", Document: DocBrand, Section: "## Voice", Needed: 3, ReportRank: 1},
	{ID: ModeFactualError, Label: "Factual error", Document: DocDecisions,
		Section: "a locked decision stating the correct fact", Needed: 3, ReportRank: 3},
	{ID: ModeGenericAngle, Label: "Generic angle", Document: DocPillars, Section: "pillar descriptions", Needed: 3,
		ReportRank: 2},
	{ID: ModeOffICP, Label: "Off-ICP framing", Adjective: "off-ICP", Document: DocBrand, Section: "## ICP", Needed: 3, ReportRank: 0},
	{ID: ModeForbiddenPhrase, Label: "Forbidden phrase", Document: DocBrand, Section: "forbidden list (front matter)",
		ReportRank: 4},
	{ID: ModeOther, Label: "Other", Section: "read the reviewers' comments", ReportRank: 5},
}

// FailureModeByID finds a mode's row; ok is false for an id not in the table (an old or unknown
// mode, which is then shown by its id).
func FailureModeByID(id string) (m FailureMode, ok bool) {
	for _, m := range FailureModes {
		if m.ID == id {
			return m, true
		}
	}
	return FailureMode{ID: id, Label: strings.ReplaceAll(id, "_", " "), ReportRank: len(FailureModes)}, false
}

// FailureModeIDs lists the ids in menu order.
func FailureModeIDs() []string {
	ids := make([]string, len(FailureModes))
	for i, m := range FailureModes {
		ids[i] = m.ID
	}
	return ids
}

// InText is the label as it reads inside a sentence: "off-ICP framing".
func (m FailureMode) InText() string {
	r, n := utf8.DecodeRuneInString(m.Label)
	return string(unicode.ToLower(r)) + m.Label[n:]
}

// Qualifier is the mode as it qualifies a noun: "off-ICP rejection", "voice-drift rejection".
func (m FailureMode) Qualifier() string {
	if m.Adjective != "" {
		return m.Adjective
	}
	return strings.ReplaceAll(m.InText(), " ", "-")
}
