package clientos_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestSetCadence(t *testing.T) {
	t.Parallel()
	doc := "---\nmax_chars: 3000\ncadence: 3/week # the plan\nmax_hashtags: 3\n---\nOpen with a number.\n"
	got, err := clientos.SetCadence(doc, clientos.Cadence{Count: 2, Per: clientos.PerWeek})
	require.NoError(t, err)
	require.Equal(t, "---\nmax_chars: 3000\ncadence: 2/week # the plan\nmax_hashtags: 3\n---\nOpen with a number.\n", got)

	quoted := "---\ncadence: \"5/day\"\n---\nBody\n"
	got, err = clientos.SetCadence(quoted, clientos.Cadence{Count: 1, Per: clientos.PerWeek})
	require.NoError(t, err)
	require.Equal(t, "---\ncadence: 1/week\n---\nBody\n", got)

	_, err = clientos.SetCadence("---\nmax_chars: 3000\n---\nBody\n", clientos.Cadence{Count: 2, Per: clientos.PerWeek})
	require.ErrorContains(t, err, `no "cadence" key`)
	_, err = clientos.SetCadence(doc, clientos.Cadence{})
	require.Error(t, err)
}
