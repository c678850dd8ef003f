package reporting

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// Section is one part of a report as posted: the headline is the parent message, every other
// section a reply in its thread (proposals one reply each, with Apply and Dismiss buttons).
type Section struct {
	Kind       string // headline, pillars, baseline, sources, failures, better, effects, proposal, unworded, open, refused, footer
	Title      string
	Text       string
	ProposalID int64 // for Kind "proposal" once stored
	// Unworded is the finding of Kind "unworded"; Open the proposals of Kind "open". Adapters may
	// word them their own way (with their own command to edit a document, links to messages).
	Unworded *Unworded
	Open     []OpenProposal
}

// Sections splits a report into what the Slack thread posts, in order. Text is plain (no markup);
// the adapter escapes and formats it.
func Sections(r Report) []Section {
	out := []Section{{Kind: "headline", Title: "Weekly report " + r.Week.Key(), Text: r.Headline}}
	if r.Empty {
		return append(out, Section{Kind: "footer", Title: "How to read this", Text: r.Footer})
	}
	out = append(out,
		Section{Kind: "pillars", Title: "Pillar mix vs target weights", Text: pillarText(r)},
		Section{Kind: "baseline", Title: "AI-assisted vs human-only baseline", Text: baselineText(r.Baseline, r.commands)},
		Section{Kind: "sources", Title: "Source types that work", Text: sourcesText(r.SourceTypes)},
		Section{Kind: "failures", Title: "Top failure modes and the OS document each points to", Text: failuresText(r.Failures)},
		Section{Kind: "adherence", Title: "Cadence: planned vs published", Text: adherenceText(r.Adherence)},
	)
	out = append(out, betterSections(r)...)
	for _, p := range r.Proposals {
		out = append(out, Section{Kind: "proposal", Title: proposalTitle(p), Text: proposalText(p), ProposalID: p.ID})
	}
	for i := range r.Unworded {
		u := &r.Unworded[i]
		out = append(out, Section{Kind: "unworded", Title: UnwordedTitle(*u), Text: UnwordedText(*u, "edit "+clientosFile(u.Document)+" by hand"), Unworded: u})
	}
	if len(r.Open) > 0 {
		var b strings.Builder
		for _, o := range r.Open {
			fmt.Fprintf(&b, "• %s — still open in report %s; apply or dismiss it there.\n", OpenTitle(o), o.ReportKey)
		}
		out = append(out, Section{Kind: "open", Title: "Already proposed, still open", Text: strings.TrimRight(b.String(), "\n"), Open: r.Open})
	}
	if len(r.Refused) > 0 {
		var b strings.Builder
		for _, f := range r.Refused {
			reason := f.Reason
			if f.Again && r.commands.ReportNow != "" {
				reason += " or " + r.commands.ReportNow
			}
			fmt.Fprintf(&b, "• %s (%s): %s\n", f.Rule, f.Document, reason)
		}
		out = append(out, Section{Kind: "refused", Title: "Changes not proposed", Text: strings.TrimRight(b.String(), "\n")})
	}
	return append(out, Section{Kind: "footer", Title: "How to read this", Text: r.Footer})
}

// RenderText is the report for the terminal: the same content as the Slack thread.
func RenderText(r Report) string {
	var b strings.Builder
	for i, s := range Sections(r) {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "== %s ==\n%s\n", s.Title, s.Text)
	}
	return b.String()
}

// JSON is the report as indented JSON, for scripts (mos report --json).
func JSON(r Report) ([]byte, error) {
	return json.MarshalIndent(r, "", "  ")
}

