package slacksim

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// maxStreamText is the markdown_text limit of chat.startStream, appendStream and stopStream.
const maxStreamText = 12000

// tierPerMinute is the documented floor of each streaming method's rate tier (Tier 2: 20+/min,
// Tier 4: 100+/min; setStatus is taken as Tier 3), evaluated per method per workspace over a minute.
var tierPerMinute = map[string]int{
	"chat.startStream":            20,
	"chat.appendStream":           100,
	"chat.stopStream":             20,
	"assistant.threads.setStatus": 50,
}

// RefuseMethod makes every later call of a Web API method answer {"ok":false,"error":code}, as a
// workspace that refuses it does: "not_allowed", "missing_scope", "unknown_method", …
func (s *Sim) RefuseMethod(method, code string) { s.FailCalls(method, code, math.MaxInt) }

// ThreadStatus is the assistant.threads.setStatus line shown under a thread, "" when none: it
// clears after StatusTTL or when the app next posts in the thread.
func (s *Sim) ThreadStatus(channelID, threadTS string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.statuses[channelID+"/"+threadTS]
	if st == nil || time.Since(st.at) >= s.opts.StatusTTL {
		return ""
	}
	return st.text
}

type threadStatus struct {
	text string
	at   time.Time
}

// tierLimitedLocked counts a call against its method's tier and reports the wait when over it.
func (s *Sim) tierLimitedLocked(method string) (time.Duration, bool) {
	limit, ok := tierPerMinute[method]
	if !ok || s.opts.UnlimitedTiers {
		return 0, false
	}
	now := time.Now()
	recent := s.tierCalls[method][:0]
	for _, at := range s.tierCalls[method] {
		if now.Sub(at) < time.Minute {
			recent = append(recent, at)
		}
	}
	if len(recent) >= limit {
		s.tierCalls[method] = recent
		return time.Minute - now.Sub(recent[0]), true
	}
	s.tierCalls[method] = append(recent, now)
	return 0, false
}

// streamText reads markdown_text and applies the 12,000-character limit.
func (s *Sim) streamText(c *call) (string, error) {
	text := c.p.get("markdown_text")
	if c.p.has("chunks") {
		return "", fail("not_supported_by_slacksim", "slacksim streams markdown_text only")
	}
	if n := utf8.RuneCountInString(text); n > maxStreamText {
		s.locked(func() {
			s.violationLocked("%s: msg_too_long: markdown_text has %d characters (limit %d)", c.method, n, maxStreamText)
		})
		return "", fail("msg_too_long")
	}
	return text, nil
}

func (s *Sim) chatStartStream(c *call) (map[string]any, error) {
	text, err := s.streamText(c)
	if err != nil {
		return nil, err
	}
	return s.inPostableChannel(c, func(ch *channel) (map[string]any, error) {
		if err := s.checkRecipientLocked(ch, c.p); err != nil {
			return nil, err
		}
		threadTS := c.p.get("thread_ts")
		if threadTS == "" || ch.byTS[threadTS] == nil {
			return nil, fail("invalid_thread_ts")
		}
		threadTS, _ = threadOf(ch, threadTS)
		m := &Message{TS: s.nextTSLocked(), ThreadTS: threadTS, Channel: ch.ID, Text: text,
			User: BotUserID, BotID: BotID, Streaming: true, streamStart: time.Now()}
		s.clearStatusLocked(ch.ID, threadTS)
		s.addMessageLocked(ch, m)
		return map[string]any{"channel": ch.ID, "ts": m.TS}, nil
	})
}

// checkRecipientLocked: outside DMs a stream names the person and team it answers.
func (s *Sim) checkRecipientLocked(ch *channel, p params) error {
	if ch.IsIM {
		return nil
	}
	user, team := p.get("recipient_user_id"), p.get("recipient_team_id")
	switch {
	case user == "":
		return fail("missing_recipient_user_id")
	case team == "":
		return fail("missing_recipient_team_id")
	case s.users[user] == nil:
		return fail("user_not_found")
	case team != TeamID:
		return fail("team_not_found")
	}
	return nil
}

