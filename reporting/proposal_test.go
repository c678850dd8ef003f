package reporting

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/reporting/rules"
)

// editDeleting records an AI draft and the human edit that deleted phrase from it.
func (f *fixture) editDeleting(phrase string, n int) {
	for i := range n {
		id := f.addPiece(piece{Pillar: fasterClose})
		f.version(id, "ai", fmt.Sprintf("Our close playbook %d is %s for finance teams.\nIt starts with the bank feed.", i, phrase), at(i, 8))
		f.version(id, "human", fmt.Sprintf("Our close playbook %d helps finance teams.\nIt starts with the bank feed.", i), at(i, 9))
	}
}

func onlyProposal(t *testing.T, r Report, rule string) Proposal {
	t.Helper()
	var found []Proposal
	for _, p := range r.Proposals {
		if p.Rule == rule {
			found = append(found, p)
		}
	}
	require.Len(t, found, 1, "want one %s proposal; refused: %v", rule, r.Refused)
	return found[0]
}

// proposalOf is the proposal of rule among ps (the last, if several), failing with msg if there
// is none.
func proposalOf(t *testing.T, ps []Proposal, rule, msg string) *Proposal {
	t.Helper()
	var found *Proposal
	for i := range ps {
		if ps[i].Rule == rule {
			found = &ps[i]
		}
	}
	require.NotNil(t, found, msg)
	return found
}

func hasRule(r Report, rule string) bool {
	for _, p := range r.Proposals {
		if p.Rule == rule {
			return true
		}
	}
	return false
}

func TestProposalDeletedPhraseAddsItToForbidden(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.editDeleting("truly transformative", 3)
	r := f.build()
	p := onlyProposal(t, r, rules.DeletedPhrase)
	require.Equal(t, "brand", p.Document)
	require.Equal(t, 1, p.BaseVersion)
	orig := f.docContent("brand")
	want := strings.Replace(orig, "  - single source of truth\n", "  - single source of truth\n  - truly transformative\n", 1)
	require.Equal(t, want, p.NewContent, "only the new list item is added; the rest is byte-identical")
	require.False(t, clientos.HasErrors(clientos.LintDocument("brand", p.NewContent)))
	require.Contains(t, p.Preview, `+ "truly transformative"   (deleted by editors in 3 pieces`)
	var ev struct {
		Phrases []struct {
			Pieces  []int64 `json:"pieces"`
			Example string  `json:"example"`
		} `json:"phrases"`
	}
	require.NoError(t, json.Unmarshal(p.Evidence, &ev))
	require.Len(t, ev.Phrases, 1)
	require.Len(t, ev.Phrases[0].Pieces, 3)
	require.Contains(t, ev.Phrases[0].Example, "is truly transformative for finance teams")
}

func TestProposalDeletedPhraseBelowThreshold(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.editDeleting("truly transformative", 2)
	r := f.build()
	require.False(t, hasRule(r, rules.DeletedPhrase))
}

// publishMix publishes pieces in the test week by pillar.
func (f *fixture) publishMix(counts map[string]int) {
	n := 0
	for _, pl := range []string{fasterClose, audit, lean, benchmark, stories, "Alpha", "Beta", "Gamma"} {
		for range counts[pl] {
			f.addPiece(piece{Pillar: pl, Published: day(n % 7)})
			n++
		}
	}
}

func weightsOf(t *testing.T, content string) map[string]float64 {
	t.Helper()
	o, fs := clientos.Parse(map[string]string{"pillars": content})
	require.False(t, clientos.HasErrors(fs), "%v", fs)
	out := map[string]float64{}
	sum := 0.0
	for _, p := range o.Pillars {
		out[p.Name] = p.Weight
		sum += p.Weight
	}
	require.Equal(t, 100.0, sum)
	return out
}

func TestProposalWeightsKeepSumAt100AndLintClean(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.publishMix(map[string]int{fasterClose: 5, audit: 2, lean: 2, benchmark: 1})
	r := f.build()
	p := onlyProposal(t, r, rules.PillarWeights)
	require.Equal(t, "pillars", p.Document)
	// Faster close 50% vs 30 -> 40; Customer stories 0% vs 10 -> 5; the rest absorb 55 points in
	// proportion to 25:20:15 (22.9, 18.3, 13.75 -> 23, 18, 14).
	require.Equal(t, map[string]float64{fasterClose: 40, audit: 23, lean: 18, benchmark: 14, stories: 5}, weightsOf(t, p.NewContent))
	require.False(t, clientos.HasErrors(clientos.LintDocument("pillars", p.NewContent)))
	orig := f.docContent("pillars")
	origLines, newLines := strings.Split(orig, "\n"), strings.Split(p.NewContent, "\n")
	require.Len(t, newLines, len(origLines))
	changed := 0
	for i := range origLines {
		if origLines[i] != newLines[i] {
			changed++
			require.Contains(t, origLines[i], "weight:", "only weight lines change")
		}
	}
	require.Equal(t, 5, changed)
	require.Contains(t, p.Preview, "Faster close: 30 → 40   (published 50% of 10 pieces against a 30% weight)")
	require.Contains(t, p.Rationale, "keep the sum at exactly 100")
}

