package slacksim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"time"
)

const (
	maxHookUses = 5 // a response_url works up to 5 times within 30 minutes
	hookTTL     = 30 * time.Minute
)

// responseURL is a response_url handed out with a slash command or a message button press.
type responseURL struct {
	channel, user, messageTS string
	uses                     int
	created                  time.Time
}

func (s *Sim) newHookLocked(kind, channel, user, messageTS string) string {
	s.seq++
	secret := randToken(24)
	s.hooks[secret] = &responseURL{channel: channel, user: user, messageTS: messageTS, created: time.Now()}
	return fmt.Sprintf("%s/hooks/%s/%s/%d/%s", s.srv.URL, kind, TeamID, s.seq, secret)
}

// replyBody is a message sent through a response_url or a slash-command ack.
type replyBody struct {
	text         string
	blocks       json.RawMessage
	inChannel    bool
	threadTS     string
	replace, del bool
	messageTS    string
}

// handleHook serves response_url POSTs: {text, blocks, response_type, replace_original,
// delete_original, thread_ts}.
func (s *Sim) handleHook(w http.ResponseWriter, r *http.Request) {
	secret := path.Base(r.URL.Path)
	s.mu.Lock()
	h := s.hooks[secret]
	var usedUp, expired bool
	if h != nil {
		h.uses++
		usedUp, expired = h.uses > maxHookUses, time.Since(h.created) > hookTTL
		if usedUp || expired {
			s.violationLocked("response_url used %d times / after %s (limit %d uses in 30 min)",
				h.uses, time.Since(h.created).Round(time.Second), maxHookUses)
		}
	}
	s.mu.Unlock()
	switch {
	case h == nil:
		http.Error(w, "no_service", http.StatusNotFound)
		return
	case usedUp:
		writeError(w, fail("used_url"))
		return
	case expired:
		writeError(w, fail("expired_url"))
		return
	}
	var body map[string]any
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(data, &body); err != nil {
		writeError(w, fail("invalid_payload"))
		return
	}
	blocks, _ := json.Marshal(body["blocks"])
	rb := replyBody{text: asString(body["text"]), blocks: blocks, inChannel: body["response_type"] == "in_channel",
		threadTS: asString(body["thread_ts"]), replace: truthy(body["replace_original"]),
		del: truthy(body["delete_original"]), messageTS: h.messageTS}
	if err := s.postReply("response_url", h.channel, h.user, rb); err != nil {
		writeError(w, err)
		return
	}
	writeOK(w, nil)
}

func truthy(v any) bool { return v == true || v == "true" }

// postReply shows a reply the way Slack does: delete or replace the source message, post in the
// channel (in_channel), or show it to the one person (ephemeral, the default).
func (s *Sim) postReply(source, channelID, userID string, b replyBody) error {
	var blocks []any
	if len(b.blocks) > 0 && string(b.blocks) != "null" {
		if err := json.Unmarshal(b.blocks, &blocks); err != nil {
			s.recordViolations(source, "invalid_blocks_format", []string{"blocks is not a JSON array"})
			return fail("invalid_blocks_format")
		}
		stripNulls(blocks)
		if errs := validateMessageBlocks(blocks, "/blocks"); len(errs) > 0 {
			s.recordViolations(source, "invalid_blocks", errs)
			return fail("invalid_blocks", errs...)
		}
		assignIDs(blocks)
	}
	if b.text == "" && len(blocks) == 0 && !b.del {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return fail("channel_not_found")
	}
	orig, ephemeral := s.findVisibleLocked(channelID, b.messageTS, userID)
	switch {
	case b.del && orig != nil && ephemeral:
		s.ephem = removeMsg(s.ephem, orig)
	case b.del && orig != nil:
		s.deleteMessageLocked(ch, orig)
	case b.replace && orig != nil:
		orig.Text, orig.Blocks = b.text, rawBlocks(blocks)
		orig.Updated++
	case b.inChannel:
		threadTS, err := threadOf(ch, b.threadTS)
		if err != nil {
			return err
		}
		s.addMessageLocked(ch, &Message{TS: s.nextTSLocked(), ThreadTS: threadTS, Channel: ch.ID, Text: b.text,
			Blocks: rawBlocks(blocks), User: BotUserID, BotID: BotID})
	default:
		s.ephem = append(s.ephem, &Message{TS: s.nextTSLocked(), ThreadTS: b.threadTS, Channel: ch.ID,
			Text: b.text, Blocks: rawBlocks(blocks), User: BotUserID, BotID: BotID, Recipient: userID})
	}
	s.notifyLocked()
	return nil
}
