package slacksim

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

const (
	maxPostText   = 40000 // chat.postMessage: msg_too_long above this
	maxUpdateText = 4000  // chat.update: "text … cannot exceed 4,000 characters"
)

// messageBlocks decodes and validates the blocks argument; present is false when it was not sent.
func (s *Sim) messageBlocks(c *call) (blocks []any, present bool, err error) {
	raw, ok := c.p.json("blocks")
	if !ok || len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, false, nil
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		s.locked(func() { s.violationLocked("%s: invalid_blocks_format: blocks is not a JSON array", c.method) })
		return nil, true, fail("invalid_blocks_format")
	}
	stripNulls(blocks)
	if errs := validateMessageBlocks(blocks, "/blocks"); len(errs) > 0 {
		s.recordViolations(c.method, "invalid_blocks", errs)
		return nil, true, fail("invalid_blocks", errs...)
	}
	assignIDs(blocks)
	return blocks, true, nil
}

func (s *Sim) recordViolations(method, code string, errs []string) {
	s.locked(func() {
		for _, e := range errs {
			s.violationLocked("%s: %s: %s", method, code, e)
		}
	})
}

// checkText applies no_text and msg_too_long the way Slack does.
func (s *Sim) checkText(method, text string, hasBlocks bool, limit int) error {
	if text == "" && !hasBlocks {
		s.locked(func() { s.violationLocked("%s: no_text: neither text nor blocks", method) })
		return fail("no_text")
	}
	if n := utf8.RuneCountInString(text); n > limit {
		s.locked(func() { s.violationLocked("%s: msg_too_long: text has %d characters (limit %d)", method, n, limit) })
		return fail("msg_too_long")
	}
	return nil
}

func rawBlocks(blocks []any) json.RawMessage {
	if len(blocks) == 0 {
		return nil
	}
	b, _ := json.Marshal(blocks)
	return b
}

// postContent reads a new message's blocks and text, refusing what Slack would refuse.
func (s *Sim) postContent(c *call) ([]any, string, error) {
	blocks, _, err := s.messageBlocks(c)
	if err != nil {
		return nil, "", err
	}
	text := c.p.get("text")
	if err := s.checkText(c.method, text, len(blocks) > 0 || c.p.has("attachments"), maxPostText); err != nil {
		return nil, "", err
	}
	return blocks, text, nil
}

func (s *Sim) chatPostMessage(c *call) (map[string]any, error) {
	blocks, text, err := s.postContent(c)
	if err != nil {
		return nil, err
	}
	return s.inPostableChannel(c, func(ch *channel) (map[string]any, error) {
		threadTS, err := threadOf(ch, c.p.get("thread_ts"))
		if err != nil {
			return nil, err
		}
		m := &Message{TS: s.nextTSLocked(), ThreadTS: threadTS, Channel: ch.ID, Text: text, Blocks: rawBlocks(blocks),
			User: BotUserID, BotID: BotID, UnfurlLinks: boolParam(c.p, "unfurl_links"),
			UnfurlMedia: boolParam(c.p, "unfurl_media"), ReplyBroadcast: c.p.get("reply_broadcast") == "true"}
		if md, ok := c.p.json("metadata"); ok {
			m.Metadata = md
		}
		s.clearStatusLocked(ch.ID, threadTS)
		s.addMessageLocked(ch, m)
		return map[string]any{"channel": ch.ID, "ts": m.TS, "message": m.wire()}, nil
	})
}

// inPostableChannel runs post under the lock with the conversation a call names, once it is
// one the bot may post to.
func (s *Sim) inPostableChannel(c *call, post func(ch *channel) (map[string]any, error)) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.postableChannelLocked(c.p.get("channel"))
	if err != nil {
		return nil, err
	}
	return post(ch)
}

// threadOf resolves thread_ts to the thread's parent ts (a reply's ts names its thread).
func threadOf(ch *channel, ts string) (string, error) {
	if ts == "" {
		return "", nil
	}
	parent := ch.byTS[ts]
	if parent == nil {
		return "", fail("thread_not_found")
	}
	if parent.ThreadTS != "" {
		return parent.ThreadTS, nil
	}
	return parent.TS, nil
}

func (s *Sim) addMessageLocked(ch *channel, m *Message) {
	ch.byTS[m.TS] = m
	if m.ThreadTS == "" {
		ch.top = append(ch.top, m)
	} else {
		ch.replies[m.ThreadTS] = append(ch.replies[m.ThreadTS], m)
		if parent := ch.byTS[m.ThreadTS]; parent != nil {
			parent.ReplyCount++
		}
		if m.ReplyBroadcast {
			ch.top = append(ch.top, m)
		}
	}
	s.notifyLocked()
}

func (s *Sim) chatUpdate(c *call) (map[string]any, error) {
	blocks, hasBlocks, err := s.messageBlocks(c)
	if err != nil {
		return nil, err
	}
	text, hasText := c.p.get("text"), c.p.has("text")
	if !hasText && !hasBlocks && !c.p.has("attachments") {
		return nil, s.checkText(c.method, "", false, maxUpdateText)
	}
	if err := s.checkText(c.method, text, true, maxUpdateText); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, err := s.botMessageLocked(c, "cant_update_message")
	if err != nil {
		return nil, err
	}
	if s.expireLocked(m); m.Streaming {
		return nil, fail("streaming_state_conflict")
	}
	// Sending text without blocks removes the blocks; omitting both keeps them, as chat.update does.
	if hasBlocks || hasText {
		m.Blocks = rawBlocks(blocks)
	}
	if hasText {
		m.Text = text
	}
	m.Updated++
	s.notifyLocked()
	return map[string]any{"channel": ch.ID, "ts": m.TS, "text": m.Text, "message": m.wire()}, nil
}

