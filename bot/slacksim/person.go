package slacksim

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// verificationToken is the deprecated "token" field Slack still puts in payloads.
const verificationToken = "slacksim-verification-token"

// User acts as one person in the workspace. Its methods must be called from the test goroutine.
type User struct {
	s  *Sim
	ID string

	seenModal int64 // guarded by Sim.mu
}

// CommandResult is what the bot answered to a slash command in its ack.
type CommandResult struct {
	EnvelopeID, TriggerID, ResponseURL string
	Acked                              bool
	Latency                            time.Duration
	Text                               string
	Blocks                             json.RawMessage
	ResponseType                       string
	Payload                            json.RawMessage // the raw ack payload
}

// ActionResult is the outcome of a button press or an event: whether and how fast the bot acked.
type ActionResult struct {
	EnvelopeID, TriggerID string
	Acked                 bool
	Latency               time.Duration
}

// User returns the driver for a person added with AddUser.
func (s *Sim) User(id string) *User {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[id] == nil {
		s.t.Fatalf("slacksim: unknown user %q (add people with AddUser)", id)
	}
	if s.drivers[id] == nil {
		s.drivers[id] = &User{s: s, ID: id}
	}
	return s.drivers[id]
}

func (s *Sim) userObjLocked(id string) map[string]any {
	name := s.userName(id)
	return map[string]any{"id": id, "username": name, "name": name, "team_id": TeamID}
}

func teamObj() map[string]any { return map[string]any{"id": TeamID, "domain": TeamDomain} }

func channelName(ch *channel) string {
	if ch.IsIM {
		return "directmessage"
	}
	return ch.Name
}

// lockChannel takes the simulator's lock and returns the channel channelID names, with the lock
// held; for an unknown channel it releases the lock and fails the test ("slacksim: <what> unknown
// channel"), returning nil.
func (s *Sim) lockChannel(what, channelID string) *channel {
	s.t.Helper()
	s.mu.Lock()
	ch := s.channels[channelID]
	if ch == nil {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: %s unknown channel %q", what, channelID)
	}
	return ch
}

// Command types a slash command in a channel and waits (up to the ack deadline) for the bot's ack.
func (u *User) Command(channelID, command, text string) CommandResult {
	s := u.s
	s.t.Helper()
	ch := s.lockChannel("Command in", channelID)
	if ch == nil {
		return CommandResult{}
	}
	trig := s.issueTriggerLocked(u.ID)
	hook := s.newHookLocked("commands", ch.ID, u.ID, "")
	payload := map[string]any{"token": verificationToken, "team_id": TeamID, "team_domain": TeamDomain,
		"channel_id": ch.ID, "channel_name": channelName(ch), "user_id": u.ID, "user_name": s.userName(u.ID),
		"command": command, "text": text, "api_app_id": AppID, "is_enterprise_install": false,
		"response_url": hook, "trigger_id": trig}
	s.mu.Unlock()
	e := newEnvelope("slash_commands", strings.TrimSpace(command+" "+text), payload, true)
	e.trigger = trig
	e.onAck = func(p json.RawMessage) { s.applyCommandAck(ch.ID, u.ID, p) }
	ar := s.deliver(e)
	res := CommandResult{EnvelopeID: e.id, TriggerID: trig, ResponseURL: hook, Acked: ar.acked,
		Latency: ar.latency, Payload: ar.payload}
	var body struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	_ = json.Unmarshal(ar.payload, &body)
	res.Text, res.Blocks, res.ResponseType = body.Text, body.Blocks, body.ResponseType
	return res
}

// applyCommandAck shows a slash command's ack message: in the channel for in_channel, else to the
// person alone (ephemeral).
func (s *Sim) applyCommandAck(channelID, userID string, payload json.RawMessage) {
	var body struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if len(payload) == 0 || json.Unmarshal(payload, &body) != nil {
		return
	}
	s.postReply("slash_commands ack", channelID, userID, replyBody{text: body.Text, blocks: body.Blocks,
		inChannel: body.ResponseType == "in_channel"})
}

// Press presses the button labelled label on a message (top-level, reply, or an ephemeral message
// this person sees) and waits for the ack. It fails the test, listing the buttons, if there is none.
func (u *User) Press(channelID, messageTS, label string) ActionResult {
	u.s.t.Helper()
	res, missing := u.press(channelID, messageTS, label)
	if missing != "" {
		u.s.t.Fatalf("slacksim: %s", missing)
	}
	return res
}

