package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// CompleteJSON asks for JSON (strict json_schema output when req.Schema is set),
// strips ``` fences a server may add, decodes the reply into out (a non-nil pointer)
// and checks Schema.Required. If the reply is unusable it re-asks once, showing the
// model its reply and what was wrong; a second bad reply fails with ErrInvalidOutput.
// Response.Content is then the last reply, for the record.
func (c *Client) CompleteJSON(ctx context.Context, req Request, out any) (Response, error) {
	start := time.Now()
	var resp Response
	err := c.completeJSON(ctx, req, out, &resp)
	c.finish(ctx, req, &resp, start, err)
	return resp, err
}

// maxJSONRounds: the first answer plus one re-ask.
const maxJSONRounds = 2

func (c *Client) completeJSON(ctx context.Context, req Request, out any, resp *Response) error {
	if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
		return c.newError(ErrRejected, req, 0, 0, fmt.Errorf("CompleteJSON needs a non-nil pointer, got %T", out))
	}
	msgs := initialMessages(req)
	cutOff := 0
	for round := 1; ; round++ {
		if err := c.exchange(ctx, req, msgs, resp); err != nil {
			return err
		}
		problem := decodeReply(resp.Content, req.Schema, out)
		if problem == nil {
			return nil
		}
		if resp.Truncated() {
			cutOff++
			problem = fmt.Errorf("%w; it was cut off at the length limit, so answer more briefly", problem)
		}
		if round == maxJSONRounds {
			e := c.newError(ErrInvalidOutput, req, 0, resp.Attempts, problem)
			e.CutOff = cutOff
			return e
		}
		c.log.LogAttrs(ctx, slog.LevelDebug, "llm re-asking for valid JSON",
			slog.String("purpose", req.Purpose), slog.String("problem", problem.Error()))
		msgs = append(msgs,
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: resp.Content},
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: reaskMessage(problem)},
		)
	}
}

// reaskMessage is the user message sent after an unusable JSON reply.
func reaskMessage(problem error) string {
	return "Your previous reply could not be used: " + problem.Error() +
		". Answer again with valid JSON only: a single JSON value matching the schema, " +
		"with no prose and no code fences."
}

// decodeReply explains what is wrong with a reply, or decodes it into out.
func decodeReply(content string, schema *Schema, out any) error {
	raw := stripFences(content)
	if raw == "" {
		return errors.New("the reply was empty")
	}
	var probe any
	if err := json.Unmarshal([]byte(raw), &probe); err != nil {
		return fmt.Errorf("the reply is not valid JSON (%v)", err)
	}
	if schema != nil && len(schema.Required) > 0 {
		if err := checkRequired([]byte(raw), schema.Required); err != nil {
			return err
		}
	}
	// Zero out first so a failed first round leaves nothing behind in out.
	reflect.ValueOf(out).Elem().SetZero()
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		return fmt.Errorf("the JSON does not have the expected shape (%v)", err)
	}
	return nil
}

// checkRequired wants a top-level object with every key present and non-empty.
func checkRequired(raw []byte, required []string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return errors.New("the reply must be a JSON object")
	}
	var missing, empty []string
	for _, k := range required {
		v, ok := obj[k]
		switch {
		case !ok:
			missing = append(missing, strconv.Quote(k))
		case isEmptyJSON(v):
			empty = append(empty, strconv.Quote(k))
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing required keys "+strings.Join(missing, ", "))
	}
	if len(empty) > 0 {
		parts = append(parts, "required keys are empty: "+strings.Join(empty, ", "))
	}
	if len(parts) == 0 {
		return nil
	}
	return errors.New(strings.Join(parts, "; "))
}

func isEmptyJSON(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	switch string(v) {
	case "", "null", "[]", "{}":
		return true
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return strings.TrimSpace(s) == ""
	}
	var a []json.RawMessage
	if json.Unmarshal(v, &a) == nil {
		return len(a) == 0
	}
	var o map[string]json.RawMessage
	if json.Unmarshal(v, &o) == nil {
		return len(o) == 0
	}
	return false
}

// stripFences removes a ```json … ``` wrapper, also when a server puts a line of
// prose before it.
func stripFences(s string) string {
	s = strings.TrimSpace(s)
	start := strings.Index(s, "```")
	if start < 0 || (start > 0 && (s[0] == '{' || s[0] == '[')) {
		return s
	}
	body := s[start+3:]
	tag := 0
	for tag < len(body) && isASCIILetter(body[tag]) {
		tag++
	}
	if tag < len(body) && strings.IndexByte(" \t\r\n{[", body[tag]) >= 0 {
		body = body[tag:] // drop the "json" language tag
	}
	if end := strings.LastIndex(body, "```"); end >= 0 {
		body = body[:end]
	}
	return strings.TrimSpace(body)
}

func isASCIILetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }
