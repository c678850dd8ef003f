package slacksim

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

const maxModalStack = 3 // "Currently the limit is 3" (views.push)

// trigger is a trigger_id handed to the app with an interaction: valid for TriggerTTL, usable once.
type trigger struct {
	user    string
	created time.Time
	used    bool
}

// viewRec is a stored modal or Home tab view.
type viewRec struct {
	id, user, typ      string
	view               map[string]any // as the bot sent it, with Slack-assigned ids
	hash               string
	rootID, previousID string
	values             map[string]map[string]map[string]any // person's input: block_id → action_id → state
	errors             map[string]string                    // response_action "errors", by block_id
}

// modalStack is the modal a person has open: up to three views, root first.
type modalStack struct {
	ids []string
	seq int64 // bumps on every open, push, update, error and close
}

func (s *Sim) issueTriggerLocked(user string) string {
	s.seq++
	id := fmt.Sprintf("%d.%d.%s", time.Now().Unix(), s.seq, randToken(32))
	s.triggers[id] = &trigger{user: user, created: time.Now()}
	return id
}

// useTrigger exchanges a trigger_id, with Slack's errors for unknown, reused and expired ones.
func (s *Sim) useTriggerLocked(id string) (string, error) {
	t := s.triggers[id]
	switch {
	case id == "":
		return "", fail("invalid_arguments", "[ERROR] missing required field: trigger_id")
	case t == nil:
		return "", fail("invalid_trigger_id")
	case t.used:
		return "", fail("exchanged_trigger_id")
	case time.Since(t.created) > s.opts.TriggerTTL:
		return "", fail("expired_trigger_id")
	}
	t.used = true
	return t.user, nil
}

func (s *Sim) stackLocked(user string) *modalStack {
	st := s.modals[user]
	if st == nil {
		st = &modalStack{}
		s.modals[user] = st
	}
	return st
}

func (st *modalStack) bump(s *Sim) {
	st.seq++
	s.notifyLocked()
}

// viewArg decodes and validates the view argument (a JSON object, or a string holding one).
func (s *Sim) viewArg(c *call, want string) (map[string]any, error) {
	raw, ok := c.p.json("view")
	if !ok {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: view")
	}
	if len(raw) > maxViewBytes {
		s.recordViolations(c.method, "view_too_large", []string{fmt.Sprintf("view is %d bytes", len(raw))})
		return nil, fail("view_too_large")
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		s.recordViolations(c.method, "invalid_arguments", []string{"view is not a JSON object"})
		return nil, fail("invalid_arguments", "[ERROR] view must be a JSON object [json-pointer:/view]")
	}
	stripNulls(v)
	if errs := validateView(v, "/view", want); len(errs) > 0 {
		s.recordViolations(c.method, "invalid_arguments", errs)
		return nil, fail("invalid_arguments", errs...)
	}
	assignIDs(asSlice(v["blocks"]))
	return v, nil
}

func (s *Sim) newViewLocked(user, typ string, v map[string]any) *viewRec {
	r := &viewRec{id: s.nextIDLocked("V"), user: user, typ: typ, view: v, hash: newHash(),
		values: map[string]map[string]map[string]any{}}
	r.rootID = r.id
	s.views[r.id] = r
	return r
}

func newHash() string { return fmt.Sprintf("%d.%s", time.Now().Unix(), randToken(8)) }

func (s *Sim) viewsOpen(c *call) (map[string]any, error) {
	return s.triggeredModal(c, func(user string, v map[string]any) (*viewRec, error) {
		r := s.newViewLocked(user, "modal", v)
		st := s.stackLocked(user)
		st.ids = []string{r.id}
		st.bump(s)
		return r, nil
	})
}

func (s *Sim) viewsPush(c *call) (map[string]any, error) { return s.triggeredModal(c, s.pushLocked) }

// triggeredModal reads the modal of views.open or views.push, spends its trigger id under the lock,
// and answers with the view that show (run under the lock) puts up for the trigger's person.
func (s *Sim) triggeredModal(c *call, show func(user string, v map[string]any) (*viewRec, error)) (map[string]any, error) {
	v, err := s.viewArg(c, "modal")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, err := s.useTriggerLocked(c.p.get("trigger_id"))
	if err != nil {
		return nil, err
	}
	r, err := show(user, v)
	if err != nil {
		return nil, err
	}
	return map[string]any{"view": s.fullViewLocked(r)}, nil
}

