package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
)

const (
	maxDecisions     = 5
	maxDecisionChars = 300
)

type decisionsDraft struct {
	Decisions []struct {
		Text     string  `json:"text"`
		Evidence []int64 `json:"evidence"`
		Claims   []int   `json:"claims"`
	} `json:"decisions"`
	Rationale string `json:"rationale"`
}

// decisionsSchema lets the model cite only the pieces rejected and the claims flagged in the
// evidence: an empty list allows no citation of that kind.
func decisionsSchema(pieces []int64, claims []claimEvidence) *llm.Schema {
	nums := make([]int, len(claims))
	for i, c := range claims {
		nums[i] = c.N
	}
	return schema("locked_decisions_proposal", `{"rationale":{"type":"string"},"decisions":{"type":"array","items":{
		"type":"object","additionalProperties":false,"required":["text","evidence","claims"],"properties":{
		"text":{"type":"string"},"evidence":`+citations(pieces)+`,"claims":`+citations(nums)+`}}}}`,
		"decisions", "rationale")
}

// citations is the schema of a list of numbers chosen from values; none allowed when it is empty.
func citations[T int | int64](values []T) string {
	if len(values) == 0 {
		return `{"type":"array","maxItems":0,"items":{"type":"integer"}}`
	}
	return `{"type":"array","items":{"type":"integer","enum":` + enumJSON(values) + `}}`
}

// decisionsWording asks for locked decisions that state the correct facts, each citing the
// rejections it answers; they are added as bullets at the end of decisions.md.
func decisionsWording(content string, p *Change) (wording[decisionsDraft], error) {
	var ev factualEvidence
	if err := json.Unmarshal(p.Evidence, &ev); err != nil {
		return wording[decisionsDraft]{}, fmt.Errorf("read evidence: %w", err)
	}
	o, _ := clientos.Parse(map[string]string{clientos.DocDecisions: content})
	user := "Task: add locked decisions to decisions.md that state the correct facts, so future drafts stop getting them wrong.\n" +
		"Reviewers rejected pieces for factual errors; their comments (below) say what was wrong and, often, what is right.\n" +
		"The evidence may also list claim_flags: claims drafts made that their sources do not back, numbered n, which " +
		"recurred or sat in rejected pieces. For such a claim, state the correct fact if a comment gives it; otherwise " +
		"lock that the claim is not made until a source backs it (e.g. \"Never cite '87% of CFOs'; no source we hold says it.\").\n" +
		fmt.Sprintf("Write 1 to %d decisions. Each states one correct fact as a rule a writer follows (e.g. \"We have 212 "+
			"customers; never round up.\"), at most %d characters, only facts the evidence gives — never guess a number — "+
			"and not repeating a decision already listed.\n", maxDecisions, maxDecisionChars) +
		"Answer JSON: {\"decisions\": [{\"text\": the decision, \"evidence\": the rejected piece numbers whose comments it " +
		"answers, \"claims\": the n of the claim flags it answers; at least one citation in all}], \"rationale\": one or " +
		"two sentences}.\n\nCurrent decisions:\n" + bulletList(o.Decisions) +
		"\nEvidence:\n" + string(p.Evidence)
	build := func(out decisionsDraft) (worded, error) {
		return buildDecisions(out, ev, o.Decisions, content)
	}
	return wording[decisionsDraft]{user: user, schema: decisionsSchema(ev.Pieces, ev.Claims), build: build}, nil
}

func buildDecisions(out decisionsDraft, ev factualEvidence, existing []string, content string) (worded, error) {
	if len(out.Decisions) > maxDecisions {
		return worded{}, unusable("it gave %d decisions; at most %d", len(out.Decisions), maxDecisions)
	}
	var lines []string
	var preview strings.Builder
	preview.WriteString("decisions.md — add locked decisions:\n")
	for _, d := range out.Decisions {
		text, err := plainLine(strings.TrimPrefix(strings.TrimSpace(d.Text), "- "), maxDecisionChars, "a decision")
		if err != nil {
			return worded{}, err
		}
		if len(d.Evidence)+len(d.Claims) == 0 {
			return worded{}, unusable("the decision %q names no evidence", text)
		}
		if err := checkCitedPieces("the decision", text, d.Evidence, ev.Pieces); err != nil {
			return worded{}, err
		}
		for _, n := range d.Claims {
			if !slices.ContainsFunc(ev.Claims, func(c claimEvidence) bool { return c.N == n }) {
				return worded{}, unusable("the decision %q cites claim %d, which is not in the evidence", text, n)
			}
		}
		if slices.ContainsFunc(existing, func(e string) bool { return strings.EqualFold(e, text) }) {
			continue
		}
		existing = append(existing, text)
		lines = append(lines, "- "+text)
		fmt.Fprintf(&preview, "+ - %s\n    quotes %s\n", text, quoteEvidence(ev, d.Evidence, d.Claims))
	}
	if len(lines) == 0 {
		return worded{}, unusable("it gave no decision decisions.md does not already have")
	}
	newContent := strings.TrimRight(content, "\n") + "\n" + strings.Join(lines, "\n") + "\n"
	return worded{content: newContent, preview: strings.TrimRight(preview.String(), "\n"), note: out.Rationale}, nil
}

// checkCitedPieces refuses a line the model wrote (what: "the line", text: its text) when it cites
// a piece that is not among the pieces of the evidence.
func checkCitedPieces(what, text string, cited, pieces []int64) error {
	for _, id := range cited {
		if !slices.Contains(pieces, id) {
			return unusable("%s %q cites piece #%d, which is not in the evidence", what, text, id)
		}
	}
	return nil
}

// quoteEvidence quotes the comment of each cited rejection and each cited claim.
func quoteEvidence(ev factualEvidence, ids []int64, claims []int) string {
	var parts []string
	if len(ids) > 0 {
		parts = append(parts, quoteRejections(ev.proseEvidence, ids))
	}
	for _, n := range claims {
		for _, c := range ev.Claims {
			if c.N == n {
				parts = append(parts, claimLine(c))
			}
		}
	}
	return strings.Join(parts, "; ")
}

// quoteRejections quotes the comment of each cited piece.
func quoteRejections(ev proseEvidence, ids []int64) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		part := fmt.Sprintf("#%d", id)
		for _, it := range ev.Items {
			if it.PieceID == id {
				part += " " + quoteComment(it.Comment)
				break
			}
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

func bulletList(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	if b.Len() == 0 {
		return "(none)\n"
	}
	return b.String()
}
