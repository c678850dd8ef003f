package rules

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/evidence"
)

// Unworded is a finding whose rule fired but whose change the model could not word, even when
// asked twice. The report shows it, with its evidence, so it is not lost: a person makes the edit.
type Unworded struct {
	Rule     string   `json:"rule"`
	Document string   `json:"document"`
	Section  string   `json:"section"`  // the part of the document, e.g. "## Voice"
	Summary  string   `json:"summary"`  // "3 generic-angle rejections"
	Reason   string   `json:"reason"`   // why no change could be worded
	Pieces   []int64  `json:"pieces"`   // the evidence
	Comments []string `json:"comments"` // reviewers' comments, as written (escape before display)
}

// UnwordedFinding is the finding behind a proposal the model could not word: what the evidence
// says, where it points, and why there is no change to apply.
func UnwordedFinding(p Change, err error) Unworded {
	var ev factualEvidence // the rejections of any mode, and the claim flags of a factual error
	_ = json.Unmarshal(p.Evidence, &ev)
	mode, _ := clientos.FailureModeByID(ev.Mode)
	u := Unworded{Rule: p.Rule, Document: p.Document, Section: mode.Section, Pieces: ev.Pieces,
		Summary: evidence.Plural(ev.Rejections, mode.Qualifier()+" rejection"), Reason: unwordedReason(err), Comments: []string{}}
	if len(ev.Claims) > 0 {
		claims := evidence.Plural(len(ev.Claims), "claim") + " the sources do not back"
		if u.Summary = u.Summary + " and " + claims; ev.Rejections == 0 {
			u.Summary = claims
		}
		for _, c := range ev.Claims {
			for _, id := range c.Pieces {
				if !slices.Contains(u.Pieces, id) {
					u.Pieces = append(u.Pieces, id)
				}
			}
		}
		slices.Sort(u.Pieces)
	}
	for _, it := range ev.Items {
		if c := strings.Join(strings.Fields(it.Comment), " "); c != "" && len(u.Comments) < 3 {
			u.Comments = append(u.Comments, evidence.Clip(c, 200))
		}
	}
	return u
}

// unwordedReason says in plain words why the model's answer gave no change.
func unwordedReason(err error) string {
	var bad *UnusableAnswer
	switch {
	case errors.As(err, &bad):
		return "the model's answer could not be used, twice: " + bad.Problem
	case errors.Is(err, llm.ErrInvalidOutput):
		return "the model did not answer with the JSON asked for, twice"
	case errors.Is(err, ErrNoModel):
		return "no language model is configured"
	case errors.Is(err, llm.ErrUnavailable), errors.Is(err, llm.ErrRejected):
		return "the model could not be reached (" + evidence.Clip(err.Error(), 200) + ")"
	}
	return evidence.Clip(err.Error(), 200)
}
