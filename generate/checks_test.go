package generate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckText(t *testing.T) {
	t.Parallel()
	brand := checkRules{Platform: "linkedin", Forbidden: []string{"synergy", "game-changer", "move the needle"},
		Substitutions: []Substitution{{Avoid: "leverage", Prefer: "use"}}}
	limits := brand
	limits.MaxChars, limits.MaxHashtags, limits.HasMaxHashtags = 40, 2, true
	noTags := checkRules{Platform: "blog", HasMaxHashtags: true}
	tags := checkRules{Platform: "linkedin", MaxHashtags: 2, HasMaxHashtags: true}

	tests := []struct {
		name  string
		text  string
		rules checkRules
		want  []string // kinds, in order
	}{
		{"clean", "We closed the books in three days.", brand, nil},
		{"forbidden any case", "Real SYNERGY here.", brand, []string{WarningForbidden}},
		{"forbidden with punctuation", "synergy, again", brand, []string{WarningForbidden}},
		{"forbidden before a hyphen", "a synergy-driven plan", brand, []string{WarningForbidden}},
		{"not inside a longer word", "synergyx and hypersynergy", brand, nil},
		{"hyphenated phrase", "A Game-Changer for CFOs", brand, []string{WarningForbidden}},
		{"hyphenated phrase needs the hyphen", "a game changer", brand, nil},
		{"phrase across a line break", "it will move the\nneedle", brand, []string{WarningForbidden}},
		{"phrase with double spaces", "move  the needle", brand, []string{WarningForbidden}},
		{"phrase not a word prefix", "move the needles", brand, nil},
		{"substitution", "We leverage data.", brand, []string{WarningSubstitution}},
		{"substitution not inside a word", "leveraged buyouts", brand, nil},
		{"both, forbidden first", "leverage synergy", brand, []string{WarningForbidden, WarningSubstitution}},
		{"within limits", "short #one #two", limits, nil},
		{"over max chars", strings.Repeat("a", 41), limits, []string{WarningLength}},
		{"max chars counts runes", strings.Repeat("é", 40), limits, nil},
		{"too many hashtags", "#one #two #three", tags, []string{WarningHashtags}},
		{"not hashtags", "C# and #1 and https://x.com/page#anchor and &#39; and ## #_", tags, nil},
		{"hashtag after punctuation", "(#one) #two,#three", tags, []string{WarningHashtags}},
		{"unicode hashtags", "#café #naïve #über", tags, []string{WarningHashtags}},
		{"no hashtags allowed", "one #tag", noTags, []string{WarningHashtags}},
		{"no hashtag limit", "#a #b #c #d", brand, nil},
		{"everything", "synergy leverage #a #b #c " + strings.Repeat("x", 30), limits,
			[]string{WarningForbidden, WarningSubstitution, WarningLength, WarningHashtags}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var kinds []string
			for _, w := range checkText(tt.text, tt.rules) {
				kinds = append(kinds, w.Kind)
				require.NotEmpty(t, w.Message)
			}
			require.Equal(t, tt.want, kinds)
		})
	}
}

func TestCheckMessages(t *testing.T) {
	t.Parallel()
	r := checkRules{Platform: "linkedin", Forbidden: []string{"synergy"},
		Substitutions: []Substitution{{Avoid: "leverage", Prefer: "use"}},
		MaxChars:      10, MaxHashtags: 0, HasMaxHashtags: true}
	ws := checkText("synergy leverage #tag", r)
	require.Equal(t, []Warning{
		{Kind: WarningForbidden, Message: `Uses the forbidden phrase "synergy"; the brand never says it.`},
		{Kind: WarningSubstitution, Message: `Uses "leverage"; the brand prefers "use".`},
		{Kind: WarningLength, Message: "Is 21 characters long; the linkedin limit is 10."},
		{Kind: WarningHashtags, Message: "Has 1 hashtags; the linkedin style allows none."},
	}, ws)
}

func TestRulesForPhase(t *testing.T) {
	t.Parallel()
	os := OS{Forbidden: []string{"game-changer", "synergy"}, Style: Style{MaxChars: 3000, MaxHashtags: 3, HasMaxHashtags: true}}
	draft := rulesFor(os, "linkedin", PhaseDraft)
	require.Equal(t, 3000, draft.MaxChars)
	require.True(t, draft.HasMaxHashtags)
	require.Equal(t, 3, draft.MaxHashtags)
	require.Equal(t, []string{"game-changer", "synergy"}, draft.Forbidden)
	outline := rulesFor(os, "linkedin", PhaseOutline)
	require.Zero(t, outline.MaxChars, "an outline is not held to the post's length")
	require.False(t, outline.HasMaxHashtags)
	require.Equal(t, draft.Forbidden, outline.Forbidden)
}
