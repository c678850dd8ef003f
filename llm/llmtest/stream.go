package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

type chunkDelta struct {
	Role    string `json:"role,omitempty"`
	Content string `json:"content,omitempty"`
}

type chunkChoice struct {
	Index        int        `json:"index"`
	Delta        chunkDelta `json:"delta"`
	Logprobs     any        `json:"logprobs"`
	FinishReason *string    `json:"finish_reason"`
}

// chatChunk is one "chat.completion.chunk". As at OpenAI, with
// stream_options.include_usage every chunk carries "usage": null except a last one
// with empty choices and the usage; without it there is no usage field.
type chatChunk struct {
	ID                string        `json:"id"`
	Object            string        `json:"object"`
	Created           int64         `json:"created"`
	Model             string        `json:"model"`
	SystemFingerprint string        `json:"system_fingerprint"`
	Choices           []chunkChoice `json:"choices"`
	Usage             any           `json:"usage,omitempty"`
}

// writeStream sends the reply as server-sent events: a role chunk, the content in
// word-sized pieces, a finish chunk, the usage chunk if asked for, then [DONE]; or, with
// Reply.CutAfter, a cut connection after that many pieces.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, rec Recorded, reply Reply, usage *usageJSON) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	base := chatChunk{
		ID: s.nextID(), Object: "chat.completion.chunk", Created: time.Now().Unix(),
		Model: modelOf(rec), SystemFingerprint: "fp_llmtest",
	}
	if rec.IncludeUsage {
		base.Usage = json.RawMessage("null")
	}
	chunks := []chunkChoice{{Delta: chunkDelta{Role: "assistant"}}}
	for _, piece := range strings.SplitAfter(reply.Content, " ") {
		if piece != "" {
			chunks = append(chunks, chunkChoice{Delta: chunkDelta{Content: piece}})
		}
	}
	reason := finishReason(reply)
	chunks = append(chunks, chunkChoice{FinishReason: &reason})
	for i, c := range chunks {
		if i > 0 && !s.pause(r, reply.ChunkDelay) {
			return
		}
		ev := base
		ev.Choices = []chunkChoice{c}
		if !writeEvent(w, flusher, ev) {
			return
		}
		if reply.CutAfter > 0 && i == reply.CutAfter && i < len(chunks)-1 {
			// Aborting the handler closes the connection mid-body: the client reads an unexpected EOF.
			panic(http.ErrAbortHandler)
		}
	}
	if rec.IncludeUsage {
		ev := base
		ev.Choices, ev.Usage = []chunkChoice{}, usage
		writeEvent(w, flusher, ev)
	}
	_, _ = fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

func writeEvent(w http.ResponseWriter, flusher http.Flusher, ev chatChunk) bool {
	b, err := json.Marshal(ev)
	if err != nil {
		return false
	}
	if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
		return false
	}
	if flusher != nil {
		flusher.Flush()
	}
	return true
}
