package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/llm/llmtest"
)

func TestPlainDraftRemovesMarkdownAndKeepsLists(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"bold title", "**Why the close takes 9 days**\n\nText.", "Why the close takes 9 days\n\nText."},
		{"heading", "## The 9-day baseline ##\nText.", "The 9-day baseline\nText."},
		{"italic both ways", "It is *not* people, it is _handoffs_.", "It is not people, it is handoffs."},
		{"bold italic", "***All*** of it, __really__.", "All of it, really."},
		{"nested", "**bold _and italic_**", "bold and italic"},
		{"struck", "~~9 days~~ 5 days", "9 days 5 days"},
		{"code", "Run `close --fast` now.", "Run close --fast now."},
		{"link", "Read [the survey](https://example.com/s) first.", "Read the survey (https://example.com/s) first."},
		{"bare link", "[https://example.com](https://example.com)", "https://example.com"},
		{"rule", "Part one.\n\n---\n\nPart two.", "Part one.\n\n\nPart two."},
		{"lists stay plain lines", "Steps:\n- Map the handoffs\n* Name an owner\n1. Close **daily**", "Steps:\n- Map the handoffs\n* Name an owner\n1. Close daily"},
		{"hashtags stay", "#FinanceOps #MonthEndClose", "#FinanceOps #MonthEndClose"},
		{"arithmetic stays", "5 * 3 = 15 and 2*3 = 6", "5 * 3 = 15 and 2*3 = 6"},
		{"snake_case stays", "the close_date_field and the_x_y", "the close_date_field and the_x_y"},
		{"mentions are text", "Thanks <@U123> & <!channel>", "Thanks <@U123> & <!channel>"},
		{"adjacent emphasis", "*a* *b* *c*", "a b c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, PlainDraft(tc.in))
			require.Equal(t, PlainDraft(tc.in), PlainDraft(PlainDraft(tc.in)), "normalising twice changes nothing")
		})
	}
}

func TestPlainTextPlatformFollowsTheStyleGuide(t *testing.T) {
	t.Parallel()
	os := &clientos.OS{Styles: []clientos.Style{{Platform: "linkedin"}, {Platform: "blog"},
		{Platform: "newsletter", Format: clientos.FormatPlain}, {Platform: "x", Format: clientos.FormatMarkdown}}}
	require.True(t, PlainTextPlatform(os, "linkedin"), "LinkedIn renders no Markdown")
	require.False(t, PlainTextPlatform(os, "blog"))
	require.True(t, PlainTextPlatform(os, "newsletter"), "the style guide says plain")
	require.False(t, PlainTextPlatform(os, "x"), "the style guide overrides the default")
}

// TestDraftsForPlainTextPlatformsAreStoredWithoutMarkdown: on LinkedIn the model's **bold** and
// headings are removed before the draft is stored and checked, and so are a person's; a blog keeps
// its Markdown.
func TestDraftsForPlainTextPlatformsAreStoredWithoutMarkdown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	marked := "## **Three in four CFOs** overrode their forecast\n\n- agree the *inputs*\n- trust the output\n\n#FinanceOps"
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindDraft {
			return llmtest.Reply{Content: marked}
		}
		return goodModel(t)(r)
	})
	p := b.toDraftReady(t, "brief")
	v, err := b.e.Current(ctx, p.ID, PhaseDraft)
	require.NoError(t, err)
	require.Equal(t, "Three in four CFOs overrode their forecast\n\n- agree the inputs\n- trust the output\n\n#FinanceOps", v.Content)

	v, err = b.e.Edit(ctx, p.ID, PhaseDraft, testUser, "**Bold claim** from a person\n\n1. step one", 0)
	require.NoError(t, err)
	require.Equal(t, "Bold claim from a person\n\n1. step one", v.Content)

	_, err = b.e.Bind(ctx, "C0BLOG", "acme", "blog", nil, testApprover)
	require.NoError(t, err)
	blog, err := b.e.RequestDraft(ctx, DraftRequest{ChannelID: "C0BLOG", UserID: testUser, Input: draftInput("blog")})
	require.NoError(t, err)
	b.waitState(t, blog.ID, StateOutlineReady)
	_, err = b.e.Approve(ctx, blog.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, blog.ID, StateDraftReady)
	bv, err := b.e.Current(ctx, blog.ID, PhaseDraft)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(bv.Content, "## **Three in four CFOs**"), "a blog is published as Markdown")
}
