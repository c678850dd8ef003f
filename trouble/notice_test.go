package trouble

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/generate"
)

// TestNoticeWords: each notice the engine stores, and each reason a revision is refused, reads as
// the sentence a person sees under the piece's latest version.
func TestNoticeWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		notice engine.Notice
		want   string
	}{
		{engine.Notice{Kind: engine.NoticeCapFreed},
			"It was cancelled before it had an outline, so it no longer counts against the daily cap."},
		{engine.Notice{Kind: engine.NoticeRevisionRefused, Refusal: &generate.Refusal{Reason: generate.RefusedTooLong,
			Restored: 2, Chars: 12500, Limit: 12000}},
			"Revision refused: it would be 12500 characters (with 2 line(s) a person wrote put back), over the 12000 a " +
				"draft holds. The previous version is kept; ask for a shorter revision or use Edit."},
		{engine.Notice{Kind: engine.NoticeRevisionRefused, Refusal: &generate.Refusal{
			Reason: generate.RefusedOutlineBroken, Restored: 1, Problem: "outline: no sections"}},
			"Revision refused: it dropped 1 line(s) a person wrote, and putting them back breaks the outline " +
				"(outline: no sections). The previous version is kept; ask again, or use Edit."},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Notice(tt.notice))
	}
}

// TestEveryNoticeHasWords: a new notice kind or refusal reason fails here until it has its words
// (the fallbacks are only for notices stored by a newer version).
func TestEveryNoticeHasWords(t *testing.T) {
	t.Parallel()
	for _, k := range engine.NoticeKinds {
		require.NotEqual(t, string(k), Notice(engine.Notice{Kind: k}), k)
	}
	for _, r := range generate.RefusalReasons {
		require.NotEqual(t, "the previous version is kept.", refusal(generate.Refusal{Reason: r}), r)
	}
}
