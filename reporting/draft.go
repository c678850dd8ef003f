package reporting

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/evidence"
)

// PurposeProposal labels the model calls that word proposals.
const PurposeProposal = "proposal"

// errNoModel: prose proposals need a language model and none is configured.
var errNoModel = errors.New("no language model is configured")

// unusableAnswer is a model answer that cannot become a proposal: a name that does not exist,
// empty text, a change lint refuses. The model is asked once more, told what was wrong.
type unusableAnswer struct{ problem string }

func (e *unusableAnswer) Error() string { return e.problem }

func unusable(format string, args ...any) error { return &unusableAnswer{fmt.Sprintf(format, args...)} }

// worded is a proposal's change as the model's answer made it.
type worded struct {
	content string // the document's new content
	preview string
	note    string // the model's rationale
}

// wording is one kind of prose proposal: the question, the schema its answer must follow (names
// the model picks are enums of names that exist) and how a usable answer becomes the change.
type wording[T any] struct {
	user   string
	schema *llm.Schema
	build  func(T) (worded, error) // returns an *unusableAnswer for an answer that cannot be used
}

// draft asks the model to word a prose proposal, then builds its new content and preview. The
// evidence stays what the rule computed; the model only writes the text.
func (r *Reporter) draft(ctx context.Context, db database.DBTX, snap clientos.Snapshot, p *Proposal) error {
	if r.llm == nil {
		return errNoModel
	}
	base := snap.Docs[p.Document]
	if base.Version != p.BaseVersion {
		return fmt.Errorf("%s changed while the report was being made", p.Document)
	}
	rendered, err := snap.Render()
	if err != nil {
		return fmt.Errorf("render the Client OS for the model: %w", err) // never word a change without it
	}
	if rule, ok := ruleNamed(p.Rule); ok && rule.word != nil {
		return rule.word(ctx, r, db, rendered.Text, base.Content, p)
	}
	return fmt.Errorf("rule %s has no prose to draft", p.Rule)
}

// wordFunc words a prose proposal p against base, the document's current content: it asks the model
// (with the rendered Client OS as system) and fills in p's new content and preview.
type wordFunc func(ctx context.Context, r *Reporter, db database.DBTX, system, base string, p *Proposal) error

// wordedBy is the wordFunc of a rule whose question question builds.
func wordedBy[T any](question func(base string, p *Proposal) (wording[T], error)) wordFunc {
	return func(ctx context.Context, r *Reporter, db database.DBTX, system, base string, p *Proposal) error {
		w, err := question(base, p)
		if err != nil {
			return err
		}
		return ask(ctx, r, db, system, base, w, p)
	}
}

// ask puts the question to the model and turns its answer into p's change. An answer that cannot
// be used, or whose change lint would refuse, is asked for once more with what was wrong; a second
// one fails with the *unusableAnswer.
func ask[T any](ctx context.Context, r *Reporter, db database.DBTX, system, base string, w wording[T], p *Proposal) error {
	user := w.user
	var last error
	for range 2 {
		var out T
		if err := r.complete(ctx, db, system, user, w.schema, &out); err != nil {
			return err
		}
		res, err := w.build(out)
		if err == nil {
			if ref := gate(Proposal{Rule: p.Rule, Document: p.Document, NewContent: res.content}, base); ref != nil {
				err = &unusableAnswer{ref.Reason}
			}
		}
		if err == nil {
			p.NewContent, p.Preview, p.NeedsDraft = res.content, res.preview, false
			if note := strings.TrimSpace(res.note); note != "" {
				p.Rationale += " Model's note: " + note
			}
			return nil
		}
		var bad *unusableAnswer
		if !errors.As(err, &bad) {
			return err
		}
		last = err
		user = w.user + "\n\nYour previous answer could not be used: " + bad.problem +
			". Answer again, following the schema: use only the names and piece numbers it lists."
	}
	return last
}

// complete makes one structured model call and records it in llm_calls.
func (r *Reporter) complete(ctx context.Context, db database.DBTX, system, user string, schema *llm.Schema, out any) error {
	zero := float32(0)
	resp, err := r.llm.CompleteJSON(ctx, llm.Request{Purpose: PurposeProposal, System: system, User: user,
		Schema: schema, MaxTokens: 1200, Temperature: &zero}, out)
	status, msg := "ok", ""
	if err != nil {
		status, msg = "error", evidence.Clip(err.Error(), 1000)
	}
	if _, rerr := db.Exec(ctx, `INSERT INTO llm_calls (purpose, model, prompt_tokens, completion_tokens, cached_tokens,
		latency_ms, attempts, status, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		PurposeProposal, resp.Model, resp.Usage.PromptTokens, resp.Usage.CompletionTokens, resp.Usage.CachedTokens,
		resp.Latency.Milliseconds(), resp.Attempts, status, msg); rerr != nil {
		r.log.WarnContext(ctx, "record llm call", "error", rerr)
	}
	return err
}

// schema builds a strict JSON schema; properties is the JSON of its "properties" object, and every
// property is required.
func schema(name, properties string, required ...string) *llm.Schema {
	req, _ := json.Marshal(required)
	var b bytes.Buffer
	raw := `{"type":"object","additionalProperties":false,"required":` + string(req) + `,"properties":` + properties + `}`
	if err := json.Compact(&b, []byte(raw)); err != nil {
		panic("reporting: schema " + name + " is not JSON: " + err.Error()) // a programming error, caught by any test
	}
	return &llm.Schema{Name: name, JSON: b.Bytes(), Required: required}
}

// enumJSON is a JSON array of values, for a schema's "enum".
func enumJSON[T any](values []T) string {
	b, err := json.Marshal(values)
	if err != nil || len(values) == 0 {
		return "[]"
	}
	return string(b)
}

// plainLine checks one line of text the model wrote for the OS: not empty, at most limit
// characters, no heading and no Slack markup that could ping people.
func plainLine(text string, limit int, what string) (string, error) {
	t := strings.Join(strings.Fields(text), " ")
	switch {
	case t == "":
		return "", unusable("it gave %s with empty text", what)
	case len([]rune(t)) > limit:
		return "", unusable("%s is longer than %d characters", what, limit)
	case strings.HasPrefix(t, "#"):
		return "", unusable("%s starts with a Markdown heading", what)
	case strings.Contains(t, "<@") || strings.Contains(t, "<!") || strings.Contains(t, "<#"):
		return "", unusable("%s contains a Slack mention", what)
	}
	return t, nil
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

// unwordedFinding is the finding behind a proposal the model could not word: what the evidence
// says, where it points, and why there is no change to apply.
func unwordedFinding(p Proposal, err error) Unworded {
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
	var bad *unusableAnswer
	switch {
	case errors.As(err, &bad):
		return "the model's answer could not be used, twice: " + bad.problem
	case errors.Is(err, llm.ErrInvalidOutput):
		return "the model did not answer with the JSON asked for, twice"
	case errors.Is(err, errNoModel):
		return "no language model is configured"
	case errors.Is(err, llm.ErrUnavailable), errors.Is(err, llm.ErrRejected):
		return "the model could not be reached (" + evidence.Clip(err.Error(), 200) + ")"
	}
	return evidence.Clip(err.Error(), 200)
}
