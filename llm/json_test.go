package llm_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/llm/llmtest"
)

type outline struct {
	Title    string   `json:"title"`
	Sections []string `json:"sections"`
}

var outlineSchema = &llm.Schema{
	Name: "outline",
	JSON: json.RawMessage(`{"type":"object","properties":{"title":{"type":"string"},` +
		`"sections":{"type":"array","items":{"type":"string"}}},` +
		`"required":["title","sections"],"additionalProperties":false}`),
	Required: []string{"title", "sections"},
}

func outlineRequest() llm.Request {
	return llm.Request{Purpose: "outline", System: "You write outlines.", User: "Outline: caching", Schema: outlineSchema}
}

const goodOutline = `{"title":"Caching","sections":["Why","How"]}`

func TestCompleteJSONValid(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, content string }{
		{"bare", goodOutline},
		{"fenced", "```json\n" + goodOutline + "\n```"},
		{"fenced without tag", "```\n" + goodOutline + "\n```"},
		{"prose then fence", "Here you go:\n```json\n" + goodOutline + "\n```\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			b.srv.Enqueue(llmtest.Reply{Content: tt.content})

			var out outline
			resp, err := c.CompleteJSON(context.Background(), outlineRequest(), &out)
			require.NoError(t, err)
			require.Equal(t, outline{Title: "Caching", Sections: []string{"Why", "How"}}, out)
			require.Equal(t, 1, resp.Attempts)
			require.Equal(t, tt.content, resp.Content)
		})
	}
}

func TestCompleteJSONSendsStrictSchema(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: goodOutline})
	var out outline
	_, err := c.CompleteJSON(context.Background(), outlineRequest(), &out)
	require.NoError(t, err)

	var rf struct {
		Type       string `json:"type"`
		JSONSchema struct {
			Name   string          `json:"name"`
			Schema json.RawMessage `json:"schema"`
			Strict bool            `json:"strict"`
		} `json:"json_schema"`
	}
	require.NoError(t, json.Unmarshal(b.srv.Requests()[0].ResponseFormat, &rf))
	require.Equal(t, "json_schema", rf.Type)
	require.Equal(t, "outline", rf.JSONSchema.Name)
	require.True(t, rf.JSONSchema.Strict)
	require.JSONEq(t, string(outlineSchema.JSON), string(rf.JSONSchema.Schema))
}

func TestCompleteJSONReasksOnce(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, bad, problem string }{
		{"not JSON", `{"title": "Caching", "sections": [`, "not valid JSON"},
		{"missing key", `{"title":"Caching"}`, `missing required keys "sections"`},
		{"empty key", `{"title":"  ","sections":[]}`, `required keys are empty: "title", "sections"`},
		{"wrong shape", `{"title":"Caching","sections":"Why"}`, "expected shape"},
		{"empty reply", "", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, b := setup(t)
			b.srv.Enqueue(
				llmtest.Reply{Content: tt.bad, Usage: &llmtest.Usage{Prompt: 100, Completion: 10, Cached: 0}},
				llmtest.Reply{Content: goodOutline, Usage: &llmtest.Usage{Prompt: 130, Completion: 12, Cached: 100}},
			)
			var out outline
			resp, err := c.CompleteJSON(context.Background(), outlineRequest(), &out)
			require.NoError(t, err)
			require.Equal(t, "Caching", out.Title)
			require.Equal(t, 2, resp.Attempts)
			require.Equal(t, llm.Usage{PromptTokens: 230, CompletionTokens: 22, CachedTokens: 100}, resp.Usage)

			reqs := b.srv.Requests()
			require.Len(t, reqs, 2)
			msgs := reqs[1].Messages
			require.Len(t, msgs, 4)
			require.Equal(t, reqs[0].Messages, msgs[:2], "the re-ask keeps the original prefix")
			require.Equal(t, llmtest.Message{Role: "assistant", Content: tt.bad}, msgs[2])
			require.Equal(t, "user", msgs[3].Role)
			require.Contains(t, msgs[3].Content, tt.problem)
			require.Contains(t, msgs[3].Content, "valid JSON only")
		})
	}
}

func TestCompleteJSONTruncatedReplyAsksForBrevity(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: `{"title":"Cach`, FinishReason: "length"}, llmtest.Reply{Content: goodOutline})
	var out outline
	_, err := c.CompleteJSON(context.Background(), outlineRequest(), &out)
	require.NoError(t, err)
	require.Contains(t, b.srv.Requests()[1].Last().Content, "cut off at the length limit")
}

func TestCompleteJSONInvalidTwice(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: "Sure! Here is an outline."}, llmtest.Reply{Content: `{"title":""}`})

	var out outline
	resp, err := c.CompleteJSON(context.Background(), outlineRequest(), &out)
	require.ErrorIs(t, err, llm.ErrInvalidOutput)
	require.NotErrorIs(t, err, llm.ErrUnavailable)
	var e *llm.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, 2, e.Attempts)
	require.Contains(t, err.Error(), "title")
	require.Equal(t, 2, resp.Attempts)
	require.Equal(t, `{"title":""}`, resp.Content)
	require.Equal(t, 2, b.srv.Count())
}

func TestCompleteJSONNeedsPointer(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	_, err := c.CompleteJSON(context.Background(), outlineRequest(), outline{})
	require.ErrorIs(t, err, llm.ErrRejected)
	require.Zero(t, b.srv.Count())
}

func TestCompleteJSONRejectsBadSchema(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	req := outlineRequest()
	req.Schema = &llm.Schema{Name: "broken", JSON: json.RawMessage(`[1,2`)}
	var out outline
	_, err := c.CompleteJSON(context.Background(), req, &out)
	require.ErrorIs(t, err, llm.ErrRejected)
	require.Zero(t, b.srv.Count())
}

func TestCompleteJSONWithoutSchema(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	b.srv.Enqueue(llmtest.Reply{Content: `{"title":"Free","sections":["a"]}`})
	req := outlineRequest()
	req.Schema = nil
	var out outline
	_, err := c.CompleteJSON(context.Background(), req, &out)
	require.NoError(t, err)
	require.Equal(t, "Free", out.Title)
	require.Nil(t, b.srv.Requests()[0].ResponseFormat)
}
