package quality

import (
	"maps"
	"slices"
	"time"
)

// Phases and decisions as pieces record them (reviews.decision); the record reads only these.
const (
	PhaseOutline     = "outline"
	PhaseDraft       = "draft"
	DecisionApproved = "approved"
	DecisionRejected = "rejected"
	DecisionEdited   = "edited"
	DecisionRevised  = "revised"
)

// VersionEvent is one stored version of a piece, as plain values.
type VersionEvent struct {
	Phase           string
	AI              bool // written by the model; false for a person's edit
	Content         string
	OSVersions      map[string]int // Client OS document versions it was generated with
	OSHash          string
	Warnings        int // check warnings left on it
	UnresolvedFlags int // claim flags on it nobody resolved
	At              time.Time
}

// ReviewEvent is one human decision on a piece.
type ReviewEvent struct {
	Phase        string
	Decision     string
	FailureModes []string
	At           time.Time
}

// History is everything the record is computed from, versions and reviews each in the order they
// happened. PublishedText is the text as published, when a person pasted or linked it.
type History struct {
	Versions      []VersionEvent
	Reviews       []ReviewEvent
	PublishedText string
}

// Rejection is one rejection and the failure modes the reviewer named.
type Rejection struct {
	Phase        string
	FailureModes []string
}

// PhaseRecord is how one phase (outline or draft) went.
type PhaseRecord struct {
	Decided   bool          // approved or rejected
	Approved  bool          // approved
	FirstPass bool          // approved with no edit, revision or rejection before
	Revisions int           // revisions asked for
	Wait      time.Duration // from its first version (ready for review) to the decision; 0 until Decided
}

// Record is a piece's quality record: what the reports and `/mos piece` read.
type Record struct {
	Outline, Draft PhaseRecord
	Revisions      int // both phases
	Rejections     []Rejection
	// EditRatio compares the last AI draft with the text approved (or published, when known);
	// HasEditRatio is false until the draft is approved.
	EditRatio    EditRatio
	HasEditRatio bool
	// UnresolvedFlags and WarningsLeft are those of the draft version approved.
	UnresolvedFlags int
	WarningsLeft    int
	// OSVersions is the Client OS the outline was written with: a piece written across an OS change
	// counts for the version it started with.
	OSVersions map[string]int
	OSHash     string
}

// BuildRecord computes a piece's quality record from its history. It never fails: a piece still in
// progress has the parts decided so far.
func BuildRecord(h History) Record {
	var r Record
	r.Outline = phaseRecord(h, PhaseOutline)
	r.Draft = phaseRecord(h, PhaseDraft)
	r.Revisions = r.Outline.Revisions + r.Draft.Revisions
	for _, rv := range h.Reviews {
		if rv.Decision == DecisionRejected {
			r.Rejections = append(r.Rejections, Rejection{Phase: rv.Phase, FailureModes: slices.Clone(rv.FailureModes)})
		}
	}
	r.OSVersions, r.OSHash = writtenWith(h.Versions)
	if approved, ok := approvedDraft(h); ok {
		r.UnresolvedFlags, r.WarningsLeft = approved.UnresolvedFlags, approved.Warnings
		if lastAI, ok := lastAIDraft(h, approved.At); ok {
			final := approved.Content
			if h.PublishedText != "" {
				final = h.PublishedText
			}
			r.EditRatio, r.HasEditRatio = MeasureEditRatio(lastAI.Content, final), true
		}
	}
	return r
}

// phaseRecord reads one phase's reviews up to its decision.
func phaseRecord(h History, phase string) PhaseRecord {
	var p PhaseRecord
	changed := false
	for _, rv := range h.Reviews {
		if rv.Phase != phase || p.Decided {
			continue
		}
		switch rv.Decision {
		case DecisionRevised:
			p.Revisions++
			changed = true
		case DecisionEdited:
			changed = true
		case DecisionApproved, DecisionRejected:
			p.Decided, p.Approved = true, rv.Decision == DecisionApproved
			p.FirstPass = p.Approved && !changed
			if ready, ok := firstVersionAt(h.Versions, phase); ok && rv.At.After(ready) {
				p.Wait = rv.At.Sub(ready)
			}
		}
	}
	return p
}

func firstVersionAt(vs []VersionEvent, phase string) (time.Time, bool) {
	for _, v := range vs {
		if v.Phase == phase {
			return v.At, true
		}
	}
	return time.Time{}, false
}

// writtenWith is the OS of the first AI outline, or of the first AI version when the piece has no
// outline.
func writtenWith(vs []VersionEvent) (map[string]int, string) {
	var first *VersionEvent
	for i := range vs {
		if !vs[i].AI {
			continue
		}
		if vs[i].Phase == PhaseOutline {
			return maps.Clone(vs[i].OSVersions), vs[i].OSHash
		}
		if first == nil {
			first = &vs[i]
		}
	}
	if first == nil {
		return nil, ""
	}
	return maps.Clone(first.OSVersions), first.OSHash
}

// approvedDraft is the draft version that was approved: the last one before the approval.
func approvedDraft(h History) (VersionEvent, bool) {
	at, approved := approvalTime(h.Reviews, PhaseDraft)
	var last VersionEvent
	found := false
	for _, v := range h.Versions {
		if approved && v.Phase == PhaseDraft && !v.At.After(at) {
			last, found = v, true
		}
	}
	return last, found
}

// lastAIDraft is the model's last draft up to at; a piece written by people alone has none.
func lastAIDraft(h History, at time.Time) (VersionEvent, bool) {
	var last VersionEvent
	found := false
	for _, v := range h.Versions {
		if v.AI && v.Phase == PhaseDraft && !v.At.After(at) {
			last, found = v, true
		}
	}
	return last, found
}

func approvalTime(rs []ReviewEvent, phase string) (time.Time, bool) {
	for _, rv := range rs {
		if rv.Phase == phase && rv.Decision == DecisionApproved {
			return rv.At, true
		}
	}
	return time.Time{}, false
}
