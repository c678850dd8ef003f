package slacksim

import (
	"encoding/json"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// handler serves one Web API method; it runs without Sim.mu held.
type handler func(c *call) (map[string]any, error)

// call is one authenticated Web API request.
type call struct {
	method string
	r      *http.Request
	p      params
}

// apiErr is a Slack error answer: HTTP 200 {"ok":false,"error":code,"response_metadata":{"messages":…}}.
type apiErr struct {
	code     string
	messages []string
}

func (e *apiErr) Error() string { return e.code }

func fail(code string, messages ...string) error { return &apiErr{code: code, messages: messages} }

type rateLimit struct {
	remaining  int
	retryAfter time.Duration
}

// RateLimit makes the next n calls of method answer HTTP 429 with Retry-After (whole seconds, rounded
// up) and {"ok":false,"error":"ratelimited"}. Calls still counts them.
func (s *Sim) RateLimit(method string, n int, retryAfter time.Duration) {
	s.locked(func() { s.rateLimits[method] = &rateLimit{remaining: n, retryAfter: retryAfter} })
}

func (s *Sim) apiHandlers() map[string]handler {
	return map[string]handler{
		"auth.test":                    s.authTest,
		"users.info":                   s.usersInfo,
		"users.lookupByEmail":          s.usersLookupByEmail,
		"users.list":                   s.usersList,
		"conversations.info":           s.conversationsInfo,
		"conversations.open":           s.conversationsOpen,
		"conversations.join":           s.conversationsJoin,
		"conversations.history":        s.conversationsHistory,
		"conversations.replies":        s.conversationsReplies,
		"chat.postMessage":             s.chatPostMessage,
		"chat.update":                  s.chatUpdate,
		"chat.postEphemeral":           s.chatPostEphemeral,
		"chat.delete":                  s.chatDelete,
		"chat.getPermalink":            s.chatGetPermalink,
		"reactions.add":                s.reactionsAdd,
		"views.open":                   s.viewsOpen,
		"views.push":                   s.viewsPush,
		"views.update":                 s.viewsUpdate,
		"views.publish":                s.viewsPublish,
		"files.getUploadURLExternal":   s.filesGetUploadURL,
		"files.completeUploadExternal": s.filesCompleteUpload,
		"files.info":                   s.filesInfo,
		"chat.startStream":             s.chatStartStream,
		"chat.appendStream":            s.chatAppendStream,
		"chat.stopStream":              s.chatStopStream,
		"assistant.threads.setStatus":  s.assistantThreadsSetStatus,
	}
}

func (s *Sim) handleAPI(w http.ResponseWriter, r *http.Request) {
	if !s.roundTrip(r) {
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if s.rateLimited(w, method) {
		return
	}
	if method == "apps.connections.open" {
		s.handleConnectionsOpen(w, r)
		return
	}
	h, ok := s.handlers[method]
	if !ok {
		s.protoErr("Web API method %q is not simulated", method)
		writeError(w, fail("unknown_method"))
		return
	}
	p, err := parseParams(r)
	if err != nil {
		writeError(w, err)
		return
	}
	if err := s.checkBotToken(r, p); err != nil {
		writeError(w, err)
		return
	}
	var failing error
	s.locked(func() { failing = s.failingLocked(method, p) })
	if failing != nil {
		writeError(w, failing)
		return
	}
	res, err := h(&call{method: method, r: r, p: p})
	if err != nil {
		writeError(w, err)
		return
	}
	s.runAfterCall(method, p.get("channel"))
	writeOK(w, res)
}

// AfterCall runs fn once, after the next successful call to method in channelID has taken effect
// and before its answer is written: a test can crash the caller just as Slack made its message,
// so the caller never learns of it.
func (s *Sim) AfterCall(method, channelID string, fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.afterCall[method+" "+channelID] = fn
}

func (s *Sim) runAfterCall(method, channelID string) {
	s.mu.Lock()
	key := method + " " + channelID
	fn := s.afterCall[key]
	delete(s.afterCall, key)
	s.mu.Unlock()
	if fn != nil {
		fn()
	}
}

// roundTrip waits out APILatency; false when the caller went away meanwhile.
func (s *Sim) roundTrip(r *http.Request) bool {
	if s.opts.APILatency <= 0 {
		return true
	}
	t := time.NewTimer(s.opts.APILatency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// rateLimited counts the call and answers 429 when a RateLimit is pending for the method or the
// call goes over its method's tier.
func (s *Sim) rateLimited(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	s.calls[method]++
	s.notifyLocked()
	rl := s.rateLimits[method]
	limited := rl != nil && rl.remaining > 0
	var secs int
	if limited {
		rl.remaining--
		secs = int(math.Ceil(rl.retryAfter.Seconds()))
	} else if wait, over := s.tierLimitedLocked(method); over {
		limited, secs = true, max(1, int(math.Ceil(wait.Seconds())))
	}
	s.mu.Unlock()
	if !limited {
		return false
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
	return true
}

// checkBotToken accepts the bot token as Bearer header or as the token parameter, like Slack.
func (s *Sim) checkBotToken(r *http.Request, p params) error {
	token := bearer(r)
	if token == "" {
		token = p.get("token")
	}
	switch {
	case token == "":
		return fail("not_authed")
	case token == s.appToken:
		return fail("not_allowed_token_type")
	case token != s.botToken:
		return fail("invalid_auth")
	}
	return nil
}

// params holds a request's arguments from the query, a form body or a JSON body.
type params struct {
	str map[string]string
	raw map[string]json.RawMessage // JSON body values, verbatim
}

func (p params) get(k string) string { return p.str[k] }

func (p params) has(k string) bool {
	_, ok := p.str[k]
	if !ok {
		_, ok = p.raw[k]
	}
	return ok
}

// json returns a JSON argument: a JSON body value, or a form/JSON string holding JSON (Slack takes both).
func (p params) json(k string) (json.RawMessage, bool) {
	if raw, ok := p.raw[k]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return json.RawMessage(s), true
		}
		return raw, true
	}
	v, ok := p.str[k]
	return json.RawMessage(v), ok
}

func parseParams(r *http.Request) (params, error) {
	p := params{str: map[string]string{}, raw: map[string]json.RawMessage{}}
	for k, v := range r.URL.Query() {
		p.str[k] = v[0]
	}
	if r.Method != http.MethodPost {
		return p, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return p, fail("invalid_form_data")
	}
	if ct == "application/json" {
		return p, parseJSONBody(body, p)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return p, fail("invalid_form_data")
	}
	for k, v := range form {
		p.str[k] = v[0]
	}
	return p, nil
}

func parseJSONBody(body []byte, p params) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return fail("invalid_json")
	}
	for k, v := range m {
		p.raw[k] = v
		var s string
		if json.Unmarshal(v, &s) == nil {
			p.str[k] = s
		} else if v[0] != '{' && v[0] != '[' {
			p.str[k] = string(v) // numbers and booleans
		}
	}
	return nil
}

func writeOK(w http.ResponseWriter, fields map[string]any) {
	body := map[string]any{"ok": true}
	for k, v := range fields {
		body[k] = v
	}
	writeJSON(w, body)
}

func writeError(w http.ResponseWriter, err error) {
	ae, ok := err.(*apiErr)
	if !ok {
		ae = &apiErr{code: "internal_error", messages: []string{err.Error()}}
	}
	body := map[string]any{"ok": false, "error": ae.code}
	if len(ae.messages) > 0 {
		body["response_metadata"] = map[string]any{"messages": ae.messages}
	}
	writeJSON(w, body)
}

func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Sim) authTest(*call) (map[string]any, error) {
	return map[string]any{"url": "https://" + TeamDomain + ".slack.com/", "team": "Slack Sim",
		"user": BotName, "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID,
		"is_enterprise_install": false}, nil
}

