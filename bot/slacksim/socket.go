package slacksim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const (
	maxFrameBytes  = 20480 // Slack closes the socket with 1009 above this
	maxConnections = 10    // Slack allows up to 10 open sockets per app
	readLimitBytes = 1 << 20
	hostName       = "applink-slacksim"
)

// slack-go dials with "Origin: https://api.slack.com", which gorilla's default check would refuse.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// conn is one Socket Mode WebSocket.
type conn struct {
	id       int
	ws       *websocket.Conn
	wmu      sync.Mutex // gorilla allows one concurrent writer
	ready    bool       // hello sent
	draining bool       // disconnect sent: no more envelopes
	done     chan struct{}
	once     sync.Once
}

func (c *conn) writeText(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (c *conn) writeJSON(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.writeText(data)
}

func (c *conn) closeNow() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
		_ = c.ws.Close()
	})
}

// Connections counts the open Socket Mode connections that got their hello.
func (s *Sim) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns {
		if c.ready {
			n++
		}
	}
	return n
}

// TotalConnections counts every WebSocket ever accepted, so tests can see reconnects.
func (s *Sim) TotalConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totalConns
}

// WaitConnections waits until at least n connections are open and ready; false on timeout.
func (s *Sim) WaitConnections(n int) bool {
	return s.waitUntil(s.opts.WaitTimeout, func() bool { return s.readyCountLocked() >= n })
}

func (s *Sim) readyCountLocked() int {
	n := 0
	for _, c := range s.conns {
		if c.ready && !c.draining {
			n++
		}
	}
	return n
}

// StopPings stops server PINGs on every socket (slack-go reconnects after its ping interval).
func (s *Sim) StopPings() { s.pings.Store(false) }

// StartPings resumes server PINGs.
func (s *Sim) StartPings() { s.pings.Store(true) }

// Refresh sends disconnect/refresh_requested to every connection and closes them shortly after.
func (s *Sim) Refresh() { s.disconnectAll("refresh_requested", s.opts.CloseDelay) }

// Warn sends disconnect/warning to every connection and closes them after WarningDelay.
func (s *Sim) Warn() { s.disconnectAll("warning", s.opts.WarningDelay) }

// DisableLink sends disconnect/link_disabled (Socket Mode turned off in the app settings); until
// EnableLink, apps.connections.open answers socket_mode_disabled (a simulator choice: what Slack
// answers is undocumented) and slack-go keeps retrying with backoff.
func (s *Sim) DisableLink() {
	s.locked(func() { s.linkOff = true })
	s.disconnectAll("link_disabled", s.opts.CloseDelay)
}

// EnableLink turns Socket Mode back on.
func (s *Sim) EnableLink() { s.locked(func() { s.linkOff = false }) }

// RevokeAppToken makes apps.connections.open answer token_revoked from now on.
func (s *Sim) RevokeAppToken() { s.locked(func() { s.revoked = true }) }

func (s *Sim) disconnectAll(reason string, delay time.Duration) {
	s.mu.Lock()
	conns := append([]*conn(nil), s.conns...)
	for _, c := range conns {
		c.draining = true
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		s.disconnect(c, reason, delay)
	}
}

func (s *Sim) disconnect(c *conn, reason string, delay time.Duration) {
	_ = c.writeJSON(map[string]any{"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": hostName}})
	s.afterFunc(delay, func() { s.dropConn(c) })
}

// handleConnectionsOpen serves apps.connections.open: app token in the Authorization header only.
func (s *Sim) handleConnectionsOpen(w http.ResponseWriter, r *http.Request) {
	token := bearer(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case token == "":
		writeError(w, &apiErr{code: "not_authed"})
	case token != s.appToken:
		writeError(w, &apiErr{code: "invalid_auth"})
	case s.revoked:
		writeError(w, &apiErr{code: "token_revoked"})
	case s.linkOff:
		writeError(w, &apiErr{code: "socket_mode_disabled"})
	default:
		ticket := newUUID()
		s.tickets[ticket] = time.Now()
		url := "ws://" + r.Host + "/link/?ticket=" + ticket + "&app_id=" + AppID
		writeOK(w, map[string]any{"url": url})
	}
}

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(r *http.Request) string {
	return strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer"))
}

