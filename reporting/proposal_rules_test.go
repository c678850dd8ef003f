package reporting

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/reporting/rules"
)

// rejectedSaying inserts an unpublished piece rejected with modes and a reviewer's comment.
func (f *fixture) rejectedSaying(modes []string, comment string, day int) int64 {
	f.t.Helper()
	id := f.addPiece(piece{Pillar: fasterClose, Brief: "a brief"})
	f.review(id, "rejected", modes, comment, at(day, 10))
	return id
}

// swapEdits records n pieces whose editors replaced avoid with prefer in AI text.
func (f *fixture) swapEdits(avoid, prefer string, n int) []int64 {
	f.t.Helper()
	var ids []int64
	for i := range n {
		id := f.addPiece(piece{Pillar: fasterClose})
		f.version(id, "ai", fmt.Sprintf("We %s finance teams to close in %d days.\nIt starts with the bank feed.", avoid, 5+i), at(i, 8))
		f.version(id, "human", fmt.Sprintf("We %s finance teams to close in %d days.\nIt starts with the bank feed.", prefer, 5+i), at(i, 9))
		ids = append(ids, id)
	}
	return ids
}

// runWeek stores the test week's report and returns it with its proposals.
func (f *fixture) runWeek() (Report, []Proposal) {
	f.t.Helper()
	id, err := f.r.RunWeek(f.ctx, f.client.ID, testWeek)
	require.NoError(f.t, err)
	return f.stored(id)
}

// runNow stores an on-demand report of the week the clock is in.
func (f *fixture) runNow() (Report, []Proposal) {
	f.t.Helper()
	id, err := f.r.RunNow(f.ctx, f.client.ID)
	require.NoError(f.t, err)
	return f.stored(id)
}

// stored reads the stored report id back with its proposals.
func (f *fixture) stored(id int64) (Report, []Proposal) {
	f.t.Helper()
	rep, ps, err := f.r.ReportByID(f.ctx, id)
	require.NoError(f.t, err)
	return rep, ps
}

func line(section, kind, text string, evidence ...int64) map[string]any {
	return map[string]any{"section": section, "kind": kind, "text": text, "evidence": evidence}
}

func voiceAnswer(t *testing.T, lines ...map[string]any) llmtest.Reply {
	return llmtest.JSON(t, map[string]any{"lines": lines, "rationale": "Answers the comments."})
}

func decisionsAnswer(t *testing.T, text string, evidence ...int64) llmtest.Reply {
	return llmtest.JSON(t, map[string]any{
		"decisions": []map[string]any{{"text": text, "evidence": evidence}}, "rationale": "Locks the count."})
}

