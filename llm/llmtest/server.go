// Package llmtest is a fake OpenAI-compatible chat-completions server for tests: the
// only way mos fakes a language model. Point llm.Config.BaseURL (or OPENAI_BASE_URL)
// at Server.BaseURL, script replies with Enqueue or SetResponder, and inspect what
// was sent with Requests.
//
// It speaks OpenAI's wire format: POST /v1/chat/completions (plain and streaming,
// with usage incl. prompt_tokens_details.cached_tokens), OpenAI-style error bodies,
// and GET /v1/models. It is safe for concurrent requests.
package llmtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// DefaultModel is reported by GET /v1/models and used when a request names none.
const DefaultModel = "fake-model"

// Reply scripts the answer to one request.
type Reply struct {
	Content string // assistant message content; for errors, the error message
	Status  int    // 0 = 200; e.g. 429, 500, 400 answer with an OpenAI error body
	// ErrorCode overrides the error body's code (and type), e.g. "insufficient_quota".
	ErrorCode    string
	RetryAfter   string        // Retry-After header value
	Delay        time.Duration // wait before answering; cut short if the client goes away or the server closes
	Malformed    bool          // answer 200 with a body that is not valid JSON
	NoChoices    bool          // answer 200 with a well-formed completion that has no choices
	Usage        *Usage        // nil: estimated from lengths (see Server.SimulatePromptCache)
	Hang         bool          // never answer; return only when the client goes away or the server closes
	FinishReason string        // default "stop"
	ChunkDelay   time.Duration // streaming: wait between chunks (a slow or stalled stream); a chunk is a word
	// CutAfter, when positive, cuts the connection of a streamed reply after that many content
	// chunks, without a finish chunk or [DONE]: a provider dying mid-stream.
	CutAfter int
}

// Usage is the token count a Reply reports.
type Usage struct {
	Prompt, Completion, Cached int
}

// Message is one chat message as received.
type Message struct {
	Role    string
	Content string
}

// Recorded is a request as the server received it.
type Recorded struct {
	Model               string
	Messages            []Message
	ResponseFormat      json.RawMessage // nil when absent
	Stream              bool
	IncludeUsage        bool // stream_options.include_usage
	Temperature         *float64
	MaxTokens           int
	MaxCompletionTokens int
	Header              http.Header // includes Authorization
	Raw                 []byte      // the request body
}

// Last is the last message (the one that varies per request).
func (r Recorded) Last() Message {
	if len(r.Messages) == 0 {
		return Message{}
	}
	return r.Messages[len(r.Messages)-1]
}

// Server is the fake. Create it with New.
type Server struct {
	t         testing.TB
	srv       *httptest.Server
	closed    chan struct{}
	closeOnce sync.Once
	seq       atomic.Int64

	mu        sync.Mutex
	queue     []Reply
	responder func(Recorded) Reply
	requests  []Recorded
	changed   chan struct{} // closed and replaced whenever a request is recorded
	cache     bool          // SimulatePromptCache
}

// New starts a server that is closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, closed: make(chan struct{}), changed: make(chan struct{}), responder: DefaultResponder}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("GET /v1/models", s.handleModels)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "", "unknown endpoint "+r.Method+" "+r.URL.Path, "")
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// BaseURL is the API root, e.g. http://127.0.0.1:PORT/v1.
func (s *Server) BaseURL() string { return s.srv.URL + "/v1" }

// Close stops the server, first releasing requests held by Delay or Hang. It is
// called at test cleanup and may be called earlier.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// ClosedURL is the base URL of a server closed as soon as it started: nothing listens there any
// more, so a call to it is refused before any answer.
func ClosedURL(t testing.TB) string {
	s := New(t)
	s.Close()
	return s.BaseURL()
}

// Enqueue appends scripted replies; each request takes the next one, in arrival order.
func (s *Server) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// SetResponder answers requests when the queue is empty (nil restores
// DefaultResponder). The responder runs on the server's goroutines, concurrently
// for concurrent requests; it may call the Server's methods.
func (s *Server) SetResponder(f func(Recorded) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responder = f
}

// SimulatePromptCache makes estimated usage (Reply.Usage nil) report cached_tokens
// as the longest common prefix, in tokens (bytes/4), of this request's first message
// with the first message of any earlier request: a rough model of provider prompt
// caching, enough to show whether prompts keep a stable prefix.
func (s *Server) SimulatePromptCache() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache = true
}

// Requests returns a copy of everything received so far, in arrival order.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.requests...)
}

// Count is the number of requests received so far.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// WaitRequests waits until at least n requests have arrived and returns them; it
// fails the test after timeout. Call it from the test goroutine.
func (s *Server) WaitRequests(n int, timeout time.Duration) []Recorded {
	s.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, changed := len(s.requests), s.changed
		if got >= n {
			reqs := append([]Recorded(nil), s.requests...)
			s.mu.Unlock()
			return reqs
		}
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("llmtest: got %d requests, want %d within %s", got, n, timeout)
			return nil
		}
	}
}

// record stores a request and picks its reply: the next queued one, else the
// responder's. It also returns the cached-prefix estimate.
func (s *Server) record(rec Recorded) (Reply, int) {
	s.mu.Lock()
	cached := 0
	if s.cache {
		cached = s.cachedPrefixLocked(rec)
	}
	s.addLocked(rec)
	if len(s.queue) > 0 {
		reply := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return reply, cached
	}
	responder := s.responder
	s.mu.Unlock()
	if responder == nil {
		responder = DefaultResponder
	}
	return responder(rec), cached
}

// addLocked stores a request and wakes WaitRequests.
func (s *Server) addLocked(rec Recorded) {
	s.requests = append(s.requests, rec)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) cachedPrefixLocked(rec Recorded) int {
	if len(rec.Messages) == 0 {
		return 0
	}
	first, best := rec.Messages[0].Content, 0
	for _, prev := range s.requests {
		if len(prev.Messages) == 0 {
			continue
		}
		best = max(best, commonPrefix(first, prev.Messages[0].Content))
	}
	return best / 4
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// pause waits d; false if the client went away or the server is closing.
func (s *Server) pause(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closed:
		return false
	}
}

// hang blocks until the client goes away or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.closed:
	}
}
