package slacksim

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
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

// Role is a person's place in the workspace as users.info reports it.
type Role int

const (
	RoleMember       Role = iota // a full member
	RoleAdmin                    // a workspace admin: is_admin
	RoleOwner                    // a workspace owner: is_owner and is_admin
	RolePrimaryOwner             // the primary owner: is_primary_owner, is_owner and is_admin
	RoleGuest                    // a multi-channel guest: is_restricted
)

// SetRole makes a person a member, an admin, an owner, the primary owner or a guest.
func (s *Sim) SetRole(userID string, role Role) {
	s.locked(func() {
		if u := s.users[userID]; u != nil {
			u.Role = role
		}
	})
}

// json is the user object users.info and users.lookupByEmail answer with.
func (u *userRec) json() map[string]any {
	label, off := tzOffset(u.TZ)
	return map[string]any{
		"id": u.ID, "team_id": TeamID, "name": u.Name, "deleted": u.Deleted, "real_name": u.RealName,
		"tz": u.TZ, "tz_label": label, "tz_offset": off, "is_bot": false, "is_app_user": false,
		"is_admin":         u.Role == RoleAdmin || u.Role == RoleOwner || u.Role == RolePrimaryOwner,
		"is_owner":         u.Role == RoleOwner || u.Role == RolePrimaryOwner,
		"is_primary_owner": u.Role == RolePrimaryOwner,
		"is_restricted":    u.Role == RoleGuest, "is_ultra_restricted": false,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name,
			"email": u.email(), "image_48": "https://example.com/" + u.ID + ".png"},
	}
}

// usersLookupByEmail finds a person by the address in their profile (name@example.com here);
// Slack answers users_not_found for an address nobody in the workspace has.
func (s *Sim) usersLookupByEmail(c *call) (map[string]any, error) {
	email := strings.ToLower(strings.TrimSpace(c.p.get("email")))
	if email == "" {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: email")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.email() == email {
			return map[string]any{"user": u.json()}, nil
		}
	}
	return nil, fail("users_not_found")
}

// usersListMax is the most users.list answers per page, as Slack caps limit.
const usersListMax = 1000

// usersList pages through the workspace's people in id order, limit at a time (Slack's default
// and the recommended size is 200 or fewer); response_metadata.next_cursor is empty on the last page.
func (s *Sim) usersList(c *call) (map[string]any, error) {
	limit := usersListMax
	if l := c.p.get("limit"); l != "" && l != "0" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, fail("invalid_limit")
		}
		limit = min(n, usersListMax)
	}
	from := 0
	if cur := c.p.get("cursor"); cur != "" {
		raw, err := base64.StdEncoding.DecodeString(cur)
		n, aerr := strconv.Atoi(strings.TrimPrefix(string(raw), "user:"))
		if err != nil || aerr != nil || n < 0 {
			return nil, fail("invalid_cursor")
		}
		from = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := slices.Sorted(maps.Keys(s.users))
	members := []map[string]any{}
	for _, id := range ids[min(from, len(ids)):min(from+limit, len(ids))] {
		members = append(members, s.users[id].json())
	}
	next := ""
	if from+limit < len(ids) {
		next = base64.StdEncoding.EncodeToString([]byte("user:" + strconv.Itoa(from+limit)))
	}
	return map[string]any{"members": members, "cache_ts": time.Now().Unix(),
		"response_metadata": map[string]any{"next_cursor": next}}, nil
}
