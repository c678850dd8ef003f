package slacksim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Messages lists a channel's top-level messages in order (thread broadcasts included).
func (s *Sim) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(channelID)
}

func (s *Sim) messagesLocked(channelID string) []Message {
	ch := s.channels[channelID]
	if ch == nil {
		return nil
	}
	return cloneAll(ch.top)
}

func cloneAll(list []*Message) []Message {
	out := make([]Message, 0, len(list))
	for _, m := range list {
		out = append(out, m.clone())
	}
	return out
}

// Replies lists a thread's replies in order (without the parent).
func (s *Sim) Replies(channelID, threadTS string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repliesLocked(channelID, threadTS)
}

func (s *Sim) repliesLocked(channelID, threadTS string) []Message {
	ch := s.channels[channelID]
	if ch == nil {
		return nil
	}
	return cloneAll(ch.replies[threadTS])
}

// Message returns one message (top-level or reply) by ts; ok is false if there is none.
func (s *Sim) Message(channelID, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil && ch.byTS[ts] != nil {
		return ch.byTS[ts].clone(), true
	}
	return Message{}, false
}

// Ephemerals lists the ephemeral messages shown to a person, in order.
func (s *Sim) Ephemerals(userID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ephemeralsLocked(userID)
}

func (s *Sim) ephemeralsLocked(userID string) []Message {
	var out []Message
	for _, m := range s.ephem {
		if m.Recipient == userID {
			out = append(out, m.clone())
		}
	}
	return out
}

// DMs lists the top-level messages in the bot's DM with a person.
func (s *Sim) DMs(userID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.dms[userID]
	if !ok {
		return nil
	}
	return s.messagesLocked(id)
}

// Messages is what this person sees in a channel: its top-level messages plus the ephemeral
// messages shown to them there, in ts order.
func (u *User) Messages(channelID string) []Message {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.messagesLocked(channelID)
	for _, m := range s.ephemeralsLocked(u.ID) {
		if m.Channel == channelID && m.ThreadTS == "" {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return tsLess(out[i].TS, out[j].TS) })
	return out
}

func tsLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// WaitMessage waits for a top-level message in the channel matching match and returns it; after
// WaitTimeout it fails the test, listing what is there.
func (s *Sim) WaitMessage(channelID string, match func(Message) bool) Message {
	s.t.Helper()
	return s.waitFor("message in "+channelID, func() []Message { return s.messagesLocked(channelID) }, match)
}

// WaitReply waits for a reply in the thread matching match.
func (s *Sim) WaitReply(channelID, threadTS string, match func(Message) bool) Message {
	s.t.Helper()
	return s.waitFor("reply in "+channelID+" thread "+threadTS,
		func() []Message { return s.repliesLocked(channelID, threadTS) }, match)
}

// WaitEphemeral waits for an ephemeral message to the person matching match.
func (s *Sim) WaitEphemeral(userID string, match func(Message) bool) Message {
	s.t.Helper()
	return s.waitFor("ephemeral message to "+userID, func() []Message { return s.ephemeralsLocked(userID) }, match)
}

// WaitDM waits for a message in the bot's DM with the person matching match.
func (s *Sim) WaitDM(userID string, match func(Message) bool) Message {
	s.t.Helper()
	return s.waitFor("DM to "+userID, func() []Message {
		if id, ok := s.dms[userID]; ok {
			return s.messagesLocked(id)
		}
		return nil
	}, match)
}

func (s *Sim) waitFor(what string, list func() []Message, match func(Message) bool) Message {
	s.t.Helper()
	var found Message
	var last []Message
	ok := s.waitUntil(s.opts.WaitTimeout, func() bool {
		last = list()
		for _, m := range last {
			if match == nil || match(m) {
				found = m
				return true
			}
		}
		return false
	})
	if !ok {
		s.t.Fatalf("slacksim: no matching %s within %s; there are %d:\n%s", what, s.opts.WaitTimeout, len(last), dump(last))
	}
	return found
}

func dump(msgs []Message) string {
	var sb strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&sb, "  ts=%s user=%s text=%q blocks=%q buttons=%q\n", m.TS, m.User, m.Text, m.BlockTexts(), m.Buttons())
	}
	return sb.String()
}

// Home is a person's published App Home tab.
type Home struct {
	Published bool
	ID, Hash  string
	JSON      json.RawMessage // the full view, state included
	Texts     []string
	Buttons   []string
}

// Home returns the App Home the bot published for a person (Published false if none).
func (s *Sim) Home(userID string) Home {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.views[s.homes[userID]]
	if r == nil {
		return Home{}
	}
	full, _ := json.Marshal(s.fullViewLocked(r))
	blocks := asSlice(r.view["blocks"])
	return Home{Published: true, ID: r.id, Hash: r.hash, JSON: full, Texts: blockTexts(blocks),
		Buttons: buttonLabels(blocks)}
}
