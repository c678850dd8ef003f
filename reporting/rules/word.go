package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm"
)

// ErrNoModel: prose proposals need a language model and none is configured.
var ErrNoModel = errors.New("no language model is configured")

// UnusableAnswer is a model answer that cannot become a proposal: a name that does not exist,
// empty text, a change lint refuses. The model is asked once more, told what was wrong.
type UnusableAnswer struct{ Problem string }

func (e *UnusableAnswer) Error() string { return e.Problem }

func unusable(format string, args ...any) error { return &UnusableAnswer{fmt.Sprintf(format, args...)} }

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
	build  func(T) (worded, error) // returns an *UnusableAnswer for an answer that cannot be used
}

// Model answers one structured question (the answer decoded into out); the caller records each call.
type Model interface {
	Complete(ctx context.Context, system, user string, schema *llm.Schema, out any) error
}

// Word asks the model to word a prose change (NeedsDraft), then builds its new content and preview.
// The evidence stays what the rule computed; the model only writes the text.
func Word(ctx context.Context, m Model, snap clientos.Snapshot, p *Change) error {
	base := snap.Docs[p.Document]
	if base.Version != p.BaseVersion {
		return fmt.Errorf("%s changed while the report was being made", p.Document)
	}
	rendered, err := snap.Render()
	if err != nil {
		return fmt.Errorf("render the Client OS for the model: %w", err) // never word a change without it
	}
	if rule, ok := ruleNamed(p.Rule); ok && rule.word != nil {
		return rule.word(ctx, m, rendered.Text, base.Content, p)
	}
	return fmt.Errorf("rule %s has no prose to draft", p.Rule)
}

// wordFunc words a prose proposal p against base, the document's current content: it asks the model
// (with the rendered Client OS as system) and fills in p's new content and preview.
type wordFunc func(ctx context.Context, m Model, system, base string, p *Change) error

// wordedBy is the wordFunc of a rule whose question question builds.
func wordedBy[T any](question func(base string, p *Change) (wording[T], error)) wordFunc {
	return func(ctx context.Context, m Model, system, base string, p *Change) error {
		w, err := question(base, p)
		if err != nil {
			return err
		}
		return ask(ctx, m, system, base, w, p)
	}
}

// ask puts the question to the model and turns its answer into p's change. An answer that cannot
// be used, or whose change lint would refuse, is asked for once more with what was wrong; a second
// one fails with the *UnusableAnswer.
func ask[T any](ctx context.Context, m Model, system, base string, w wording[T], p *Change) error {
	user := w.user
	var last error
	for range 2 {
		var out T
		if err := m.Complete(ctx, system, user, w.schema, &out); err != nil {
			return err
		}
		res, err := w.build(out)
		if err == nil {
			if why := Gate(Change{Rule: p.Rule, Document: p.Document, NewContent: res.content}, base); why != "" {
				err = &UnusableAnswer{why}
			}
		}
		if err == nil {
			p.NewContent, p.Preview, p.NeedsDraft = res.content, res.preview, false
			if note := strings.TrimSpace(res.note); note != "" {
				p.Rationale += " Model's note: " + note
			}
			return nil
		}
		var bad *UnusableAnswer
		if !errors.As(err, &bad) {
			return err
		}
		last = err
		user = w.user + "\n\nYour previous answer could not be used: " + bad.Problem +
			". Answer again, following the schema: use only the names and piece numbers it lists."
	}
	return last
}

// schema builds a strict JSON schema; properties is the JSON of its "properties" object, and every
// property is required.
func schema(name, properties string, required ...string) *llm.Schema {
	req, _ := json.Marshal(required)
	var b bytes.Buffer
	raw := `{"type":"object","additionalProperties":false,"required":` + string(req) + `,"properties":` + properties + `}`
	if err := json.Compact(&b, []byte(raw)); err != nil {
		panic("rules: schema " + name + " is not JSON: " + err.Error()) // a programming error, caught by any test
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