func (s *Sim) chatPostEphemeral(c *call) (map[string]any, error) {
	blocks, text, err := s.postContent(c)
	if err != nil {
		return nil, err
	}
	return s.inPostableChannel(c, func(ch *channel) (map[string]any, error) {
		user := c.p.get("user")
		if s.users[user] == nil || (ch.IsIM && ch.User != user) {
			return nil, fail("user_not_in_channel")
		}
		m := &Message{TS: s.nextTSLocked(), ThreadTS: c.p.get("thread_ts"), Channel: ch.ID, Text: text,
			Blocks: rawBlocks(blocks), User: BotUserID, BotID: BotID, Recipient: user}
		s.ephem = append(s.ephem, m)
		s.notifyLocked()
		return map[string]any{"message_ts": m.TS}, nil
	})
}

func (s *Sim) chatDelete(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, err := s.botMessageLocked(c, "cant_delete_message")
	if err != nil {
		return nil, err
	}
	s.deleteMessageLocked(ch, m)
	return map[string]any{"channel": ch.ID, "ts": m.TS}, nil
}

func (s *Sim) deleteMessageLocked(ch *channel, m *Message) {
	delete(ch.byTS, m.TS)
	ch.top = removeMsg(ch.top, m)
	if m.ThreadTS != "" {
		ch.replies[m.ThreadTS] = removeMsg(ch.replies[m.ThreadTS], m)
		if parent := ch.byTS[m.ThreadTS]; parent != nil && parent.ReplyCount > 0 {
			parent.ReplyCount--
		}
	}
	s.notifyLocked()
}

func removeMsg(list []*Message, m *Message) []*Message {
	out := list[:0:0]
	for _, x := range list {
		if x != m {
			out = append(out, x)
		}
	}
	return out
}

func (s *Sim) chatGetPermalink(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, err := s.callMessageLocked(c, "message_ts", "message_not_found")
	if err != nil {
		return nil, err
	}
	return map[string]any{"channel": ch.ID, "permalink": permalink(ch.ID, m)}, nil
}

func permalink(channelID string, m *Message) string {
	link := "https://" + TeamDomain + ".slack.com/archives/" + channelID + "/p" + strings.ReplaceAll(m.TS, ".", "")
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		link += "?thread_ts=" + m.ThreadTS + "&cid=" + channelID
	}
	return link
}

func (s *Sim) reactionsAdd(c *call) (map[string]any, error) {
	name := c.p.get("name")
	if name == "" || strings.Contains(name, ":") {
		return nil, fail("invalid_name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.callMessageLocked(c, "timestamp", "message_not_found")
	if err != nil {
		return nil, err
	}
	for _, r := range m.Reactions {
		if r == name {
			return nil, fail("already_reacted")
		}
	}
	m.Reactions = append(append([]string(nil), m.Reactions...), name)
	s.notifyLocked()
	return map[string]any{}, nil
}

// assignIDs fills in block_id and action_id where the bot left them out, as Slack does on storing.
func assignIDs(blocks []any) {
	for _, bv := range blocks {
		b := asMap(bv)
		if b == nil {
			continue
		}
		if _, ok := b["block_id"]; !ok && b["type"] != "markdown" {
			b["block_id"] = randToken(4)
		}
		for _, e := range blockElements(b) {
			if el := asMap(e); el != nil && el["type"] != "image" {
				if _, ok := el["action_id"]; !ok {
					el["action_id"] = randToken(5)
				}
			}
		}
	}
}

// blockElements lists a block's interactive elements (actions elements, accessory, input element).
func blockElements(b map[string]any) []any {
	switch asString(b["type"]) {
	case "actions", "context_actions":
		return asSlice(b["elements"])
	case "section":
		if b["accessory"] != nil {
			return []any{b["accessory"]}
		}
	case "input":
		if b["element"] != nil {
			return []any{b["element"]}
		}
	}
	return nil
}

// botMessageLocked finds the message a call's channel and ts name; only the bot's own messages
// may be changed (Slack answers refusal otherwise).
// callChannelLocked is the conversation a call's "channel" names.
func (s *Sim) callChannelLocked(c *call) (*channel, error) {
	ch := s.channels[c.p.get("channel")]
	if ch == nil {
		return nil, fail("channel_not_found")
	}
	return ch, nil
}

// callMessageLocked is the message a call names: in the conversation its "channel" names, at the
// ts its tsParam holds; missing is Slack's error when there is no such message.
func (s *Sim) callMessageLocked(c *call, tsParam, missing string) (*channel, *Message, error) {
	ch, err := s.callChannelLocked(c)
	if err != nil {
		return nil, nil, err
	}
	m := ch.byTS[c.p.get(tsParam)]
	if m == nil {
		return nil, nil, fail(missing)
	}
	return ch, m, nil
}

func (s *Sim) botMessageLocked(c *call, refusal string) (*channel, *Message, error) {
	ch, m, err := s.callMessageLocked(c, "ts", "message_not_found")
	if err != nil {
		return nil, nil, err
	}
	if m.User != BotUserID {
		return nil, nil, fail(refusal)
	}
	return ch, m, nil
}
