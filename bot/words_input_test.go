package bot

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

// TestInputSentences: the mistakes the engine gives as data only are worded here, byte for byte
// the sentences people read on the edit, revise and reject forms and on a request's own source.
func TestInputSentences(t *testing.T) {
	t.Parallel()
	parsed := func(text string) *engine.UserError {
		_, err := engine.ParseOutlineText(text)
		return userError(t, err)
	}
	validated := func(in engine.DraftInput) *engine.UserError {
		_, err := engine.ValidateDraftInput(in, nil)
		return userError(t, err)
	}
	full := engine.OutlineText(engine.Outline{Title: "T", Hook: "H", Pillar: "P", Sections: []string{"a", "b", "c"}, CTA: "C"})
	modes := engine.FailureModes
	const modeLabels = "Voice drift, Factual error, Generic angle, Off-ICP framing, Forbidden phrase, Other"
	tests := []struct {
		ue   *engine.UserError
		want string
	}{
		{&engine.UserError{Field: "text", Problem: engine.ProblemMissing, Phase: engine.PhaseDraft},
			"The draft is empty. Write the text you want, or close the form to keep the current version."},
		{&engine.UserError{Field: "text", Problem: engine.ProblemMissing, Phase: engine.PhaseOutline},
			"The outline is empty. Write the text you want, or close the form to keep the current version."},
		{&engine.UserError{Field: "text", Problem: engine.ProblemTooLong, Phase: engine.PhaseDraft, Got: 12001, Limit: 12000},
			"The draft is 12001 characters; the limit is 12000. Shorten it and submit again."},
		{&engine.UserError{Field: "text", Problem: engine.ProblemTooLong, Phase: engine.PhaseOutline, Got: 6001, Limit: 6000},
			"The outline is 6001 characters; the limit is 6000. Shorten it and submit again."},
		{parsed(""), "The outline is missing Title:, Hook:, Pillar:, Sections:, CTA:. Keep the lines Title:, Hook:, " +
			"Pillar:, Sections: (one \"- \" line per section) and CTA:."},
		{parsed("Title: T\nPillar: P\nSections:\n- a\n- b\n- c\n"), "The outline is missing Hook:, CTA:. Keep the lines " +
			"Title:, Hook:, Pillar:, Sections: (one \"- \" line per section) and CTA:."},
		{parsed("just some text\nTitle: x"), "The outline must start with a line such as \"Title: …\"; I could not tell " +
			"which part \"just some text\" belongs to."},
		{parsed("Title:\nHook: h\nPillar: p\nSections:\n- a\n- b\n- c\nCTA: c"),
			"The outline's Title: line is empty; write something after it."},
		{parsed("Title: T\nHook: h\nPillar: p\nSections:\n- a\nCTA: c"),
			"The outline has 1 sections; it needs 3 to 7, one \"- \" line each under Sections:."},
		{parsed("Title: T\nHook: h\nPillar: p\nSections:\n- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\nCTA: c"),
			"The outline has 8 sections; it needs 3 to 7, one \"- \" line each under Sections:."},
		{parsed(full + "Hook: again\n"), "\"Hook\" appears twice in the outline; keep one Hook: line."},
		{&engine.UserError{Field: "instruction", Problem: engine.ProblemMissing},
			"Say what to change, e.g. \"shorter hook, and name the 3-day close\"."},
		{&engine.UserError{Field: "instruction", Problem: engine.ProblemTooLong, Got: 2001, Limit: 2000},
			"The instruction is 2001 characters; the limit is 2000. Say what to change in a few sentences, or use " +
				"Edit to write it yourself."},
		{&engine.UserError{Field: "failure_modes", Problem: engine.ProblemMissing, Allowed: modes},
			"Pick at least one reason for rejecting (" + modeLabels + "), so the weekly report can learn from it."},
		{&engine.UserError{Field: "failure_modes", Problem: engine.ProblemUnknown, Values: []string{"boring"}, Allowed: modes},
			`"boring" is not a failure mode. Pick one or more of: ` + modeLabels + "."},
		{&engine.UserError{Field: "comment", Problem: engine.ProblemTooLong, Got: 3001, Limit: 3000},
			"The comment is 3001 characters; the limit is 3000. Keep it to what went wrong."},
		{validated(engine.DraftInput{Brief: "b", Transcript: strings.Repeat("a", engine.MaxTranscriptLen+1)}),
			"The transcript is 3001 characters; the limit here is 3000. Attach the whole transcript as a .txt, .md or " +
				".pdf file instead, or paste only the key passages."},
		{validated(engine.DraftInput{Brief: "b", FileID: "../../etc"}),
			"I could not tell which file was attached. Attach it again."},
	}
	for _, tt := range tests {
		require.Empty(t, tt.ue.Msg, "the engine gives these as data only")
		require.Equal(t, tt.want, userErrorWords(tt.ue))
		words, ok := refusalWords(tt.ue)
		require.True(t, ok)
		require.Equal(t, tt.want, words)
	}
	require.Equal(t, "That cap was refused (too long); nothing changed.",
		userErrorWords(&engine.UserError{Field: "cap", Problem: engine.ProblemTooLong}), "a mistake without words of its own")
}

// wordedByTheEngine are the problems the engine still words itself (UserError.Msg) on every input
// it reports them for.
var wordedByTheEngine = []engine.Problem{engine.ProblemNoSource, engine.ProblemNoScheme, engine.ProblemBadScheme,
	engine.ProblemCredential, engine.ProblemNoHost, engine.ProblemFuture}

// TestEveryProblemHasWords: every problem the engine can report has a sentence here for some input,
// or is one the engine words itself; a new problem fails until it is worded.
func TestEveryProblemHasWords(t *testing.T) {
	t.Parallel()
	worded := map[engine.Problem]bool{}
	for k := range inputSentences {
		worded[k.problem] = true
	}
	for _, p := range wordedByTheEngine {
		worded[p] = true
	}
	for _, p := range engine.Problems() {
		require.True(t, worded[p], "problem %q has no words", p)
	}
	for k, say := range inputSentences {
		require.NotEmpty(t, say(&engine.UserError{Field: k.field, Problem: k.problem}), k)
	}
}

func userError(t *testing.T, err error) *engine.UserError {
	t.Helper()
	var ue *engine.UserError
	require.True(t, errors.As(err, &ue), "want a *UserError, got %v", err)
	return ue
}
