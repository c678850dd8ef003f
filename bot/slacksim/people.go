package slacksim

import (
	"encoding/json"
	"strings"
)

// DeactivateUser deactivates a person, as a workspace admin would: users.info reports them
// deleted and conversations.open refuses a DM with them (user_disabled). Messages already in
// their DM stay, and posting there still succeeds, as Slack does.
func (s *Sim) DeactivateUser(userID string) { s.setDeleted(userID, true) }

// ReactivateUser undoes DeactivateUser.
func (s *Sim) ReactivateUser(userID string) { s.setDeleted(userID, false) }

func (s *Sim) setDeleted(userID string, deleted bool) {
	s.locked(func() {
		if u := s.users[userID]; u != nil {
			u.Deleted = deleted
		}
	})
}

// FailCalls makes the next n calls of a Web API method answer Slack's error shape with code
// ({"ok":false,"error":code}), e.g. "fatal_error" or "request_timeout" for an outage of one
// method. Calls still counts them.
func (s *Sim) FailCalls(method, code string, n int) { s.FailCallsIn(method, "", code, n) }

// FailCallsIn is FailCalls for the calls that name one channel (their channel argument); calls
// about other channels succeed.
func (s *Sim) FailCallsIn(method, channelID, code string, n int) {
	s.locked(func() { s.failures[method] = &failure{code: code, channel: channelID, remaining: n} })
}

type failure struct {
	code, channel string
	remaining     int
}

// failingLocked reports the error a failing method answers with, counting the call down.
func (s *Sim) failingLocked(method string, p params) error {
	f := s.failures[method]
	if f == nil || f.remaining <= 0 || (f.channel != "" && p.get("channel") != f.channel) {
		return nil
	}
	f.remaining--
	return fail(f.code)
}

// Permalink is the link chat.getPermalink answers for a message.
func (s *Sim) Permalink(channelID, ts string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil && ch.byTS[ts] != nil {
		return permalink(channelID, ch.byTS[ts])
	}
	return ""
}

// ValidateMessageBlocks checks a message's blocks array against Block Kit's limits as the Web API
// would, for tests of renderers that never reach the simulator. No errors means Slack accepts it.
func ValidateMessageBlocks(blocks json.RawMessage) []string {
	var list []any
	if err := json.Unmarshal(blocks, &list); err != nil {
		return []string{"invalid_blocks_format: blocks is not a JSON array"}
	}
	stripNulls(list)
	return validateMessageBlocks(list, "/blocks")
}

// ValidateHomeView checks an App Home view object (type "home") as views.publish would.
func ValidateHomeView(view json.RawMessage) []string {
	var v map[string]any
	if err := json.Unmarshal(view, &v); err != nil {
		return []string{"invalid_arguments: view is not a JSON object"}
	}
	stripNulls(v)
	return validateView(v, "/view", "home")
}

// isDisabledLocked says whether a user id names a deactivated person.
func (s *Sim) isDisabledLocked(id string) bool {
	u := s.users[strings.TrimSpace(id)]
	return u != nil && u.Deleted
}