func TestProposalWeightsNeedEnoughPieces(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.publishMix(map[string]int{fasterClose: 7})
	require.False(t, hasRule(f.build(), rules.PillarWeights), "7 pieces are below rules.MinWeightSample")
}

func TestProposalWeightsFromResults(t *testing.T) {
	t.Parallel()
	f := setup(t)
	// A mix within 10 points of every weight (4/4/3/2/3 of 16), but Customer stories far ahead:
	// its median is 9% against 2% overall, so it gains 5 points and the others give them up.
	mix := []struct {
		pillar string
		er     []int64 // reactions per 100 impressions
	}{{fasterClose, []int64{2, 2, 2, 2}}, {audit, []int64{2, 2, 3, 3}}, {lean, []int64{2, 2, 2}}, {benchmark, []int64{2, 2}}, {stories, []int64{9, 9, 9}}}
	n := 0
	for _, m := range mix {
		for _, er := range m.er {
			id := f.addPiece(piece{Pillar: m.pillar, Published: day(n % 7)})
			f.snapshot(id, day(6), Metrics{Impressions: i64(100), Reactions: i64(er)})
			n++
		}
	}
	p := onlyProposal(t, f.build(), rules.PillarWeights)
	require.Equal(t, map[string]float64{fasterClose: 28, audit: 24, lean: 19, benchmark: 14, stories: 15}, weightsOf(t, p.NewContent))
	require.Contains(t, p.Preview, "median engagement 9.0% vs 2.0% overall")
}

func TestProposalRefusedWhenItWouldBreakLint(t *testing.T) {
	t.Parallel()
	f := setup(t)
	// A pillars.md stored before today's lint rules: three pillars (lint wants 4 to 6).
	legacy := "---\npillars:\n  - name: Alpha\n    weight: 50\n    description: a\n  - name: Beta\n    weight: 30\n    description: b\n" +
		"  - name: Gamma\n    weight: 20\n    description: c\n---\n"
	_, err := f.db.Pool.Exec(f.ctx, `INSERT INTO os_versions (client_id, document, version, content, content_hash, author, reason)
		VALUES ($1, 'pillars', 2, $2, $3, 'legacy', 'before lint')`, f.client.ID, legacy, clientos.ContentHash(legacy))
	require.NoError(t, err)
	f.publishMix(map[string]int{"Alpha": 10})
	r := f.build()
	require.False(t, hasRule(r, rules.PillarWeights), "never created")
	require.Len(t, r.Refused, 1)
	require.Equal(t, rules.PillarWeights, r.Refused[0].Rule)
	require.Contains(t, r.Refused[0].Reason, "would break lint")
	require.Contains(t, r.Refused[0].Reason, "has 3 pillars")
	require.Contains(t, RenderText(r), "Changes not proposed")

	id, err := f.r.RunWeek(f.ctx, f.client.ID, testWeek)
	require.NoError(t, err)
	require.Zero(t, f.count(`SELECT count(*) FROM proposals WHERE report_id = $1`, id))
}

func TestProposalOffICPIsWordedByTheModel(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 3 {
		f.rejected(fasterClose, []string{"off_icp"}, at(i, 10))
	}
	r := f.build()
	cand := onlyProposal(t, r, rules.OffICP)
	require.True(t, cand.NeedsDraft)
	require.Empty(t, cand.NewContent)

	newICP := "- **Who:** Controllers and VPs of Finance at B2B companies with 200–2,000 employees.\n- **Not:** startups, accounting firms."
	f.llm.Enqueue(llmtest.JSON(t, map[string]string{"icp": newICP, "rationale": "Narrowed to controllers."}))
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	p := ps[0]
	require.Equal(t, rules.OffICP, p.Rule)
	orig := f.docContent("brand")
	head, tail := orig[:strings.Index(orig, "## ICP")], orig[strings.Index(orig, "## Services"):]
	require.Equal(t, head+"## ICP\n\n"+newICP+"\n\n"+tail, p.NewContent, "only the ICP section's body changes")
	require.Contains(t, p.Rationale, "3 pieces as off-ICP framing")
	require.Contains(t, p.Rationale, "Narrowed to controllers.")
	require.Contains(t, p.Preview, "+ - **Not:** startups, accounting firms.")
	require.Contains(t, string(p.Evidence), `"rejections": 3`)

	reqs := f.llm.Requests()
	require.Len(t, reqs, 1)
	require.Contains(t, reqs[0].Last().Content, "reads like it is for someone else", "the evidence goes to the model")
	require.Contains(t, reqs[0].Messages[0].Content, "Acme Ledger", "the OS is the system prompt")
	require.Equal(t, 1, f.count(`SELECT count(*) FROM llm_calls WHERE purpose = 'proposal' AND status = 'ok'`))
}