func TestVoiceDriftProposesLinesAndSubstitutionsWithEvidence(t *testing.T) {
	t.Parallel()
	f := setup(t)
	german := f.rejectedSaying([]string{"voice_drift"}, "Zu werblich — so reden wir nicht mit Controllern.", 0)
	empty := f.rejectedSaying([]string{"voice_drift"}, "", 1)
	slack := f.rejectedSaying([]string{"voice_drift", "other"}, "<!channel> this is *way* too salesy, ask <@U0MARIA>", 2)
	swapped := f.swapEdits("empower", "help", 3)
	f.llm.Enqueue(voiceAnswer(t,
		line("Voice", "dont", "Promise to empower anyone; say which step of the close gets shorter.", german, swapped[0]),
		line("voice ", "do", "Write like a controller: the number first, then the step.", slack, empty)))

	rep, ps := f.runWeek()
	require.Len(t, ps, 1, "one proposal: the swap is a substitution, not a forbidden phrase; refused: %v", rep.Refused)
	p := ps[0]
	require.Equal(t, rules.VoiceDrift, p.Rule)
	require.Equal(t, "brand", p.Document)
	require.False(t, clientos.HasErrors(clientos.LintDocument("brand", p.NewContent)))
	o, _ := clientos.Parse(map[string]string{"brand": p.NewContent})
	require.Contains(t, o.Brand.Substitutions, clientos.Substitution{Avoid: "empower", Prefer: "help"})
	require.True(t, strings.HasSuffix(o.Brand.Voice,
		"- **Don't:** Promise to empower anyone; say which step of the close gets shorter.\n"+
			"- **Do:** Write like a controller: the number first, then the step."), o.Brand.Voice)
	orig := f.docContent("brand")
	require.Equal(t, orig[strings.Index(orig, "## ICP"):], p.NewContent[strings.Index(p.NewContent, "## ICP"):],
		"nothing after the Voice section changes")

	require.Contains(t, p.Preview, fmt.Sprintf("answers #%d rejected: “Zu werblich — so reden wir nicht mit Controllern.”; #%d edited:", german, swapped[0]))
	require.Contains(t, p.Preview, fmt.Sprintf("#%d rejected: “<!channel> this is *way* too salesy, ask <@U0MARIA>”; #%d rejected: (no comment)", slack, empty),
		"comments are shown as written; the Slack adapter escapes them")
	require.Contains(t, p.Preview, "+ empower → help   (swapped by editors in 3 pieces")
	require.Contains(t, p.Rationale, "3 pieces for voice drift")

	req := f.llm.Requests()[0]
	require.Contains(t, string(req.ResponseFormat), `"section":{"type":"string","enum":["Voice"]}`)
	require.Contains(t, string(req.ResponseFormat), fmt.Sprintf(`"enum":[%d,%d,%d,%d,%d,%d]`, german, empty, slack, swapped[0], swapped[1], swapped[2]))
	require.Contains(t, req.Last().Content, "Zu werblich", "comments in any language reach the model")
}

func TestWordSwapsAloneBecomeSubstitutionsWithoutTheModel(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.swapEdits("empower", "help", 3)
	f.swapEdits("utilise", "use", 2) // two pieces: below rules.SwapMinPieces
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	require.Equal(t, rules.VoiceDrift, ps[0].Rule)
	orig := f.docContent("brand")
	require.Equal(t, strings.Replace(orig, "  finance professionals: controllers and CFOs\n",
		"  finance professionals: controllers and CFOs\n  empower: help\n", 1), ps[0].NewContent)
	require.Zero(t, f.llm.Count(), "substitutions need no model")
}

func TestVoiceAnswerWithUnknownSectionIsRetriedThenShownAsFinding(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var ids []int64
	for i := range 3 {
		ids = append(ids, f.rejectedSaying([]string{"voice_drift"}, "too salesy", i))
	}
	f.swapEdits("empower", "help", 3)
	bad := voiceAnswer(t, line("Tone", "dont", "Sound like an ad.", ids[0]))
	f.llm.Enqueue(bad, bad)

	rep, ps := f.runWeek()
	require.Len(t, f.llm.Requests(), 2, "asked once more")
	require.Contains(t, f.llm.Requests()[1].Last().Content, `it named a section brand.md does not have: "Tone" (use one of: Voice)`)
	require.Len(t, rep.Unworded, 1)
	u := rep.Unworded[0]
	require.Equal(t, "3 voice-drift rejections", u.Summary)
	require.Equal(t, ids, u.Pieces)
	require.Contains(t, u.Reason, `"Tone"`)
	require.Len(t, ps, 1, "the substitutions need no model and are still proposed")
	require.Equal(t, rules.VoiceDrift, ps[0].Rule)
	require.NotContains(t, ps[0].Rationale, "do / don't lines")
	require.Equal(t, f.docContent("brand")[strings.Index(f.docContent("brand"), "---\n#"):],
		ps[0].NewContent[strings.Index(ps[0].NewContent, "---\n#"):], "the body is unchanged")
}

