package quality

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMatchTellsAtWordBoundaries(t *testing.T) {
	t.Parallel()
	tells := []string{"robust", "delve", "in today's fast-paced world", "élan"}
	cases := map[string][]string{
		"a robust plan":                          {"robust"},
		"robustness matters":                     nil,
		"we delve, then we rest":                 {"delve"},
		"in today's fast-paced world, we close.": {"in today's fast-paced world"},
		"with élan.":                             {"élan"},
		"sans élanx":                             nil,
		"":                                       nil,
	}
	for text, want := range cases {
		require.Equal(t, want, matchTells(text, tells), text)
	}
}

func TestMeasureCountsWhatItSays(t *testing.T) {
	t.Parallel()
	f := measure("I think we might ship it? Yes!\n\n- one\n- two 🚀\n\nSee https://x.test/a.b #close #cfo", nil)
	require.True(t, f.english)
	require.InDelta(t, 1.0/5, f.value[featQuestions], 1e-9, "sentences: the question, the answer, two list items, the link line")
	require.InDelta(t, 1.0/5, f.value[featExclamations], 1e-9)
	require.InDelta(t, 5.0/3, f.value[featParagraphSentences], 1e-9, "five sentences in three paragraphs")
	require.Equal(t, 2.0, f.value[featHashtags])
	require.Equal(t, 1.0, f.value[featLinks])
	require.InDelta(t, 2.0/4, f.value[featLists], 1e-9, "two of four lines are list items")
	require.InDelta(t, 1.0/4, f.value[featEmoji], 1e-9)
	require.Zero(t, f.value[featTells])
	require.InDelta(t, 20.0, f.value[featFirstPerson], 1e-9, "I and we among 10 words; links and hashtags are not words")
}