// TryPress is Press for a driver that races the bot (a soak): when the message or the button is gone
// by the time the person presses — the bot redrew it meanwhile — nothing is sent and ok is false.
func (u *User) TryPress(channelID, messageTS, label string) (res ActionResult, ok bool) {
	res, missing := u.press(channelID, messageTS, label)
	return res, missing == ""
}

// press sends the button's block_actions; missing says why it could not ("" when sent).
func (u *User) press(channelID, messageTS, label string) (ActionResult, string) {
	s := u.s
	s.mu.Lock()
	m, ephemeral := s.findVisibleLocked(channelID, messageTS, u.ID)
	if m == nil {
		s.mu.Unlock()
		return ActionResult{}, fmt.Sprintf("no message %s in %s", messageTS, channelID)
	}
	return u.pressLocked(m, ephemeral, label)
}

// PressAsSeen presses a button on a message as this person saw it earlier — a copy returned by
// WaitDM, WaitMessage or Message — even if the bot has changed the message since: a phone that has
// not redrawn yet sends the button's old value, as Slack clients do.
func (u *User) PressAsSeen(seen Message, label string) ActionResult {
	s := u.s
	s.t.Helper()
	s.mu.Lock()
	if ch := s.channels[seen.Channel]; ch == nil || ch.byTS[seen.TS] == nil {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: no message %s in %s", seen.TS, seen.Channel)
		return ActionResult{}
	}
	res, missing := u.pressLocked(&seen, false, label)
	if missing != "" {
		s.t.Fatalf("slacksim: %s", missing)
	}
	return res
}

// pressLocked presses a button of m, unlocking s.mu before the envelope goes out.
func (u *User) pressLocked(m *Message, ephemeral bool, label string) (ActionResult, string) {
	s := u.s
	s.t.Helper()
	block, btn := findButton(decodeBlocks(m.Blocks), label)
	if btn == nil {
		s.mu.Unlock()
		return ActionResult{}, fmt.Sprintf("no button %q on message %s; buttons: %q", label, m.TS, m.Buttons())
	}
	ch := s.channels[m.Channel]
	trig := s.issueTriggerLocked(u.ID)
	container := map[string]any{"type": "message", "message_ts": m.TS, "channel_id": ch.ID, "is_ephemeral": ephemeral}
	if m.ThreadTS != "" {
		container["thread_ts"] = m.ThreadTS
	}
	payload := s.blockActionsLocked(u.ID, trig, container, block, btn)
	payload["channel"] = map[string]any{"id": ch.ID, "name": channelName(ch)}
	payload["response_url"] = s.newHookLocked("actions", ch.ID, u.ID, m.TS)
	payload["state"] = map[string]any{"values": map[string]any{}}
	if !ephemeral {
		payload["message"] = m.wire()
	}
	s.mu.Unlock()
	return s.sendAction(payload, label, trig), ""
}

func (s *Sim) findVisibleLocked(channelID, ts, userID string) (*Message, bool) {
	if ch := s.channels[channelID]; ch != nil {
		if m := ch.byTS[ts]; m != nil {
			return m, false
		}
	}
	for _, m := range s.ephem {
		if m.TS == ts && m.Channel == channelID && m.Recipient == userID {
			return m, true
		}
	}
	return nil, false
}

func findButton(blocks []any, label string) (block, btn map[string]any) {
	forEachButton(blocks, func(b, el map[string]any) bool {
		if textOf(el["text"]) == label {
			block, btn = b, el
			return true
		}
		return false
	})
	return block, btn
}

// blockActionsLocked builds a block_actions payload for one action.
func (s *Sim) blockActionsLocked(user, trig string, container, block, action map[string]any) map[string]any {
	act := map[string]any{"action_id": action["action_id"], "block_id": block["block_id"],
		"type": action["type"], "action_ts": actionTS()}
	for _, k := range []string{"text", "value", "style"} {
		if v, ok := action[k]; ok {
			act[k] = v
		}
	}
	return map[string]any{"type": "block_actions", "user": s.userObjLocked(user), "api_app_id": AppID,
		"token": verificationToken, "container": container, "trigger_id": trig, "team": teamObj(),
		"enterprise": nil, "is_enterprise_install": false, "actions": []any{act}}
}

