package slacksim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// envelope is one Socket Mode delivery and its ack bookkeeping.
type envelope struct {
	id, typ      string
	label        string // for reports: "slash_commands /draft", "interactive block_actions Approve"
	payload      any
	accepts      bool
	retryAttempt int
	retryReason  string
	trigger      string // trigger_id in the payload: its 3 s start when the envelope is sent

	// guarded by Sim.mu
	sentAt     time.Time
	acked      bool
	expired    bool
	latency    time.Duration
	ackPayload json.RawMessage
	timer      *time.Timer

	onAck func(payload json.RawMessage) // applies the ack's meaning (runs outside Sim.mu)
	done  chan struct{}
	once  sync.Once
}

type envelopeFrame struct {
	EnvelopeID             string  `json:"envelope_id"`
	Type                   string  `json:"type"`
	AcceptsResponsePayload bool    `json:"accepts_response_payload"`
	RetryAttempt           *int    `json:"retry_attempt,omitempty"`
	RetryReason            *string `json:"retry_reason,omitempty"`
	Payload                any     `json:"payload"`
}

func newEnvelope(typ, label string, payload any, accepts bool) *envelope {
	return &envelope{id: newUUID(), typ: typ, label: label, payload: payload, accepts: accepts,
		done: make(chan struct{})}
}

func (e *envelope) frame() ([]byte, error) {
	f := envelopeFrame{EnvelopeID: e.id, Type: e.typ, AcceptsResponsePayload: e.accepts, Payload: e.payload}
	if e.typ == "events_api" {
		f.RetryAttempt, f.RetryReason = &e.retryAttempt, &e.retryReason
	}
	return json.Marshal(f)
}

func (e *envelope) finish() { e.once.Do(func() { close(e.done) }) }

func (e *envelope) stopTimer() {
	if e.timer != nil {
		e.timer.Stop()
	}
}

// ackResult is what a person's action sees of the bot's ack.
type ackResult struct {
	acked   bool
	latency time.Duration
	payload json.RawMessage
}

// RepeatNext makes the next envelope be delivered twice with the same envelope_id (Slack delivers at
// least once); the second copy goes to the next connection in turn.
func (s *Sim) RepeatNext() { s.locked(func() { s.repeatNext = true }) }

// deliver sends an envelope to exactly one ready connection (round-robin), starts its ack deadline
// and waits for the ack or the deadline. It reports false if no connection took it in WaitTimeout.
func (s *Sim) deliver(e *envelope) ackResult {
	data, err := e.frame()
	if err != nil {
		panic(fmt.Sprintf("slacksim: marshal envelope: %v", err))
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		e.finish()
		return ackResult{}
	}
	s.envelopes[e.id] = e
	copies := 1
	if s.repeatNext {
		s.repeatNext, copies = false, 2
	}
	s.mu.Unlock()
	for i := 0; i < copies; i++ {
		if s.sendFrame(e, data) {
			continue
		}
		if !s.isClosed() {
			s.protoErr("no Socket Mode connection took envelope %s (%s) within %s", e.id, e.label, s.opts.WaitTimeout)
		}
		if i == 0 {
			e.finish()
			return ackResult{}
		}
	}
	<-e.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return ackResult{acked: e.acked && !e.expired, latency: e.latency, payload: e.ackPayload}
}

// sendFrame writes the frame to the next ready connection, moving on if a write fails.
func (s *Sim) sendFrame(e *envelope, data []byte) bool {
	deadline := time.Now().Add(s.opts.WaitTimeout)
	for time.Now().Before(deadline) {
		var c *conn
		if !s.waitUntil(time.Until(deadline), func() bool { c = s.pickConnLocked(); return c != nil || s.closed }) || c == nil {
			return false
		}
		s.mu.Lock()
		first := e.sentAt.IsZero()
		if first {
			e.sentAt = time.Now()
			if t := s.triggers[e.trigger]; t != nil {
				t.created = e.sentAt
			}
		}
		s.mu.Unlock()
		if err := c.writeText(data); err != nil {
			s.dropConn(c)
			continue
		}
		if first {
			s.startAckTimer(e)
		}
		return true
	}
	return false
}

func (s *Sim) pickConnLocked() *conn {
	var ready []*conn
	for _, c := range s.conns {
		if c.ready && !c.draining {
			ready = append(ready, c)
		}
	}
	if len(ready) == 0 {
		return nil
	}
	s.rr++
	return ready[s.rr%len(ready)]
}

func (s *Sim) startAckTimer(e *envelope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || e.acked {
		return
	}
	e.timer = time.AfterFunc(s.opts.AckTimeout, func() { s.expire(e) })
	s.timers = append(s.timers, e.timer)
}

// expire records an envelope not acked in time; events_api is redelivered once with retry_attempt 1.
func (s *Sim) expire(e *envelope) {
	s.mu.Lock()
	if e.acked || s.closed {
		s.mu.Unlock()
		return
	}
	e.expired = true
	s.unacked = append(s.unacked, fmt.Sprintf("%s %s (envelope %s, retry_attempt %d)",
		e.typ, e.label, e.id, e.retryAttempt))
	s.notifyLocked()
	s.mu.Unlock()
	e.finish()
	if e.typ == "slash_commands" {
		s.commandTimedOut(e)
	}
	if e.typ == "events_api" && e.retryAttempt == 0 {
		retry := newEnvelope(e.typ, e.label, e.payload, e.accepts)
		retry.retryAttempt, retry.retryReason = 1, "timeout"
		go s.deliver(retry)
	}
}

// handleAck records an ack frame from any connection (slack-go may send a queued ack on a new socket).
func (s *Sim) handleAck(data []byte) {
	var ack struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &ack); err != nil || ack.EnvelopeID == "" {
		s.protoErr("client frame is not an ack {\"envelope_id\":…}: %.200s", data)
		return
	}
	s.mu.Lock()
	e := s.envelopes[ack.EnvelopeID]
	switch {
	case e == nil:
		s.protoErrs = append(s.protoErrs, fmt.Sprintf("ack for unknown envelope_id %q", ack.EnvelopeID))
		s.mu.Unlock()
		return
	case e.acked: // a repeated delivery acked again: fine
		s.mu.Unlock()
		return
	}
	e.acked = true
	e.stopTimer()
	e.latency = time.Since(e.sentAt)
	s.latencies = append(s.latencies, e.latency)
	if p := bytes.TrimSpace(ack.Payload); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		e.ackPayload = append(json.RawMessage(nil), p...)
	}
	late := e.expired
	if late {
		s.unacked = append(s.unacked, fmt.Sprintf("%s %s (envelope %s) acked late after %s",
			e.typ, e.label, e.id, e.latency.Round(time.Millisecond)))
	}
	s.notifyLocked()
	payload := e.ackPayload
	s.mu.Unlock()
	if !late && e.onAck != nil && e.accepts {
		e.onAck(payload)
	}
	e.finish()
}

// commandTimedOut shows the person what Slack shows when a slash command is not acked in time: an
// ephemeral "/cmd failed with the error "operation_timeout"" (Slack does not send it again).
func (s *Sim) commandTimedOut(e *envelope) {
	p, _ := e.payload.(map[string]any)
	ch, _ := p["channel_id"].(string)
	user, _ := p["user_id"].(string)
	cmd, _ := p["command"].(string)
	_ = s.postReply("slash command timeout", ch, user,
		replyBody{text: cmd + ` failed with the error "operation_timeout"`})
}
