package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResultsModalRefusesMoreReactionsThanImpressions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.bindAsMaria(3)
	w.seedPublished(1, "Faster close")
	var id string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), "SELECT id::text FROM pieces").Scan(&id))
	before := w.scalar(`SELECT count(*) FROM metric_snapshots`)

	w.sam.Command(w.channel, "/mos", "results #"+id)
	m := w.sam.WaitModal()
	res := m.Fill("Impressions", "10").Fill("Reactions", "500").Submit()
	require.Len(t, res.Errors, 1, "%v", res.ErrorsByLabel)
	require.Contains(t, res.ErrorsByLabel["Reactions"], "500 reactions on 10 impressions cannot be right")
	require.Equal(t, before, w.scalar(`SELECT count(*) FROM metric_snapshots`), "nothing stored")
}