func (s *Sim) chatAppendStream(c *call) (map[string]any, error) {
	text, err := s.streamText(c)
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, fail("no_text")
	}
	return s.inStream(c, func(m *Message) {
		m.Text += text
	}, false)
}

func (s *Sim) chatStopStream(c *call) (map[string]any, error) {
	text, err := s.streamText(c)
	if err != nil {
		return nil, err
	}
	blocks, _, err := s.messageBlocks(c)
	if err != nil {
		return nil, err
	}
	return s.inStream(c, func(m *Message) {
		m.Text += text
		m.Blocks = rawBlocks(blocks)
		if md, ok := c.p.json("metadata"); ok {
			m.Metadata = md
		}
		m.Streaming = false
	}, true)
}

// inStream changes, under the lock, the streaming message a call names and answers with its
// channel and ts (and the whole message, withMessage, as chat.stopStream does).
func (s *Sim) inStream(c *call, change func(m *Message), withMessage bool) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, err := s.streamingMessageLocked(c)
	if err != nil {
		return nil, err
	}
	change(m)
	s.notifyLocked()
	answer := map[string]any{"channel": ch.ID, "ts": m.TS}
	if withMessage {
		answer["message"] = m.wire()
	}
	return answer, nil
}

// streamingMessageLocked finds the bot's message a call names and checks it is still streaming;
// a stream past StreamTTL has ended on its own.
func (s *Sim) streamingMessageLocked(c *call) (*channel, *Message, error) {
	ch, m, err := s.botMessageLocked(c, "cant_update_message")
	if err != nil {
		return nil, nil, err
	}
	s.expireLocked(m)
	if m.stoppedByUser {
		return nil, nil, fail("stopped_by_user")
	}
	if !m.Streaming {
		return nil, nil, fail("message_not_in_streaming_state")
	}
	return ch, m, nil
}

// expireLocked ends a stream that has run longer than StreamTTL.
func (s *Sim) expireLocked(m *Message) {
	if m.Streaming && time.Since(m.streamStart) >= s.opts.StreamTTL {
		m.Streaming = false
		s.notifyLocked()
	}
}

func (s *Sim) assistantThreadsSetStatus(c *call) (map[string]any, error) {
	channelID, threadTS, status := c.p.get("channel_id"), c.p.get("thread_ts"), c.p.get("status")
	if channelID == "" || threadTS == "" {
		return nil, fail("invalid_arguments", "channel_id and thread_ts are required")
	}
	if msgs := c.p.get("loading_messages"); msgs != "" {
		list := strings.Split(msgs, ",")
		if len(list) > 10 {
			return nil, fail("invalid_arguments", "loading_messages: at most 10")
		}
		for _, l := range list {
			if utf8.RuneCountInString(l) > 50 {
				return nil, fail("invalid_arguments", "loading_messages: at most 50 characters each")
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.resolveChannelLocked(channelID)
	if ch == nil {
		return nil, fail("channel_not_found")
	}
	if ch.byTS[threadTS] == nil {
		return nil, fail("invalid_thread_ts")
	}
	key := ch.ID + "/" + threadTS
	if status == "" {
		delete(s.statuses, key)
	} else {
		s.statuses[key] = &threadStatus{text: status, at: time.Now()}
	}
	s.notifyLocked()
	return map[string]any{}, nil
}

// clearStatusLocked removes a thread's status: the app's next message in it does that.
func (s *Sim) clearStatusLocked(channelID, threadTS string) {
	if threadTS != "" {
		delete(s.statuses, channelID+"/"+threadTS)
	}
}

// StopStream presses Stop on a message the bot is streaming, as the person it answers can: the
// stream ends with the text it has, and the bot's later appendStream and stopStream calls answer
// stopped_by_user (chat.update works again). It fails the test when the message is not streaming.
func (u *User) StopStream(channelID, ts string) {
	s := u.s
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, _ := s.findVisibleLocked(channelID, ts, u.ID)
	if m == nil || !m.Streaming {
		s.t.Fatalf("slacksim: no streaming message %s in %s to stop", ts, channelID)
	}
	m.Streaming, m.stoppedByUser = false, true
	s.notifyLocked()
}
