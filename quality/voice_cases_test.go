package quality

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

// sentences builds count one-sentence paragraphs of n plain English words each.
func sentences(count, n int) string {
	cycle := strings.Fields("we close the books in a week and it is fine for our team")
	words := make([]string, n)
	for i := range words {
		words[i] = cycle[i%len(cycle)]
	}
	sentence := strings.Join(words, " ") + "."
	return strings.TrimSpace(strings.Repeat(sentence+"\n\n", count))
}

func plainSamples() []string {
	return []string{sentences(4, 10), sentences(5, 10), sentences(3, 10)}
}

func TestMatchVoiceNeedsThreeSamples(t *testing.T) {
	t.Parallel()
	for _, samples := range [][]string{nil, {"One post."}, {"One post.", "  \n ", "Two posts."}} {
		v := MatchVoice("We closed in five days.", testReference(samples))
		require.False(t, v.Scored)
		require.Zero(t, v.Score)
		require.Len(t, v.Reasons, 1)
		require.Contains(t, v.Reasons[0], "it takes 3")
		require.Contains(t, v.Reasons[0], "## Sample posts")
		require.Contains(t, v.Reasons[0], "Sounds like us")
	}
	v := MatchVoice("x", testReference([]string{"One post.", "", "Two posts."}))
	require.Equal(t, 2, v.Samples, "a blank sample is not counted")
	require.Contains(t, v.Reasons[0], "2 approved texts to compare with")
}

func TestMatchVoiceOddDraftsStayInRange(t *testing.T) {
	t.Parallel()
	ref := testReference(loadPosts(t, "approved.txt"))
	drafts := map[string]string{
		"empty":        "",
		"white space":  " \n\n \t",
		"emoji only":   "🚀🔥🎉👩‍💻",
		"five words":   "Shipped it. Finally. Feels good.",
		"hashtags":     "#a #b",
		"link only":    "https://northwindledger.com/review",
		"punctuation":  "?!?!...",
		"one long run": strings.Repeat("word ", 5000),
	}
	for name, draft := range drafts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := MatchVoice(draft, ref)
			require.True(t, v.Scored)
			require.GreaterOrEqual(t, v.Score, 0)
			require.LessOrEqual(t, v.Score, 100)
			require.LessOrEqual(t, len(v.Reasons), MaxVoiceReasons)
			for _, r := range v.Reasons {
				require.NotContains(t, r, "NaN")
				require.NotContains(t, r, "Inf")
			}
		})
	}
}

func TestMatchVoiceReasonsInPlainWords(t *testing.T) {
	t.Parallel()
	ref := testReference(plainSamples())

	same := MatchVoice(sentences(4, 10), ref)
	require.Equal(t, 100, same.Score)
	require.Empty(t, same.Reasons)

	long := MatchVoice(sentences(4, 20), ref)
	require.Less(t, long.Score, 90)
	require.Equal(t, "sentences twice as long as your approved posts: 20 vs 10 words", long.Reasons[0])

	tags := MatchVoice(sentences(4, 10)+"\n\n#a #b #c #d #e", ref)
	require.Contains(t, tags.Reasons, "5 hashtags; the linkedin style guide allows 3")

	blog := ref
	blog.Style = clientos.Style{Platform: "blog", HasMaxHashtags: true}
	oneTag := MatchVoice(sentences(4, 10)+"\n\n#close", blog)
	require.Equal(t, []string{"1 hashtag; the blog style guide allows none"}, oneTag.Reasons)

	tells := MatchVoice(sentences(3, 10)+"\n\nLet us delve into this game-changer.", ref)
	require.Contains(t, tells.Reasons[0], `uses phrases that read as machine-written: "delve", "game-changer"`)

	again := MatchVoice(sentences(3, 10)+"\n\nLet us delve into this game-changer.", ref)
	require.Equal(t, tells, again, "the same input gives the same score and reasons")
}

func TestMatchVoiceNonEnglishUsesLanguageFreeMeasures(t *testing.T) {
	t.Parallel()
	ref := testReference(loadPosts(t, "approved.txt"))
	drafts := map[string]string{
		"German": "Unser Abschluss dauerte im Januar vierzehn Tage. Im Juni waren es nur noch sechs.\n\n" +
			"Wir haben die Bankabstimmung nicht mehr am dritten Tag gemacht, sondern jede Nacht.\n\n" +
			"Welche Abstimmung würden Sie zuerst verschieben?",
		"Japanese": "一月の決算には十四日かかりました。六月には六日で終わりました。\n\n" +
			"銀行照合を毎晩行うようにしただけです。\n\nどの照合から始めますか？",
	}
	for name, draft := range drafts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := MatchVoice(draft, ref)
			require.True(t, v.Scored)
			require.Contains(t, v.Note, "the draft is not in English")
			require.Greater(t, v.Score, 60, "a plain post in another language is not judged on English word lists")
			for _, r := range v.Reasons {
				require.NotContains(t, r, "sentences ")
				require.NotContains(t, r, "grade")
			}
		})
	}
	english := MatchVoice(loadPosts(t, "approved.txt")[0], ref)
	require.Empty(t, english.Note)
}

func TestNewReferenceFromOS(t *testing.T) {
	t.Parallel()
	brand, err := os.ReadFile("../examples/northwind/brand.md")
	require.NoError(t, err)
	style, err := os.ReadFile("../examples/northwind/style/linkedin.md")
	require.NoError(t, err)
	o, _ := clientos.Parse(map[string]string{clientos.DocBrand: string(brand), "style/linkedin": string(style)})

	ref := NewReference(o, "linkedin", nil)
	require.Len(t, ref.Samples, len(o.Brand.Samples))
	require.True(t, ref.HasStyle)
	require.Equal(t, 3, ref.Style.MaxHashtags)
	require.Equal(t, clientos.DefaultAITells, ref.Tells)
	require.Len(t, o.Brand.Samples, 3)
	require.True(t, MatchVoice("We closed in six days.", ref).Scored, "the example brand has three samples")

	o.Brand.Samples = o.Brand.Samples[:2]
	require.False(t, MatchVoice("We closed in six days.", NewReference(o, "linkedin", nil)).Scored, "two are not enough")
	ref = NewReference(o, "linkedin", []string{"Our close took 14 days in January. It took 6 in June."})
	require.True(t, MatchVoice("We closed in six days.", ref).Scored, "a piece marked Sounds like us is the third")
	require.False(t, NewReference(o, "tiktok", nil).HasStyle)
}