func pillarText(r Report) string {
	if len(r.PillarMix) == 0 {
		return "No pillars: pillars.md is missing and no published piece names one."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d published this week.\n", r.Totals.Published)
	for _, p := range r.PillarMix {
		target := evidence.Points(p.Target) + "%"
		if !p.InOS {
			target = "not in pillars.md"
		}
		fmt.Fprintf(&b, "• %s — target %s, actual %s%% (%s), %s; median engagement %s (%d with results)\n",
			p.Pillar, target, evidence.Points(p.Share), signedPoints(p.Delta), evidence.Plural(p.Pieces, "piece"), evidence.Pct(p.MedianER), p.WithResults)
	}
	return strings.TrimRight(b.String(), "\n")
}

func baselineText(b Baseline, c Commands) string {
	s := fmt.Sprintf("AI-assisted: %s, %d with results, median engagement %s.\nHuman-only: %s, %d with results, median engagement %s.",
		evidence.Plural(b.AI.Pieces, "piece"), b.AI.WithResults, evidence.Pct(b.AI.MedianER),
		evidence.Plural(b.Human.Pieces, "piece"), b.Human.WithResults, evidence.Pct(b.Human.MedianER))
	if a := b.Agent; a != nil {
		s += fmt.Sprintf("\nAgent-made (logged by AI agents over MCP): %s, %d with results, median engagement %s.",
			evidence.Plural(a.Pieces, "piece"), a.WithResults, evidence.Pct(a.MedianER))
	}
	if b.TooLittleData {
		s += fmt.Sprintf("\nToo little data to compare: each side needs at least %d pieces with results.", MinBaseline)
		if c.LogHuman != "" && c.EnterResults != "" {
			s += fmt.Sprintf(" Log human-only pieces with %s and enter results with %s.", c.LogHuman, c.EnterResults)
		}
		return s
	}
	if b.Lift != nil {
		s += fmt.Sprintf("\nAI-assisted pieces run %+.0f%% against the human-only median; %d beat it, %d trail it.", *b.Lift*100, b.Beat, b.Trail)
	}
	return s
}

func sourcesText(rows []SourceRow) string {
	if len(rows) == 0 {
		return "No published pieces this week."
	}
	var b strings.Builder
	for _, s := range rows {
		fmt.Fprintf(&b, "• %s — %s, median engagement %s (%d with results)\n", s.SourceType, evidence.Plural(s.Pieces, "piece"), evidence.Pct(s.MedianER), s.WithResults)
	}
	return strings.TrimRight(b.String(), "\n")
}

func failuresText(f Failures) string {
	var b strings.Builder
	if f.Rejections == 0 {
		b.WriteString("No rejections this week.\n")
	} else {
		fmt.Fprintf(&b, "%s this week:\n", evidence.Plural(f.Rejections, "rejection"))
	}
	for _, m := range f.Modes {
		where := "no single document; " + m.Section
		if m.Document != "" {
			where = clientosFile(m.Document) + " — " + m.Section
		}
		fmt.Fprintf(&b, "• %s: %d → %s\n", m.Label, m.Count, where)
	}
	if len(f.Progress) > 0 {
		fmt.Fprintf(&b, "How close each mode is to a proposal (rejections over the last %d weeks):\n", evidence.Weeks)
		for _, p := range f.Progress {
			if p.Count >= p.Needed {
				fmt.Fprintf(&b, "• %s: %d of %d rejections needed — enough for a proposal to %s\n", p.Label, p.Count, p.Needed, clientosFile(p.Document))
			} else {
				fmt.Fprintf(&b, "• %s: %d of %d rejections needed\n", p.Label, p.Count, p.Needed)
			}
		}
	}
	fmt.Fprintf(&b, "Human edits of AI text: %s across %s.\n", evidence.Plural(f.Edits, "edit"), evidence.Plural(f.EditedPieces, "piece"))
	if len(f.Checks) == 0 {
		b.WriteString("Check findings left on generated versions: none.")
	} else {
		b.WriteString("Check findings left on generated versions:")
		for _, c := range f.Checks {
			doc := c.Document
			if doc == "" {
				doc = "—"
			}
			fmt.Fprintf(&b, "\n• %s: %d → %s", c.Kind, c.Count, doc)
		}
	}
	return b.String()
}

func clientosFile(doc string) string { return doc + ".md" }

func proposalTitle(p Proposal) string {
	id := "Proposed"
	if p.ID > 0 {
		id = fmt.Sprintf("Proposal #%d", p.ID)
	}
	return fmt.Sprintf("%s: edit %s (from v%d) — %s", id, clientosFile(p.Document), p.BaseVersion, p.Rule)
}

func proposalText(p Proposal) string {
	s := p.Rationale
	switch {
	case p.NeedsDraft:
		s += "\n(The model words this change when the report is posted.)"
	case p.Preview != "":
		s += "\n" + p.Preview
	}
	if p.State != "" && p.State != StateOpen {
		s += "\nState: " + string(p.State)
		if p.DecidedBy != "" {
			s += " by " + p.DecidedBy
		}
		if p.AppliedVersion > 0 {
			s += fmt.Sprintf(" as v%d", p.AppliedVersion)
		}
	}
	return s
}

// UnwordedTitle heads an unworded finding: "No proposal: generic angle → pillars.md".
func UnwordedTitle(u Unworded) string {
	mode, _ := clientos.FailureModeByID(u.Rule)
	return "No proposal: " + mode.InText() + " → " + clientosFile(u.Document)
}

// UnwordedText says what the finding is, that no change could be worded and why, then its
// evidence; fix is what the reader can do instead ("edit pillars.md by hand").
func UnwordedText(u Unworded, fix string) string {
	s := fmt.Sprintf("%s point at %s", u.Summary, clientosFile(u.Document))
	if u.Section != "" {
		s += " (" + u.Section + ")"
	}
	s += " — I couldn't word a change; " + fix + ".\nWhy: " + u.Reason + "."
	if len(u.Pieces) > 0 {
		s += "\nEvidence: pieces " + evidence.PieceIDs(u.Pieces)
		for _, c := range u.Comments {
			s += "\n• “" + c + "”"
		}
	}
	return s
}

// OpenTitle names an open proposal: "Proposal #5: edit brand.md (from v1) — voice_drift".
func OpenTitle(o OpenProposal) string {
	return fmt.Sprintf("Proposal #%d: edit %s (from v%d) — %s", o.ProposalID, clientosFile(o.Document), o.BaseVersion, o.Rule)
}

// ProposalSection is how a proposal reads in the report thread, for redrawing its message after a
// decision.
func ProposalSection(p Proposal) Section {
	return Section{Kind: "proposal", Title: proposalTitle(p), Text: proposalText(p), ProposalID: p.ID}
}

// orList joins the non-empty alternatives with "or".
func orList(alts ...string) string {
	var kept []string
	for _, a := range alts {
		if a != "" {
			kept = append(kept, a)
		}
	}
	return strings.Join(kept, " or ")
}
