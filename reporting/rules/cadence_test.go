package rules

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

func TestCadenceChange(t *testing.T) {
	t.Parallel()
	style := "---\ncadence: 1/week\n---\nBody\n"
	snap := clientos.Snapshot{Docs: map[string]clientos.Version{"style/x": {Content: style, Version: 4}}}
	weeks := func(pub ...int) []evidence.CadenceWeek {
		out := make([]evidence.CadenceWeek, len(pub))
		for i, n := range pub {
			out[i] = evidence.CadenceWeek{Key: "2026-W0" + string(rune('1'+i)), Planned: 1, Published: n}
		}
		return out
	}
	s := clientos.Style{Platform: "x", Cadence: clientos.Cadence{Count: 1, Per: clientos.PerWeek}}
	c := cadenceChange(snap, s, weeks(0, 0, 0))
	require.NotNil(t, c)
	require.Equal(t, "---\ncadence: 2/month\n---\nBody\n", c.NewContent, "1/week missed throughout becomes 2/month")
	require.Equal(t, 4, c.BaseVersion)
	require.Nil(t, cadenceChange(snap, s, weeks(0, 1, 0)), "a kept week in the three: no proposal")

	daily := clientos.Style{Platform: "x", Cadence: clientos.Cadence{Count: 2, Per: clientos.PerDay}}
	ws := weeks(3, 5, 4)
	for i := range ws {
		ws[i].Planned = 14
	}
	snap.Docs["style/x"] = clientos.Version{Content: "---\ncadence: 2/day\n---\nBody\n", Version: 1}
	c = cadenceChange(snap, daily, ws)
	require.Equal(t, "---\ncadence: 5/week\n---\nBody\n", c.NewContent, "the best week's count, per week")

	snap.Docs["style/x"] = clientos.Version{Content: "---\nmax_chars: 9\n---\nBody\n", Version: 1}
	c = cadenceChange(snap, daily, ws)
	require.Contains(t, c.Refuse, "cannot change style/x.md's cadence automatically")
}
