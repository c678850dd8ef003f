package slacksim

import (
	"strings"
	"time"
)

type userRec struct {
	ID, Name, RealName, TZ string
	Deleted                bool // deactivated
	Role                   Role
}

// email is the address users.info and users.lookupByEmail know a person by.
func (u *userRec) email() string { return u.Name + "@example.com" }

// channel is a conversation: a public channel (C…) or the bot's DM with one person (D…).
type channel struct {
	ID, Name  string
	IsIM      bool
	User      string // the person in a DM
	BotMember bool
	Created   int64
	top       []*Message            // top-level messages in order
	byTS      map[string]*Message   // every message, top-level or reply
	replies   map[string][]*Message // thread_ts → replies in order
}

func newChannel(id, name string) *channel {
	return &channel{ID: id, Name: name, Created: time.Now().Unix(),
		byTS: map[string]*Message{}, replies: map[string][]*Message{}}
}

// AddUser adds a person; users.info knows their name, real_name and time zone (America/New_York
// unless SetTimezone says otherwise).
func (s *Sim) AddUser(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextIDLocked("U")
	s.users[id] = &userRec{ID: id, Name: name, RealName: titleCase(name), TZ: "America/New_York"}
	return id
}

// SetTimezone sets a person's IANA time zone as users.info reports it.
func (s *Sim) SetTimezone(userID, tz string) {
	s.locked(func() {
		if u := s.users[userID]; u != nil {
			u.TZ = tz
		}
	})
}

// AddChannel adds a public channel with the bot as a member and returns its C… id.
func (s *Sim) AddChannel(name string) string { return s.addChannel(name, true) }

// AddChannelWithoutBot adds a public channel the bot has not joined (posting there fails with
// not_in_channel until conversations.join).
func (s *Sim) AddChannelWithoutBot(name string) string { return s.addChannel(name, false) }

func (s *Sim) addChannel(name string, member bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextIDLocked("C")
	ch := newChannel(id, strings.TrimPrefix(name, "#"))
	ch.BotMember = member
	s.channels[id] = ch
	return id
}

// dmLocked returns the bot's DM channel with a person, opening it if needed.
func (s *Sim) dmLocked(userID string) *channel {
	if id, ok := s.dms[userID]; ok {
		return s.channels[id]
	}
	id := s.nextIDLocked("D")
	ch := newChannel(id, "")
	ch.IsIM, ch.User, ch.BotMember = true, userID, true
	s.channels[id] = ch
	s.dms[userID] = id
	return ch
}

// postableChannelLocked is the conversation a post names, if the bot may post there: Slack answers
// channel_not_found or not_in_channel otherwise.
func (s *Sim) postableChannelLocked(id string) (*channel, error) {
	ch := s.resolveChannelLocked(id)
	if ch == nil {
		return nil, fail("channel_not_found")
	}
	if !ch.BotMember {
		return nil, fail("not_in_channel")
	}
	return ch, nil
}

// resolveChannelLocked finds the conversation a Web API call names; a user id means their DM.
func (s *Sim) resolveChannelLocked(id string) *channel {
	if _, ok := s.users[id]; ok {
		return s.dmLocked(id)
	}
	return s.channels[id]
}

func (s *Sim) userName(id string) string {
	if u := s.users[id]; u != nil {
		return u.Name
	}
	return ""
}

func tzOffset(tz string) (label string, offset int) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return tz, 0
	}
	name, off := time.Now().In(loc).Zone()
	return name, off
}

func titleCase(s string) string {
	words := strings.Fields(strings.NewReplacer(".", " ", "_", " ", "-", " ").Replace(s))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func (c *channel) json(botMember bool) map[string]any {
	m := map[string]any{
		"id": c.ID, "name": c.Name, "created": c.Created, "creator": "U00000000",
		"is_channel": !c.IsIM, "is_group": false, "is_im": c.IsIM, "is_mpim": false,
		"is_private": c.IsIM, "is_archived": false, "is_general": false, "is_member": botMember,
		"is_ext_shared": false, "is_org_shared": false, "context_team_id": TeamID,
		"topic":   map[string]any{"value": "", "creator": "", "last_set": 0},
		"purpose": map[string]any{"value": "", "creator": "", "last_set": 0},
	}
	if c.IsIM {
		m["user"] = c.User
		m["is_open"] = true
		delete(m, "name")
	}
	return m
}
