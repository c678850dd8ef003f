package llm

import (
	"encoding/json"
	"errors"
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

func initialMessages(req Request) []openai.ChatCompletionMessage {
	msgs := make([]openai.ChatCompletionMessage, 0, 2)
	if req.System != "" {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: req.System})
	}
	return append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: req.User})
}

// buildRequest turns a Request into go-openai's shape. Errors here are the caller's
// (a bad schema, a parameter the model refuses) and are never retried.
func (c *Client) buildRequest(req Request, msgs []openai.ChatCompletionMessage) (openai.ChatCompletionRequest, error) {
	// max_tokens, not max_completion_tokens: the OpenAI-compatible servers mos runs against (Ollama,
	// vLLM, LiteLLM, Azure) read the older field; reasoning models get the newer one below.
	//lint:ignore SA1019 see above
	cr := openai.ChatCompletionRequest{Model: c.cfg.Model, Messages: msgs, MaxTokens: req.MaxTokens}
	if req.Temperature != nil {
		cr.Temperature = *req.Temperature
		if cr.Temperature == 0 {
			cr.Temperature = ZeroTemperature
		}
	}
	if req.Schema != nil {
		rf, err := responseFormat(req)
		if err != nil {
			return cr, err
		}
		cr.ResponseFormat = rf
	}
	// Reasoning models (o-series, gpt-5…) refuse max_tokens and want
	// max_completion_tokens, and accept only their default temperature; go-openai
	// checks both before sending. Adapt rather than fail, so switching the
	// configured model does not break every call.
	v := openai.NewReasoningValidator()
	if errors.Is(v.Validate(cr), openai.ErrReasoningModelMaxTokensDeprecated) {
		//lint:ignore SA1019 moving the limit to the newer field
		cr.MaxCompletionTokens, cr.MaxTokens = cr.MaxTokens, 0
	}
	if err := v.Validate(cr); cr.Temperature != 0 && (errors.Is(err, openai.ErrReasoningModelLimitationsOther) ||
		errors.Is(err, openai.ErrReasoningSamplingUnsupported)) {
		cr.Temperature = 0
	}
	if err := v.Validate(cr); err != nil {
		return cr, fmt.Errorf("model %q: %w", c.cfg.Model, err)
	}
	return cr, nil
}

func responseFormat(req Request) (*openai.ChatCompletionResponseFormat, error) {
	s := req.Schema
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(s.JSON, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("schema %q is not a JSON object", s.Name)
	}
	name := s.Name
	if name == "" {
		name = purposeLabel(req.Purpose)
	}
	return &openai.ChatCompletionResponseFormat{
		Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
			Name:   name,
			Schema: s.JSON,
			Strict: true,
		},
	}, nil
}