func TestFactualErrorsProposeLockedDecisions(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.rejectedSaying([]string{"factual_error"}, "We have 212 customers, not 300.", 0)
	b := f.rejectedSaying([]string{"factual_error"}, "212 customers. Never round up!", 1)
	c := f.rejectedSaying([]string{"factual_error"}, "Das Benchmark ist von 2026, nicht 2025.", 2)
	f.llm.Enqueue(decisionsAnswer(t, "We have 212 customers; never round up.", a, 9999), // a piece not in the evidence
		llmtest.JSON(t, map[string]any{"decisions": []map[string]any{
			{"text": "We have 212 customers; never round up.", "evidence": []int64{a, b}},
			{"text": "- The Close Benchmark is the 2026 edition.", "evidence": []int64{c}},
		}, "rationale": "Locks the count and the edition."}))

	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	p := ps[0]
	require.Equal(t, rules.FactualError, p.Rule)
	require.Equal(t, "decisions", p.Document)
	orig := f.docContent("decisions")
	require.Equal(t, orig+"- We have 212 customers; never round up.\n- The Close Benchmark is the 2026 edition.\n", p.NewContent)
	o, _ := clientos.Parse(map[string]string{"decisions": p.NewContent})
	require.Contains(t, o.Decisions, "We have 212 customers; never round up.")
	require.Contains(t, p.Preview, fmt.Sprintf("quotes #%d “We have 212 customers, not 300.”; #%d “212 customers. Never round up!”", a, b))
	require.Contains(t, p.Preview, fmt.Sprintf("quotes #%d “Das Benchmark ist von 2026, nicht 2025.”", c))
	require.Contains(t, p.Rationale, "Model's note: Locks the count and the edition.")
	reqs := f.llm.Requests()
	require.Len(t, reqs, 2)
	require.Contains(t, reqs[1].Last().Content, "cites piece #9999, which is not in the evidence")
}

func TestEmptyModelTextIsNeverProposed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var id int64
	for i := range 3 {
		id = f.rejectedSaying([]string{"factual_error"}, "wrong number", i)
	}
	empty := decisionsAnswer(t, "   ", id)
	f.llm.Enqueue(empty, empty)
	rep, ps := f.runWeek()
	require.Empty(t, ps)
	require.Len(t, rep.Unworded, 1)
	require.Contains(t, rep.Unworded[0].Reason, "empty text")
	require.Equal(t, []string{"wrong number", "wrong number", "wrong number"}, rep.Unworded[0].Comments)
}

func TestICPThatWouldBreakLintIsNeverProposed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 3 {
		f.rejected(fasterClose, []string{"off_icp"}, at(i, 10))
	}
	// An unclosed code fence swallows every section after the ICP, the sample posts included.
	broken := llmtest.JSON(t, map[string]string{"icp": "- **Who:** controllers\n```", "rationale": "x"})
	f.llm.Enqueue(broken, broken)
	rep, ps := f.runWeek()
	require.Empty(t, ps)
	require.Len(t, rep.Unworded, 1)
	require.Contains(t, rep.Unworded[0].Reason, "would break lint")
	require.Contains(t, f.llm.Requests()[1].Last().Content, "has no sample post", "the model is told which lint rule it broke")
}

func TestProgressShowsHowCloseEachModeIsToAProposal(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.rejectedSaying([]string{"voice_drift"}, "", 1)
	f.rejectedSaying([]string{"voice_drift", "off_icp"}, "", 2)
	f.rejectedSaying([]string{"off_icp"}, "", -9) // an earlier week of the window
	f.rejectedSaying([]string{"off_icp"}, "", 3)
	r := f.build()
	require.Equal(t, []ModeProgress{
		{Mode: "off_icp", Label: "off-ICP framing", Count: 3, Needed: 3, Document: "brand"},
		{Mode: "voice_drift", Label: "voice drift", Count: 2, Needed: 3, Document: "brand"},
	}, r.Failures.Progress)
	text := RenderText(r)
	require.Contains(t, text, "• voice drift: 2 of 3 rejections needed\n")
	require.Contains(t, text, "• off-ICP framing: 3 of 3 rejections needed — enough for a proposal to brand.md")
}

