package quality

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func loadPosts(t testing.TB, name string) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	var posts []string
	for _, p := range strings.Split(string(b), "\n=====\n") {
		if p = strings.TrimSpace(p); p != "" {
			posts = append(posts, p)
		}
	}
	return posts
}

func linkedIn() clientos.Style {
	return clientos.Style{Platform: "linkedin", MaxChars: 3000, MaxHashtags: 3, HasMaxHashtags: true}
}

func testReference(samples []string) Reference {
	return Reference{Samples: samples, Style: linkedIn(), HasStyle: true, Tells: clientos.Brand{}.AITells()}
}

// auc is the chance that a random approved post scores above a random generic one (ties count half).
func auc(approved, generic []int) float64 {
	wins := 0.0
	for _, a := range approved {
		for _, g := range generic {
			switch {
			case a > g:
				wins++
			case a == g:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(approved)*len(generic))
}

// TestVoiceMatchSeparatesApprovedFromGeneric scores every approved post against the others
// (leave one out) and every generic post against the same reference sets, then requires the
// approved ones to rank higher.
func TestVoiceMatchSeparatesApprovedFromGeneric(t *testing.T) {
	t.Parallel()
	a := separation(t, testReference)
	fmt.Printf("voice match AUC, approved vs generic: %.3f\n", a)
	require.GreaterOrEqual(t, a, 0.9)
}

// TestVoiceMatchSeparatesWithoutTellsOrStyle shows the style features carry the score on their
// own: with no AI tells listed and no style guide, approved posts still rank higher.
func TestVoiceMatchSeparatesWithoutTellsOrStyle(t *testing.T) {
	t.Parallel()
	a := separation(t, func(samples []string) Reference { return Reference{Samples: samples, Tells: []string{}} })
	fmt.Printf("voice match AUC without AI tells or style guide: %.3f\n", a)
	require.GreaterOrEqual(t, a, 0.9)
}

func separation(t *testing.T, reference func([]string) Reference) float64 {
	t.Helper()
	approved, generic := loadPosts(t, "approved.txt"), loadPosts(t, "generic.txt")
	require.GreaterOrEqual(t, len(approved), 20)
	require.GreaterOrEqual(t, len(generic), 20)
	without := func(i int) []string {
		return slices.Concat(approved[:i], approved[i+1:])
	}
	var approvedScores, genericScores []int
	for i, post := range approved {
		v := MatchVoice(post, reference(without(i)))
		require.True(t, v.Scored)
		approvedScores = append(approvedScores, v.Score)
	}
	for j, post := range generic {
		v := MatchVoice(post, reference(without(j%len(approved))))
		require.True(t, v.Scored)
		require.NotEmpty(t, v.Reasons, "a generic post must be told why it differs: %q", post)
		genericScores = append(genericScores, v.Score)
	}
	t.Logf("approved scores %v, generic scores %v", approvedScores, genericScores)
	return auc(approvedScores, genericScores)
}

func BenchmarkMatchVoice(b *testing.B) {
	samples := loadPosts(b, "approved.txt")[:10]
	draft := string([]rune(strings.Repeat(loadPosts(b, "generic.txt")[1]+"\n\n", 4))[:1500])
	ref := testReference(samples)
	for b.Loop() {
		MatchVoice(draft, ref)
	}
}
