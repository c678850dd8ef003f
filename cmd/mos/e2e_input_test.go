package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResultsModalRefusesMoreReactionsThanImpressions(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	w.seedPublished(1, "Faster close")
	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces").Scan(&id))
	before := w.scalar(`SELECT count(*) FROM metric_snapshots`)

	m := w.mosModal(w.sam, "results #"+id)
	res := m.Fill("Impressions", "10").Fill("Reactions", "500").Submit()
	require.Len(t, res.Errors, 1, "%v", res.ErrorsByLabel)
	require.Contains(t, res.ErrorsByLabel["Reactions"], "500 reactions on 10 impressions cannot be right")
	require.Equal(t, before, w.scalar(`SELECT count(*) FROM metric_snapshots`), "nothing stored")
}

func TestDraftBriefIsCleanedOfTerminalEscapes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.bindAsMaria(2)
	w.sam.Command(w.channel, "/draft", "study https://example.com/close-survey Why the \x1b[31mclose\x1b[0m still\x00 takes 9 days\u202e")
	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.NotContains(t, msg.AllText(), "\x1b")
	var brief string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT brief FROM pieces").Scan(&brief))
	require.Equal(t, "Why the close still takes 9 days", brief)
	req := w.llm.Requests()[0]
	last := req.Messages[len(req.Messages)-1].Content
	require.Contains(t, last, "Why the close still takes 9 days")
	require.NotContains(t, last, "\x1b", "the model never sees the escapes")
}
