package llm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// errStreamSchema: structured output is parsed whole, so it is never streamed.
var errStreamSchema = errors.New("a streamed reply is plain text; ask for structured JSON with CompleteJSON")

// CompleteStream is Complete for text a person watches being written: each piece of the reply is
// handed to onText as it arrives (on the calling goroutine, so onText must not block for long),
// and the whole reply is returned. Timeouts, retries and errors are Complete's, with two
// differences. Once text has reached onText a failure is never retried (the caller would see it
// twice): the error's Kind is ErrInterrupted and Response.Content holds the part received. A reply
// cut off at MaxTokens is not asked for again; Response.Truncated says so.
func (c *Client) CompleteStream(ctx context.Context, req Request, onText func(string)) (Response, error) {
	start := time.Now()
	var resp Response
	err := c.stream(ctx, req, onText, &resp)
	c.finish(ctx, req, &resp, start, err)
	return resp, err
}

func (c *Client) stream(ctx context.Context, req Request, onText func(string), resp *Response) error {
	if req.Schema != nil {
		return c.newError(ErrRejected, req, 0, 0, errStreamSchema)
	}
	creq, err := c.buildRequest(req, initialMessages(req))
	if err != nil {
		return c.newError(ErrRejected, req, 0, 0, err)
	}
	creq.Stream = true
	creq.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	return c.retrying(ctx, req, resp, func() (http.Header, bool, error) {
		delivered, err := c.streamAttempt(ctx, creq, onText, resp)
		return nil, delivered, err
	})
}

// streamAttempt reads one streamed reply under the per-attempt deadline; delivered reports that
// some text reached onText.
func (c *Client) streamAttempt(ctx context.Context, creq openai.ChatCompletionRequest, onText func(string),
	resp *Response) (delivered bool, err error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	stream, err := c.api.CreateChatCompletionStream(actx, creq)
	if err != nil {
		return false, c.attemptError(ctx, actx, err)
	}
	defer stream.Close()
	var text strings.Builder
	resp.FinishReason = ""
	defer func() { resp.Content = text.String() }()
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return text.Len() > 0, c.attemptError(ctx, actx, err)
		}
		takeChunk(resp, chunk, &text, onText)
	}
	if text.Len() == 0 && resp.FinishReason == "" {
		return false, c.attemptError(ctx, actx, errNoChoices)
	}
	return text.Len() > 0, nil
}

func takeChunk(resp *Response, chunk openai.ChatCompletionStreamResponse, text *strings.Builder, onText func(string)) {
	if chunk.Usage != nil {
		resp.Usage.add(*chunk.Usage)
	}
	if chunk.Model != "" {
		resp.Model = chunk.Model
	}
	for _, ch := range chunk.Choices {
		if ch.Delta.Content != "" {
			text.WriteString(ch.Delta.Content)
			onText(ch.Delta.Content)
		}
		if ch.FinishReason != "" {
			resp.FinishReason = string(ch.FinishReason)
		}
	}
}
