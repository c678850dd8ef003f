package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func (w *world) scalar(sql string, args ...any) int {
	w.t.Helper()
	var n int
	require.NoError(w.t, w.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func (w *world) pieceState(id string) string {
	w.t.Helper()
	var s string
	require.NoError(w.t, w.db.Pool.QueryRow(context.Background(), "SELECT state FROM pieces WHERE id = $1::bigint", id).Scan(&s))
	return s
}

// TestDraftOutlineApprove is the first loop a team runs: bind, draft from a source, read the
// outline, approve it — with a non-approver and a double click along the way.
func TestDraftOutlineApprove(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()

	w.sam.Command(w.channel, "/draft", "study https://example.com/report Why the close takes 9 days")
	refusal := w.sim.WaitEphemeral(w.samID, containing("not bound"))
	require.Contains(t, refusal.AllText(), "/mos bind")
	require.Zero(t, w.scalar("SELECT count(*) FROM pieces"))

	w.bindAsMaria(2)
	w.sam.Command(w.channel, "/draft", "study <https://example.com/close-survey> Why the month-end close still takes 9 days")
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))
	text := msg.AllText()
	for _, want := range []string{"Why the month-end close still takes 9 days", "Most CFOs blame people",
		"Where the days go", "Book a 20-minute close review", "Faster close", "Northwind Ledger", "linkedin",
		"cap 1/2 today", "study source"} {
		require.Contains(t, text, want)
	}
	require.Equal(t, []string{"Approve", "Edit", "Revise", "Reject"}, msg.Buttons())
	require.False(t, msg.WouldUnfurl(), "bot posts must not unfurl links")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM piece_versions WHERE phase = 'outline' AND author_kind = 'ai'"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM llm_calls WHERE status = 'ok'"))

	// The prompt puts the Client OS first, the request last.
	req := w.llm.Requests()[0]
	require.Equal(t, "system", req.Messages[0].Role)
	require.Contains(t, req.Messages[0].Content, "Northwind Ledger")
	require.Contains(t, req.Messages[len(req.Messages)-1].Content, "Why the month-end close still takes 9 days")

	// A writer cannot approve; nothing changes.
	w.sam.Press(w.channel, msg.TS, "Approve")
	w.sim.WaitEphemeral(w.samID, containing("approvers can do that"))
	id := pieceID(t, w)
	require.Equal(t, "outline_ready", w.pieceState(id))

	// The approver approves; the same message updates in place and the draft follows in its thread.
	w.maria.Press(w.channel, msg.TS, "Approve")
	updated := w.sim.WaitMessage(w.channel, containing("Draft ready for review in the thread"))
	require.Equal(t, msg.TS, updated.TS)
	require.Empty(t, updated.Buttons())
	require.Equal(t, "draft_ready", w.pieceState(id))
	w.sim.WaitReply(w.channel, msg.TS, withButton("Approve"))
	require.Len(t, w.sim.Replies(w.channel, msg.TS), 1)
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reviews WHERE decision = 'approved'"))
	require.Len(t, w.sim.Messages(w.channel), 3, "bind notice, approver notice and one piece message: a clean list")
}

func pieceID(t *testing.T, w *world) string {
	t.Helper()
	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces ORDER BY id DESC LIMIT 1").Scan(&id))
	return id
}

// TestApproveOnceUnderRepeatsAndRaces: a repeated envelope, and two approvers pressing at the same
// moment, change the piece once; the one who lost the race is told who approved it and where it is now.
func TestApproveOnceUnderRepeatsAndRaces(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	anaID := w.sim.AddUser("ana")
	w.mosPosted(w.maria, "approvers add <@"+anaID+"|ana>", "<@"+anaID+"> as an approver")
	w.sam.Command(w.channel, "/draft", "https://example.com/report Why the close takes 9 days")
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))

	w.sim.RepeatNext() // Slack delivers Maria's press twice with one envelope id
	var wg sync.WaitGroup
	for _, u := range []*slacksim.User{w.maria, w.sim.User(anaID)} {
		wg.Add(1)
		go func() { defer wg.Done(); u.Press(w.channel, msg.TS, "Approve") }()
	}
	wg.Wait()
	w.sim.WaitReply(w.channel, msg.TS, withButton("Approve"))
	var told []string
	require.Eventually(t, func() bool {
		told = nil
		for _, id := range []string{w.mariaID, anaID} {
			for _, m := range w.sim.Ephemerals(id) {
				if strings.Contains(m.AllText(), "so nothing changed") {
					told = append(told, m.AllText())
				}
			}
		}
		return len(told) > 0
	}, 10*time.Second, 20*time.Millisecond, "the approver who lost the race is told")
	require.Len(t, told, 1)
	require.Contains(t, told[0], "already approved the outline")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM reviews"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE state IN ('outline_approved', 'draft_ready')"))
}

// TestDraftRefusals: each bad /draft gets a clear reply and stores nothing.
func TestDraftRefusals(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	// want is a phrase of the refusal that says what was wrong or what to do instead.
	cases := []struct{ text, want string }{
		{"Why the close takes 9 days", "Try: /draft"},
		{"javascript:alert(1) brief", "http"},
		{"ftp://example.com/file brief", "http"},
		{"file:///etc/passwd brief", "http"},
		{"https://user:secret@example.com/x brief", "password"},
		{"https://example.com/" + strings.Repeat("a", 2001) + " brief", "2000"},
		{"podcast https://example.com/x brief", "interview"},
		{"https://example.com/x " + strings.Repeat("b", 4001), "4000"},
	}
	for _, tc := range cases {
		w.sam.Command(w.channel, "/draft", tc.text)
		w.sim.WaitEphemeral(w.samID, func(m slacksim.Message) bool {
			return strings.Contains(strings.ToLower(m.AllText()), strings.ToLower(tc.want))
		})
	}
	require.Zero(t, w.scalar("SELECT count(*) FROM pieces"))
	require.Zero(t, w.scalar("SELECT count(*) FROM source_signals"))
	require.Zero(t, w.llm.Count())
}
