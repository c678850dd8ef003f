package reporting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
)

// PurposeProposal labels the model calls that word proposals.
const PurposeProposal = "proposal"

const maxDescriptionChars = 400

var icpSchema = &llm.Schema{
	Name: "icp_proposal",
	JSON: json.RawMessage(`{"type":"object","additionalProperties":false,"required":["icp","rationale"],
		"properties":{"icp":{"type":"string"},"rationale":{"type":"string"}}}`),
	Required: []string{"icp", "rationale"},
}

var pillarsSchema = &llm.Schema{
	Name: "pillar_descriptions_proposal",
	JSON: json.RawMessage(`{"type":"object","additionalProperties":false,"required":["pillars","rationale"],
		"properties":{"rationale":{"type":"string"},"pillars":{"type":"array","items":{"type":"object",
		"additionalProperties":false,"required":["name","description"],
		"properties":{"name":{"type":"string"},"description":{"type":"string"}}}}}}`),
	Required: []string{"pillars", "rationale"},
}

type icpDraft struct {
	ICP       string `json:"icp"`
	Rationale string `json:"rationale"`
}

type pillarsDraft struct {
	Pillars []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"pillars"`
	Rationale string `json:"rationale"`
}

// draft asks the model to word a prose proposal, then builds its new content and preview. The
// evidence stays what the rule computed; the model only writes the text.
func (r *Reporter) draft(ctx context.Context, db database.DBTX, snap clientos.Snapshot, p *Proposal) error {
	if r.llm == nil {
		return errors.New("no language model is configured")
	}
	base := snap.Docs[p.Document]
	if base.Version != p.BaseVersion {
		return fmt.Errorf("%s changed while the report was being made", p.Document)
	}
	rendered, err := snap.Render()
	if err != nil {
		return fmt.Errorf("render the Client OS for the model: %w", err) // never word a change without it
	}
	system := rendered.Text
	switch p.Rule {
	case RuleOffICP:
		err = r.draftICP(ctx, db, system, base.Content, p)
	case RuleGenericAngle:
		err = r.draftPillars(ctx, db, system, base.Content, p)
	default:
		err = fmt.Errorf("rule %s has no prose to draft", p.Rule)
	}
	if err != nil {
		return err
	}
	p.NeedsDraft = false
	return nil
}

func (r *Reporter) draftICP(ctx context.Context, db database.DBTX, system, content string, p *Proposal) error {
	from, to, ok := findSection(content, isICPHeading)
	if !ok {
		return errors.New("brand.md has no ## ICP section")
	}
	old := strings.TrimSpace(content[from:to])
	user := "Task: rewrite the ICP section of brand.md so future drafts stop missing the ideal customer.\n" +
		"Reviewers rejected pieces as off-ICP framing; the evidence (pieces, briefs, reviewers' comments, counts) is below.\n" +
		"Keep what is right, make who the reader is — and is not — more precise, in the same Markdown style " +
		"(bullets with bold labels where the current section uses them), under 1500 characters.\n" +
		"Answer JSON: {\"icp\": the new section body without the \"## ICP\" heading, \"rationale\": one or two " +
		"sentences on what you changed and which evidence it answers}.\n\nCurrent ICP section:\n" + old +
		"\n\nEvidence:\n" + string(p.Evidence)
	var out icpDraft
	if err := r.complete(ctx, db, system, user, icpSchema, &out); err != nil {
		return err
	}
	section := strings.TrimSpace(out.ICP)
	section = strings.TrimSpace(strings.TrimPrefix(section, "## ICP"))
	if section == "" || strings.Contains(section, "\n## ") || strings.HasPrefix(section, "## ") {
		return errors.New("the model's ICP section was empty or contained other sections")
	}
	p.NewContent = replaceSection(content, from, to, section)
	p.Rationale += " Model's note: " + strings.TrimSpace(out.Rationale)
	p.Preview = "brand.md — ## ICP:\n" + lineDiff(old, section, 14)
	return nil
}

func (r *Reporter) draftPillars(ctx context.Context, db database.DBTX, system, content string, p *Proposal) error {
	var ev proseEvidence
	if err := json.Unmarshal(p.Evidence, &ev); err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	o, _ := clientos.Parse(map[string]string{clientos.DocPillars: content})
	current := map[string]string{}
	var list strings.Builder
	for _, pl := range o.Pillars {
		current[pillarKey(pl.Name)] = pl.Description
		fmt.Fprintf(&list, "- %s (weight %s): %s\n", pl.Name, points(pl.Weight), pl.Description)
	}
	user := "Task: sharpen the descriptions of these pillars in pillars.md: " + strings.Join(ev.Pillars, ", ") + ".\n" +
		"Reviewers rejected pieces for generic angles; the evidence is below. Each description should name the " +
		"specific claims, numbers, situations and readers that belong in the pillar, so an angle anyone could write " +
		"does not fit. One or two sentences each, at most 400 characters.\n" +
		"Answer JSON: {\"pillars\": [{\"name\": exactly as listed, \"description\": the new description}], " +
		"\"rationale\": one or two sentences on what changed and which evidence it answers}.\n\nCurrent pillars:\n" +
		list.String() + "\nEvidence:\n" + string(p.Evidence)
	var out pillarsDraft
	if err := r.complete(ctx, db, system, user, pillarsSchema, &out); err != nil {
		return err
	}
	values := map[string]string{}
	var preview strings.Builder
	preview.WriteString("pillars.md — descriptions:\n")
	for _, d := range out.Pillars {
		k, desc := pillarKey(d.Name), strings.Join(strings.Fields(d.Description), " ")
		old, known := current[k]
		if !known || !containsFold(ev.Pillars, d.Name) || desc == "" || desc == old || len([]rune(desc)) > maxDescriptionChars {
			continue
		}
		values[k] = quoteYAML(desc)
		fmt.Fprintf(&preview, "%s:\n- %s\n+ %s\n", d.Name, old, desc)
	}
	if len(values) == 0 {
		return errors.New("the model proposed no usable description for the pillars named")
	}
	content, err := setPillarFields(content, "description", values)
	if err != nil {
		return err
	}
	p.NewContent = content
	p.Rationale += " Model's note: " + strings.TrimSpace(out.Rationale)
	p.Preview = strings.TrimRight(preview.String(), "\n")
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if pillarKey(v) == pillarKey(s) {
			return true
		}
	}
	return false
}

// complete makes one structured model call and records it in llm_calls.
func (r *Reporter) complete(ctx context.Context, db database.DBTX, system, user string, schema *llm.Schema, out any) error {
	zero := float32(0)
	resp, err := r.llm.CompleteJSON(ctx, llm.Request{Purpose: PurposeProposal, System: system, User: user,
		Schema: schema, MaxTokens: 1200, Temperature: &zero}, out)
	status, msg := "ok", ""
	if err != nil {
		status, msg = "error", clip(err.Error(), 1000)
	}
	if _, rerr := db.Exec(ctx, `INSERT INTO llm_calls (purpose, model, prompt_tokens, completion_tokens, cached_tokens,
		latency_ms, attempts, status, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		PurposeProposal, resp.Model, resp.Usage.PromptTokens, resp.Usage.CompletionTokens, resp.Usage.CachedTokens,
		resp.Latency.Milliseconds(), resp.Attempts, status, msg); rerr != nil {
		r.log.WarnContext(ctx, "record llm call", "error", rerr)
	}
	return err
}

// lineDiff is a short line diff for previews: "- " removed, "+ " added, unchanged lines left out;
// at most limit lines, then "…".
func lineDiff(before, after string, limit int) string {
	a, b := strings.Split(before, "\n"), strings.Split(after, "\n")
	ka, kb := lcsKeep(a, b)
	var out []string
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && !ka[i]:
			out = append(out, "- "+a[i])
			i++
		case j < len(b) && !kb[j]:
			out = append(out, "+ "+b[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	if len(out) > limit {
		out = append(out[:limit], fmt.Sprintf("… (%d more changed lines)", len(out)-limit))
	}
	return strings.Join(out, "\n")
}