func (s *Sim) usersInfo(c *call) (map[string]any, error) {
	id := c.p.get("user")
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == BotUserID {
		return map[string]any{"user": map[string]any{"id": BotUserID, "team_id": TeamID, "name": BotName,
			"real_name": BotName, "is_bot": true, "deleted": false,
			"profile": map[string]any{"bot_id": BotID, "real_name": BotName, "display_name": BotName}}}, nil
	}
	u := s.users[id]
	if u == nil {
		return nil, fail("user_not_found")
	}
	return map[string]any{"user": u.json()}, nil
}

func (s *Sim) conversationsInfo(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.callChannelLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"channel": ch.json(ch.BotMember)}, nil
}

func (s *Sim) conversationsOpen(c *call) (map[string]any, error) {
	users := strings.Split(c.p.get("users"), ",")
	if c.p.get("users") == "" {
		return nil, fail("users_list_not_supplied")
	}
	if len(users) > 1 {
		return nil, fail("not_supported_by_slacksim", "slacksim opens DMs with one person only")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[users[0]] == nil {
		return nil, fail("user_not_found")
	}
	if s.isDisabledLocked(users[0]) {
		return nil, fail("user_disabled")
	}
	_, already := s.dms[users[0]]
	ch := s.dmLocked(users[0])
	res := map[string]any{"channel": map[string]any{"id": ch.ID}}
	if c.p.get("return_im") == "true" {
		res["channel"] = ch.json(true)
	}
	if already {
		res["already_open"] = true
		res["no_op"] = true
	}
	return res, nil
}

func (s *Sim) conversationsJoin(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.callChannelLocked(c)
	if err != nil {
		return nil, err
	}
	if ch.IsIM {
		return nil, fail("method_not_supported_for_channel_type")
	}
	res := map[string]any{"channel": ch.json(true)}
	if ch.BotMember {
		res["warning"] = "already_in_channel"
		res["response_metadata"] = map[string]any{"warnings": []string{"already_in_channel"}}
	}
	ch.BotMember = true
	return res, nil
}

func (s *Sim) conversationsHistory(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.callChannelLocked(c)
	if err != nil {
		return nil, err
	}
	oldest, limit := c.p.get("oldest"), 100
	if n, err := strconv.Atoi(c.p.get("limit")); err == nil && n > 0 {
		limit = min(n, 999)
	}
	var msgs []any
	for i := len(ch.top) - 1; i >= 0 && len(msgs) < limit; i-- {
		if oldest == "" || tsLess(oldest, ch.top[i].TS) {
			msgs = append(msgs, historyWire(c, ch.top[i]))
		}
	}
	return map[string]any{"messages": msgs, "has_more": false, "pin_count": 0}, nil
}

// historyWire is a message as conversations.history and .replies list it: with its metadata only
// when include_all_metadata asks for it.
func historyWire(c *call, m *Message) map[string]any {
	w := m.wire()
	if v := c.p.get("include_all_metadata"); v != "true" && v != "1" {
		delete(w, "metadata")
	}
	return w
}

func (s *Sim) conversationsReplies(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, parent, err := s.callMessageLocked(c, "ts", "thread_not_found")
	if err != nil {
		return nil, err
	}
	if parent.ThreadTS != "" && parent.ThreadTS != parent.TS {
		parent = ch.byTS[parent.ThreadTS]
	}
	msgs := []any{historyWire(c, parent)}
	for _, m := range ch.replies[parent.TS] {
		msgs = append(msgs, historyWire(c, m))
	}
	return map[string]any{"messages": msgs, "has_more": false}, nil
}

func boolParam(p params, k string) *bool {
	if !p.has(k) {
		return nil
	}
	v := p.get(k)
	b := v == "true" || v == "1"
	return &b
}
