package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// DefaultResponder answers when nothing is queued: with response_format set it
// replies {"echo": "<last message>"}, otherwise "echo: <last message>".
func DefaultResponder(r Recorded) Reply {
	last := r.Last().Content
	if r.ResponseFormat != nil {
		b, _ := json.Marshal(map[string]string{"echo": last})
		return Reply{Content: string(b)}
	}
	return Reply{Content: "echo: " + last}
}

// JSON is a Reply whose content is v marshalled; it fails the test if v cannot be.
func JSON(t testing.TB, v any) Reply {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("llmtest: marshal reply: %v", err)
	}
	return Reply{Content: string(b)}
}

// chatRequest is the part of OpenAI's request body the fake understands.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	ResponseFormat json.RawMessage `json:"response_format"`
	Stream         bool            `json:"stream"`
	StreamOptions  *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature         *float64 `json:"temperature"`
	MaxTokens           int      `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
}

func parseRequest(raw []byte, h http.Header) (Recorded, error) {
	rec := Recorded{Header: h.Clone(), Raw: raw}
	var cr chatRequest
	if err := json.Unmarshal(raw, &cr); err != nil {
		return rec, fmt.Errorf("request body is not valid JSON: %v", err)
	}
	rec.Model, rec.Stream, rec.Temperature = cr.Model, cr.Stream, cr.Temperature
	rec.MaxTokens, rec.MaxCompletionTokens = cr.MaxTokens, cr.MaxCompletionTokens
	if len(cr.ResponseFormat) > 0 && string(cr.ResponseFormat) != "null" {
		rec.ResponseFormat = cr.ResponseFormat
	}
	rec.IncludeUsage = cr.StreamOptions != nil && cr.StreamOptions.IncludeUsage
	for _, m := range cr.Messages {
		rec.Messages = append(rec.Messages, Message{Role: m.Role, Content: contentText(m.Content)})
	}
	if len(rec.Messages) == 0 {
		return rec, fmt.Errorf("messages must not be empty")
	}
	return rec, nil
}

// contentText reads a message content: a string, or an array of parts whose text
// parts are joined.
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away
	}
	rec, perr := parseRequest(raw, r.Header)
	if perr != nil {
		s.mu.Lock()
		s.addLocked(rec)
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "", perr.Error(), "")
		return
	}
	reply, cached := s.record(rec)
	if !s.pause(r, reply.Delay) {
		return
	}
	if reply.Hang {
		s.hang(r)
		return
	}
	s.answer(w, r, rec, reply, cached)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, rec Recorded, reply Reply, cached int) {
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	switch {
	case reply.Status != 0 && reply.Status != http.StatusOK:
		writeError(w, reply.Status, reply.ErrorCode, reply.Content, reply.ErrorCode)
	case reply.Malformed && rec.Stream:
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"index\":0,\"del\n\n")
	case reply.Malformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"mess`)
	case reply.NoChoices:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"chatcmpl-empty","object":"chat.completion","choices":[]}`)
	case rec.Stream:
		s.writeStream(w, r, rec, reply, usageFor(rec, reply, cached))
	default:
		s.writeCompletion(w, rec, reply, usageFor(rec, reply, cached))
	}
}

// usageJSON is OpenAI's usage object.
type usageJSON struct {
	PromptTokens        int `json:"prompt_tokens"`
	CompletionTokens    int `json:"completion_tokens"`
	TotalTokens         int `json:"total_tokens"`
	PromptTokensDetails struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

// usageFor is the reply's Usage, or an estimate: bytes/4 of all messages in, of the
// content out, and the simulated cache hit.
func usageFor(rec Recorded, reply Reply, cached int) *usageJSON {
	u := Usage{Completion: len(reply.Content) / 4, Cached: cached}
	for _, m := range rec.Messages {
		u.Prompt += len(m.Content)
	}
	u.Prompt /= 4
	u.Cached = min(u.Cached, u.Prompt)
	if reply.Usage != nil {
		u = *reply.Usage
	}
	out := &usageJSON{PromptTokens: u.Prompt, CompletionTokens: u.Completion, TotalTokens: u.Prompt + u.Completion}
	out.PromptTokensDetails.CachedTokens = u.Cached
	return out
}

type chatMessage struct {
	Role    string  `json:"role"`
	Content string  `json:"content"`
	Refusal *string `json:"refusal"`
}

type chatChoice struct {
	Index        int         `json:"index"`
	Message      chatMessage `json:"message"`
	Logprobs     any         `json:"logprobs"`
	FinishReason string      `json:"finish_reason"`
}

type chatCompletion struct {
	ID                string       `json:"id"`
	Object            string       `json:"object"`
	Created           int64        `json:"created"`
	Model             string       `json:"model"`
	Choices           []chatChoice `json:"choices"`
	Usage             *usageJSON   `json:"usage"`
	SystemFingerprint string       `json:"system_fingerprint"`
}

func (s *Server) writeCompletion(w http.ResponseWriter, rec Recorded, reply Reply, usage *usageJSON) {
	writeJSON(w, http.StatusOK, chatCompletion{
		ID:      s.nextID(),
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   modelOf(rec),
		Choices: []chatChoice{{
			Message:      chatMessage{Role: "assistant", Content: reply.Content},
			FinishReason: finishReason(reply),
		}},
		Usage:             usage,
		SystemFingerprint: "fp_llmtest",
	})
}

func (s *Server) nextID() string { return "chatcmpl-llmtest-" + strconv.FormatInt(s.seq.Add(1), 10) }

func modelOf(rec Recorded) string {
	if rec.Model == "" {
		return DefaultModel
	}
	return rec.Model
}

func finishReason(reply Reply) string {
	if reply.FinishReason == "" {
		return "stop"
	}
	return reply.FinishReason
}

func (s *Server) handleModels(w http.ResponseWriter, _ *http.Request) {
	type model struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Created int64  `json:"created"`
		OwnedBy string `json:"owned_by"`
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list",
		"data":   []model{{ID: DefaultModel, Object: "model", Created: 1700000000, OwnedBy: "llmtest"}},
	})
}

// writeError answers with OpenAI's {"error":{"message","type","param","code"}}.
func writeError(w http.ResponseWriter, status int, typ, message, code string) {
	if typ == "" {
		typ = errorType(status)
	}
	if code == "" {
		code = typ
	}
	if message == "" {
		message = http.StatusText(status)
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": message, "type": typ, "param": nil, "code": code,
	}})
}

func errorType(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "invalid_api_key"
	case status == http.StatusNotFound:
		return "not_found_error"
	case status == http.StatusTooManyRequests:
		return "rate_limit_exceeded"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request_error"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
