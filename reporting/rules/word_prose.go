package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/evidence"
)

const (
	maxDescriptionChars = 400
	maxEvidenceLines    = 6
)

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

var icpSchema = schema("icp_proposal", `{"icp":{"type":"string"},"rationale":{"type":"string"}}`, "icp", "rationale")

// pillarsSchema lets the model name only the pillars to sharpen.
func pillarsSchema(names []string) *llm.Schema {
	return schema("pillar_descriptions_proposal", `{"rationale":{"type":"string"},"pillars":{"type":"array","items":{
		"type":"object","additionalProperties":false,"required":["name","description"],"properties":{
		"name":{"type":"string","enum":`+enumJSON(names)+`},"description":{"type":"string"}}}}}`, "pillars", "rationale")
}

func readProse(evidence json.RawMessage) (proseEvidence, error) {
	var ev proseEvidence
	if err := json.Unmarshal(evidence, &ev); err != nil {
		return ev, fmt.Errorf("read evidence: %w", err)
	}
	return ev, nil
}

func icpWording(content string, p *Change) (wording[icpDraft], error) {
	from, to, ok := clientos.FindSection(content, isICPHeading)
	if !ok {
		return wording[icpDraft]{}, errors.New("brand.md has no ## ICP section")
	}
	ev, err := readProse(p.Evidence)
	if err != nil {
		return wording[icpDraft]{}, err
	}
	old := strings.TrimSpace(content[from:to])
	user := "Task: rewrite the ICP section of brand.md so future drafts stop missing the ideal customer.\n" +
		"Reviewers rejected pieces as off-ICP framing; the evidence (pieces, briefs, reviewers' comments, counts) is below.\n" +
		"Keep what is right, make who the reader is — and is not — more precise, in the same Markdown style " +
		"(bullets with bold labels where the current section uses them), under 1500 characters.\n" +
		"Answer JSON: {\"icp\": the new section body without the \"## ICP\" heading, \"rationale\": one or two " +
		"sentences on what you changed and which evidence it answers}.\n\nCurrent ICP section:\n" + old +
		"\n\nEvidence:\n" + string(p.Evidence)
	build := func(out icpDraft) (worded, error) {
		section := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out.ICP), "## ICP"))
		switch {
		case section == "":
			return worded{}, unusable("it gave an empty ICP section")
		case strings.Contains("\n"+section, "\n## "):
			return worded{}, unusable("its ICP section contains another \"## \" section")
		case strings.Contains(section, "<@") || strings.Contains(section, "<!"):
			return worded{}, unusable("its ICP section contains a Slack mention")
		}
		return worded{content: clientos.ReplaceSection(content, from, to, section), note: out.Rationale,
			preview: "brand.md — ## ICP:\n" + lineDiff(old, section, 14) + evidenceBlock(ev.Items)}, nil
	}
	return wording[icpDraft]{user: user, schema: icpSchema, build: build}, nil
}

func pillarsWording(content string, p *Change) (wording[pillarsDraft], error) {
	ev, err := readProse(p.Evidence)
	if err != nil {
		return wording[pillarsDraft]{}, err
	}
	o, _ := clientos.Parse(map[string]string{clientos.DocPillars: content})
	current := map[string]string{}
	var list strings.Builder
	for _, pl := range o.Pillars {
		current[evidence.PillarKey(pl.Name)] = pl.Description
		fmt.Fprintf(&list, "- %s (weight %s): %s\n", pl.Name, evidence.Points(pl.Weight), pl.Description)
	}
	user := "Task: sharpen the descriptions of these pillars in pillars.md: " + strings.Join(ev.Pillars, ", ") + ".\n" +
		"Reviewers rejected pieces for generic angles; the evidence is below. Each description should name the " +
		"specific claims, numbers, situations and readers that belong in the pillar, so an angle anyone could write " +
		"does not fit. One or two sentences each, at most 400 characters.\n" +
		"Answer JSON: {\"pillars\": [{\"name\": one of the pillar names above, exactly, \"description\": the new description}], " +
		"\"rationale\": one or two sentences on what changed and which evidence it answers}.\n\nCurrent pillars:\n" +
		list.String() + "\nEvidence:\n" + string(p.Evidence)
	build := func(out pillarsDraft) (worded, error) {
		values := map[string]string{}
		var preview strings.Builder
		preview.WriteString("pillars.md — descriptions:\n")
		for _, d := range out.Pillars {
			if !containsFold(ev.Pillars, d.Name) {
				return worded{}, unusable("it named a pillar that is not one of those to sharpen: %q (they are: %s)",
					d.Name, strings.Join(ev.Pillars, ", "))
			}
			desc, err := plainLine(d.Description, maxDescriptionChars, "the description of "+d.Name)
			if err != nil {
				return worded{}, err
			}
			if old := current[evidence.PillarKey(d.Name)]; desc != old {
				values[evidence.PillarKey(d.Name)] = desc
				fmt.Fprintf(&preview, "%s:\n- %s\n+ %s\n", d.Name, old, desc)
			}
		}
		if len(values) == 0 {
			return worded{}, unusable("it changed no description")
		}
		newContent, err := clientos.SetPillarDescriptions(content, values)
		if err != nil {
			return worded{}, err
		}
		return worded{content: newContent, note: out.Rationale,
			preview: strings.TrimRight(preview.String(), "\n") + evidenceBlock(ev.Items)}, nil
	}
	return wording[pillarsDraft]{user: user, schema: pillarsSchema(ev.Pillars), build: build}, nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if evidence.PillarKey(v) == evidence.PillarKey(s) {
			return true
		}
	}
	return false
}

// evidenceBlock lists the rejections a proposal answers, one line each: piece, date and comment.
func evidenceBlock(items []rejectionEvidence) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nEvidence:")
	for i, it := range items {
		if i == maxEvidenceLines {
			fmt.Fprintf(&b, "\n… and %d more", len(items)-i)
			break
		}
		fmt.Fprintf(&b, "\n• #%d (%s): %s", it.PieceID, it.Date, quoteComment(it.Comment))
	}
	return b.String()
}

// quoteComment shows a reviewer's comment on one line, quoted, or says there was none.
func quoteComment(c string) string {
	c = strings.Join(strings.Fields(c), " ")
	if c == "" {
		return "(no comment)"
	}
	return "“" + evidence.Clip(c, 200) + "”"
}