func (s *Sim) pushLocked(user string, v map[string]any) (*viewRec, error) {
	st := s.stackLocked(user)
	if len(st.ids) == 0 {
		return nil, fail("not_found")
	}
	if len(st.ids) >= maxModalStack {
		return nil, fail("push_limit_reached")
	}
	r := s.newViewLocked(user, "modal", v)
	r.rootID, r.previousID = st.ids[0], st.ids[len(st.ids)-1]
	st.ids = append(st.ids, r.id)
	st.bump(s)
	return r, nil
}

func (s *Sim) viewsUpdate(c *call) (map[string]any, error) {
	s.mu.Lock()
	r := s.views[c.p.get("view_id")]
	if r == nil && c.p.get("external_id") != "" {
		r = s.viewByExternalIDLocked(c.p.get("external_id"))
	}
	s.mu.Unlock()
	if r == nil {
		return nil, fail("not_found")
	}
	v, err := s.viewArg(c, r.typ)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.typ == "modal" && !slices.Contains(s.stackLocked(r.user).ids, r.id) {
		return nil, fail("not_found") // the person closed it
	}
	if h := c.p.get("hash"); h != "" && h != r.hash {
		return nil, fail("hash_conflict")
	}
	s.replaceViewLocked(r, v)
	return map[string]any{"view": s.fullViewLocked(r)}, nil
}

// replaceViewLocked swaps a view's content; input the person typed survives where block_id and
// action_id are unchanged (stateValues only reads keys still present).
func (s *Sim) replaceViewLocked(r *viewRec, v map[string]any) {
	r.view, r.hash, r.errors = v, newHash(), nil
	if r.typ == "modal" {
		s.stackLocked(r.user).bump(s)
	}
	s.notifyLocked()
}

func (s *Sim) viewByExternalIDLocked(ext string) *viewRec {
	for _, r := range s.views {
		if asString(r.view["external_id"]) == ext {
			return r
		}
	}
	return nil
}

func (s *Sim) viewsPublish(c *call) (map[string]any, error) {
	user := c.p.get("user_id")
	s.mu.Lock()
	known := s.users[user] != nil
	s.mu.Unlock()
	if !known {
		return nil, fail("user_not_found")
	}
	v, err := s.viewArg(c, "home")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.views[s.homes[user]]
	if r == nil {
		r = s.newViewLocked(user, "home", v)
		s.homes[user] = r.id
		s.notifyLocked()
		return map[string]any{"view": s.fullViewLocked(r)}, nil
	}
	if h := c.p.get("hash"); h != "" && h != r.hash {
		return nil, fail("hash_conflict")
	}
	s.replaceViewLocked(r, v)
	return map[string]any{"view": s.fullViewLocked(r)}, nil
}

// fullViewLocked is the view object Slack returns and puts in payloads: the bot's view plus id, hash,
// state and the app's identity.
func (s *Sim) fullViewLocked(r *viewRec) map[string]any {
	v := map[string]any{
		"id": r.id, "team_id": TeamID, "type": r.typ, "blocks": r.view["blocks"],
		"private_metadata": asString(r.view["private_metadata"]), "callback_id": asString(r.view["callback_id"]),
		"state": map[string]any{"values": r.stateValues()}, "hash": r.hash,
		"clear_on_close": r.view["clear_on_close"] == true, "notify_on_close": r.view["notify_on_close"] == true,
		"root_view_id": r.rootID, "previous_view_id": nil, "app_id": AppID,
		"external_id": asString(r.view["external_id"]), "app_installed_team_id": TeamID, "bot_id": BotID,
	}
	if r.previousID != "" {
		v["previous_view_id"] = r.previousID
	}
	if r.typ == "modal" {
		v["title"], v["close"], v["submit"] = r.view["title"], r.view["close"], r.view["submit"]
	}
	return v
}

// NewTrigger issues a trigger_id for a person as if they had just interacted, for tests that call
// views.open directly.
func (s *Sim) NewTrigger(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueTriggerLocked(userID)
}