// handleLink upgrades a ticketed URL to a Socket Mode connection and serves it until it closes.
func (s *Sim) handleLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	_, ok := s.tickets[ticket]
	delete(s.tickets, ticket)
	s.mu.Unlock()
	if !ok {
		s.protoErr("websocket dial with an unknown or already used ticket %q (fetch a new URL per connect)", ticket)
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(readLimitBytes)
	c := &conn{ws: ws, done: make(chan struct{})}
	if !s.register(c) {
		return
	}
	go s.pingLoop(c)
	s.readLoop(c)
}

// register adds the connection and sends hello, or refuses it when closed or over the limit.
func (s *Sim) register(c *conn) bool {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.closeNow()
		return false
	}
	if len(s.conns) >= maxConnections {
		s.mu.Unlock()
		s.disconnect(c, "too_many_websockets", s.opts.CloseDelay)
		return false
	}
	s.totalConns++
	c.id = s.totalConns
	s.conns = append(s.conns, c)
	n := len(s.conns)
	s.mu.Unlock()
	hello := map[string]any{"type": "hello", "num_connections": n,
		"connection_info": map[string]any{"app_id": AppID},
		"debug_info": map[string]any{"host": hostName, "started": time.Now().UTC().Format("2006-01-02 15:04:05.000"),
			"build_number": 1, "approximate_connection_time": 18060}}
	data, _ := json.Marshal(hello)
	// Ready before hello is on the wire, but holding the write lock keeps envelopes behind it.
	c.wmu.Lock()
	s.locked(func() {
		c.ready = true
		s.notifyLocked()
	})
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	err := c.ws.WriteMessage(websocket.TextMessage, data)
	c.wmu.Unlock()
	if err != nil {
		s.dropConn(c)
		return false
	}
	return true
}

func (s *Sim) dropConn(c *conn) {
	s.mu.Lock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	c.closeNow()
}

func (s *Sim) pingLoop(c *conn) {
	tick := time.NewTicker(s.opts.PingInterval)
	defer tick.Stop()
	for {
		select {
		case <-c.done:
			return
		case now := <-tick.C:
			if s.pings.Load() {
				_ = c.ws.WriteControl(websocket.PingMessage, []byte(now.Format(time.RFC3339Nano)), now.Add(5*time.Second))
			}
		}
	}
}

// readLoop reads acks until the socket fails; frames over 20480 bytes close it with 1009 like Slack.
func (s *Sim) readLoop(c *conn) {
	defer s.dropConn(c)
	for {
		typ, rd, err := c.ws.NextReader()
		if err != nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(rd, maxFrameBytes+1))
		if err != nil {
			return
		}
		if len(data) > maxFrameBytes {
			s.protoErr("client frame larger than %d bytes: closed with 1009", maxFrameBytes)
			s.closeTooBig(c, rd)
			return
		}
		if typ != websocket.TextMessage {
			s.protoErr("client sent a non-text frame (type %d)", typ)
			continue
		}
		s.handleAck(data)
	}
}

// closeTooBig drains the oversized message, sends close 1009 and waits briefly for the client's close.
func (s *Sim) closeTooBig(c *conn, rd io.Reader) {
	_, _ = io.Copy(io.Discard, rd)
	_ = c.ws.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseMessageTooBig, "Max frame length of 20480 has been exceeded."),
		time.Now().Add(time.Second))
	_ = c.ws.SetReadDeadline(time.Now().Add(time.Second))
	for {
		if _, _, err := c.ws.NextReader(); err != nil {
			return
		}
	}
}