func actionTS() string {
	now := time.Now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

func (s *Sim) sendAction(payload map[string]any, label, trig string) ActionResult {
	e := newEnvelope("interactive", "block_actions "+label, payload, false)
	e.trigger = trig
	ar := s.deliver(e)
	return ActionResult{EnvelopeID: e.id, TriggerID: trig, Acked: ar.acked, Latency: ar.latency}
}

// PressInHome presses a button on this person's App Home tab.
func (u *User) PressInHome(label string) ActionResult {
	s := u.s
	s.t.Helper()
	s.mu.Lock()
	r := s.views[s.homes[u.ID]]
	if r == nil {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: %s has no published App Home", u.ID)
		return ActionResult{}
	}
	s.mu.Unlock()
	return s.pressInView(u.ID, r, label)
}

// PressInView presses a button in the modal this person has open (the view on top).
func (u *User) PressInView(label string) ActionResult {
	u.s.t.Helper()
	v := u.Modal()
	if v == nil {
		u.s.t.Fatalf("slacksim: %s has no modal open", u.ID)
		return ActionResult{}
	}
	return v.Press(label)
}

func (s *Sim) pressInView(user string, r *viewRec, label string) ActionResult {
	s.t.Helper()
	s.mu.Lock()
	block, btn := findButton(asSlice(r.view["blocks"]), label)
	if btn == nil {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: no button %q in view %s; buttons: %q", label, r.id, buttonLabels(asSlice(r.view["blocks"])))
		return ActionResult{}
	}
	trig := s.issueTriggerLocked(user)
	container := map[string]any{"type": "view", "view_id": r.id}
	payload := s.blockActionsLocked(user, trig, container, block, btn)
	payload["view"] = s.fullViewLocked(r)
	s.mu.Unlock()
	return s.sendAction(payload, label, trig)
}

// Post writes a message as this person. In the bot's DM it is delivered as a message.im event; in a
// channel, a message mentioning the bot (<@BotUserID>) is delivered as app_mention. It returns the ts.
func (u *User) Post(channelID, text string) string {
	s := u.s
	s.t.Helper()
	ch := s.lockChannel("Post to", channelID)
	if ch == nil {
		return ""
	}
	m := &Message{TS: s.nextTSLocked(), Channel: ch.ID, Text: text, User: u.ID}
	s.addMessageLocked(ch, m)
	event := map[string]any{"client_msg_id": newUUID(), "type": "message", "text": text, "user": u.ID,
		"ts": m.TS, "team": TeamID, "channel": ch.ID, "event_ts": m.TS}
	var kind string
	switch {
	case ch.IsIM:
		kind, event["channel_type"] = "message.im", "im"
	case strings.Contains(text, "<@"+BotUserID+">"):
		kind, event["type"] = "app_mention", "app_mention"
	}
	payload := s.eventPayloadLocked(event)
	s.mu.Unlock()
	if kind != "" {
		s.deliver(newEnvelope("events_api", kind, payload, false))
	}
	return m.TS
}

// SendDM writes to the bot in its DM with this person (a message.im event) and returns the ts.
func (u *User) SendDM(text string) string {
	u.s.t.Helper()
	var id string
	u.s.locked(func() { id = u.s.dmLocked(u.ID).ID })
	return u.Post(id, text)
}

func (s *Sim) eventPayloadLocked(event map[string]any) map[string]any {
	now := time.Now()
	return map[string]any{"token": verificationToken, "team_id": TeamID, "api_app_id": AppID,
		"type": "event_callback", "event_id": "Ev" + randToken(10), "event_time": now.Unix(),
		"authorizations": []any{map[string]any{"enterprise_id": nil, "team_id": TeamID, "user_id": BotUserID,
			"is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-" + randToken(40), "event": event}
}

// OpenHome opens this person's App Home tab: an app_home_opened event (with the published view, if
// any). It waits for the ack.
func (s *Sim) OpenHome(userID string) ActionResult {
	s.t.Helper()
	s.mu.Lock()
	dm := s.dmLocked(userID)
	event := map[string]any{"type": "app_home_opened", "user": userID, "channel": dm.ID, "tab": "home",
		"event_ts": actionTS()}
	if r := s.views[s.homes[userID]]; r != nil {
		event["view"] = s.fullViewLocked(r)
	}
	payload := s.eventPayloadLocked(event)
	s.mu.Unlock()
	e := newEnvelope("events_api", "app_home_opened", payload, false)
	ar := s.deliver(e)
	return ActionResult{EnvelopeID: e.id, Acked: ar.acked, Latency: ar.latency}
}
