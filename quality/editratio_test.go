package quality

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMeasureEditRatio(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		ai, human string
		distance  int
		aiWords   int
		ratio     float64
	}{
		{"unchanged", "We closed in five days.", "We closed in five days.", 0, 5, 0},
		{"line breaks and spaces do not count",
			"We closed in five days.\n\nThen we slept.", "We  closed in\nfive days.\r\n\r\n\r\nThen\twe slept.", 0, 8, 0},
		{"one word replaced", "We closed in five days.", "We closed in six days.", 1, 5, 0.2},
		{"one word added", "Close in five days.", "Close the books in five days.", 2, 4, 0.5},
		{"one word removed", "Close the books in five days.", "Close in five days.", 2, 6, 2.0 / 6},
		{"complete rewrite", "alpha beta gamma delta", "one two three four", 4, 4, 1},
		{"human wrote more than the ai", "Yes.", "Yes. And here is why we did it.", 7, 1, 7},
		{"emoji only, unchanged", "🚀🔥✅", "🚀 🔥\n✅", 0, 3, 0},
		{"emoji only, one swapped", "🚀🔥✅", "🚀🎉✅", 1, 3, 1.0 / 3},
		{"emoji sequence with joiner and skin tone", "👩‍💻 👍🏽", "👩‍💻 👍", 0, 3, 0},
		{"German", "Wir schließen die Bücher in fünf Tagen.", "Wir schließen die Bücher in vier Tagen.", 1, 7, 1.0 / 7},
		{"Japanese counted per character", "五日で決算を締めます。", "五日で決算を\n締めます。", 0, 11, 0},
		{"Japanese one character changed", "五日で決算", "四日で決算", 1, 5, 0.2},
		{"both empty", "", "  \n ", 0, 0, 0},
		{"no ai text, person wrote", "", "Written by hand.", 3, 0, 1},
		{"ai text deleted", "Three words here.", "", 3, 3, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := MeasureEditRatio(c.ai, c.human)
			require.Equal(t, c.distance, got.Distance)
			require.Equal(t, c.aiWords, got.AIWords)
			require.InDelta(t, c.ratio, got.Ratio, 1e-9)
			require.False(t, got.Approximate)
		})
	}
}

// fullDistance is the textbook quadratic Levenshtein table, the reference the banded one must match.
func fullDistance(a, b []string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j-1]+cost, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	return d[len(a)][len(b)]
}

func TestWordDistanceMatchesFullTable(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"a", "b", "c", "d"}
	randomWords := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = vocab[rng.IntN(len(vocab))]
		}
		return out
	}
	for range 2000 {
		a, b := randomWords(rng.IntN(60)), randomWords(rng.IntN(60))
		got, approx := wordDistance(a, b)
		require.False(t, approx)
		require.Equal(t, fullDistance(a, b), got, "a=%v b=%v", a, b)
	}
}

func TestEditRatioLongTextsStayBounded(t *testing.T) {
	t.Parallel()
	words := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(prefix)
			b.WriteString(strings.Repeat("x", i%7))
			b.WriteByte(' ')
		}
		return b.String()
	}
	// 40,000 words each, different everywhere: the exact table would be 1.6 billion cells.
	got := MeasureEditRatio(words("a", 40_000), words("b", 40_000))
	require.True(t, got.Approximate)
	require.Equal(t, 40_000, got.AIWords)
	require.Equal(t, 40_000, got.Distance, "an upper bound from a real alignment: every word replaced")
	require.InDelta(t, 1.0, got.Ratio, 1e-9)

	// The same long text with a few edits spread through it is still exact.
	ai := words("a", 40_000)
	human := strings.Replace(strings.Replace(ai, "axx ", "edited ", 3), "axxxxx ", "", 2)
	exact := MeasureEditRatio(ai, human)
	require.False(t, exact.Approximate)
	require.Equal(t, 5, exact.Distance)
}

func BenchmarkEditRatio(b *testing.B) {
	ai := strings.Repeat("We close the books in five days with a team of six. ", 300) // ~3,600 words
	human := strings.Replace(ai, "six", "seven", 40)
	for b.Loop() {
		MeasureEditRatio(ai, human)
	}
}