func TestSecondReportLinksTheOpenProposalAndNeverRepeatsAnAppliedOne(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.clock.Set(at(6, 20)) // Sunday evening of the test week: /mos report now covers it
	for i := range 3 {
		f.rejected(fasterClose, []string{"off_icp"}, at(i, 10))
	}
	icp := func(who string) llmtest.Reply {
		return llmtest.JSON(t, map[string]string{"icp": "- **Who:** " + who, "rationale": "Narrowed."})
	}
	f.llm.Enqueue(icp("Controllers at 200–2,000-person B2B firms."))
	first, ps := f.runNow()
	require.Len(t, ps, 1)

	second, ps2 := f.runNow()
	require.Empty(t, ps2, "not proposed twice")
	require.Equal(t, []OpenProposal{{ProposalID: ps[0].ID, Rule: rules.OffICP, Document: "brand", BaseVersion: 1,
		ReportKey: first.Key}}, second.Open)
	require.Contains(t, RenderText(second), fmt.Sprintf("Proposal #%d: edit brand.md (from v1) — off_icp — still open in report %s", ps[0].ID, first.Key))
	require.Equal(t, 1, f.llm.Count(), "no model call for a proposal already open")

	res, err := Apply(f.ctx, f.db.Pool, ps[0].ID, testApprover)
	require.NoError(t, err)
	require.Equal(t, 2, res.Version)
	third, ps3 := f.runNow()
	require.Empty(t, ps3)
	require.Empty(t, third.Open)
	require.Len(t, third.Refused, 1)
	require.Contains(t, third.Refused[0].Reason, fmt.Sprintf("the same evidence was applied as brand v2 by %s (proposal #%d)", testApprover, ps[0].ID))
	require.Equal(t, 1, f.llm.Count())

	f.rejected(fasterClose, []string{"off_icp"}, at(5, 10)) // new evidence
	f.llm.Enqueue(icp("Controllers and VPs of Finance at 200–2,000-person B2B firms."))
	_, ps4 := f.runNow()
	require.Len(t, ps4, 1)
	require.Equal(t, 2, ps4[0].BaseVersion)
	require.Equal(t, 2, f.llm.Count())
}

func TestTwoProposalsForOneDocumentTheSecondIsStaleAndRegenerates(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.clock.Set(at(6, 20))
	var voice []int64
	for i := range 3 {
		f.rejected(fasterClose, []string{"off_icp"}, at(i, 10))
		voice = append(voice, f.rejectedSaying([]string{"voice_drift"}, "too salesy", i))
	}
	icp := llmtest.JSON(t, map[string]string{"icp": "- **Who:** controllers.", "rationale": "Narrowed."})
	f.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if strings.Contains(string(r.ResponseFormat), "voice_lines_proposal") {
			return voiceAnswer(t, line("Voice", "dont", "Cheer.", voice[0]))
		}
		return icp
	})
	_, ps := f.runNow()
	require.Len(t, ps, 2)
	byRule := map[string]Proposal{ps[0].Rule: ps[0], ps[1].Rule: ps[1]}
	_, err := Apply(f.ctx, f.db.Pool, byRule[rules.VoiceDrift].ID, testApprover)
	require.NoError(t, err)
	_, err = Apply(f.ctx, f.db.Pool, byRule[rules.OffICP].ID, "UOTHER")
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	require.NoError(t, clientos.AddApprover(f.ctx, f.db.Pool, f.client.ID, "UOTHER", "test"))
	_, err = Apply(f.ctx, f.db.Pool, byRule[rules.OffICP].ID, "UOTHER")
	var stale *StaleError
	require.True(t, errors.As(err, &stale), "%v", err)
	require.Equal(t, 2, stale.Current)
	require.Equal(t, 2, f.docVersion("brand"), "the OS changed once")

	_, again := f.runNow()
	require.Len(t, again, 1, "the stale one is made again against v2; the applied one is not repeated")
	require.Equal(t, rules.OffICP, again[0].Rule)
	require.Equal(t, 2, again[0].BaseVersion)
	require.Contains(t, again[0].NewContent, "- **Don't:** Cheer.", "made on top of the applied change")
}

func TestEvidenceKeyIsStoredWithTheProposal(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.editDeleting("truly transformative", 3)
	_, ps := f.runWeek()
	require.Len(t, ps, 1)
	var ev struct {
		Key string `json:"key"`
	}
	require.NoError(t, json.Unmarshal(ps[0].Evidence, &ev))
	require.Len(t, ev.Key, 16)
	require.Equal(t, ev.Key, evidenceKeyOf(ps[0].Evidence))
}