func TestProposalOffICPBelowThreshold(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.rejected(fasterClose, []string{"off_icp"}, at(1, 10))
	f.rejected(fasterClose, []string{"off_icp"}, at(2, 10))
	f.rejected(fasterClose, []string{"generic_angle"}, at(2, 10))
	f.rejected(fasterClose, []string{"generic_angle"}, at(3, 10))
	r := f.build()
	require.False(t, hasRule(r, rules.OffICP))
	require.False(t, hasRule(r, rules.GenericAngle))
}

func TestProposalGenericAngleSharpensPillarDescriptions(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.rejected(fasterClose, []string{"generic_angle"}, at(0, 10))
	f.rejected(fasterClose, []string{"generic_angle", "voice_drift"}, at(1, 10))
	f.rejected(audit, []string{"generic_angle"}, at(-10, 10)) // two weeks earlier: still in the window
	newDesc := "Named steps that cut close days: nightly bank matching, weekly intercompany, one owner per task — with before/after day counts."
	f.llm.Enqueue(llmtest.JSON(t, map[string]any{ // a pillar that does not exist: asked again
		"pillars":   []map[string]string{{"name": fasterClose, "description": newDesc}, {"name": "Unknown", "description": "x"}},
		"rationale": "Ties the pillar to measurable steps.",
	}), llmtest.JSON(t, map[string]any{
		"pillars":   []map[string]string{{"name": fasterClose, "description": newDesc}},
		"rationale": "Ties the pillar to measurable steps.",
	}))
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	p := ps[0]
	require.Equal(t, rules.GenericAngle, p.Rule)
	o, fs := clientos.Parse(map[string]string{"pillars": p.NewContent})
	require.False(t, clientos.HasErrors(fs))
	require.Equal(t, newDesc, o.Pillars[0].Description)
	require.Equal(t, 30.0, o.Pillars[0].Weight)
	orig := f.docContent("pillars")
	origO, _ := clientos.Parse(map[string]string{"pillars": orig})
	for i := 1; i < len(o.Pillars); i++ {
		require.Equal(t, origO.Pillars[i], o.Pillars[i])
	}
	require.Equal(t, len(strings.Split(orig, "\n")), len(strings.Split(p.NewContent, "\n")))
	reqs := f.llm.Requests()
	require.Len(t, reqs, 2)
	require.Contains(t, reqs[0].Last().Content, "Faster close, Audit-ready reconciliation")
	require.Contains(t, string(reqs[0].ResponseFormat), `"enum":["Faster close","Audit-ready reconciliation"]`,
		"the model can only name the pillars to sharpen")
	require.Contains(t, reqs[1].Last().Content, `Your previous answer could not be used: it named a pillar that is not one of those to sharpen: "Unknown"`)
	require.Contains(t, p.Preview, "#")
	require.Contains(t, p.Preview, "Evidence:")
}

func TestProposalModelFailureIsListedNotFatal(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 3 {
		f.rejected(fasterClose, []string{"off_icp"}, at(i, 10))
	}
	f.llm.Enqueue(llmtest.Reply{Status: 500, Content: "boom"})
	rep, ps := f.runWeek()
	require.Empty(t, ps)
	require.Empty(t, rep.Refused)
	require.Len(t, rep.Unworded, 1, "the finding is shown, not dropped")
	require.Equal(t, "3 off-ICP rejections", rep.Unworded[0].Summary)
	require.Contains(t, rep.Unworded[0].Reason, "the model could not be reached")
	require.Contains(t, RenderText(rep), "3 off-ICP rejections point at brand.md (## ICP) — I couldn't word a change")
	require.Equal(t, 1, f.count(`SELECT count(*) FROM llm_calls WHERE purpose = 'proposal' AND status = 'error'`))
}

func TestDismissedProposalIsNotProposedAgain(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.editDeleting("truly transformative", 3)
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	res, err := Dismiss(f.ctx, f.db.Pool, ps[0].ID, testApprover)
	require.NoError(t, err)
	require.Equal(t, "dismissed by UAPPROVER", res.String())
	r := f.build()
	require.Empty(t, r.Proposals)
	require.Len(t, r.Refused, 1)
	require.Contains(t, r.Refused[0].Reason, "was dismissed by UAPPROVER")
}
