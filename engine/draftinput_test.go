package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidateDraftInput(t *testing.T) {
	t.Parallel()
	pillars := []string{"Finance Ops", "AI in practice"}
	ok := DraftInput{SourceType: "Study", SourceURL: " https://example.com/r ", Brief: " brief ", Pillar: "finance ops"}
	got, err := ValidateDraftInput(ok, pillars)
	require.NoError(t, err)
	require.Equal(t, DraftInput{SourceType: "study", SourceURL: "https://example.com/r", Brief: "brief", Pillar: "Finance Ops"}, got)

	empty, err := ValidateDraftInput(DraftInput{SourceURL: "https://example.com", Brief: "b"}, pillars)
	require.NoError(t, err)
	require.Equal(t, "other", empty.SourceType)

	bad := []struct {
		name  string
		in    DraftInput
		field string
	}{
		{"unknown pillar", DraftInput{SourceURL: "https://example.com", Brief: "b", Pillar: "Sports"}, "pillar"},
		{"unknown type", DraftInput{SourceType: "rumour", SourceURL: "https://example.com", Brief: "b"}, "source_type"},
		{"missing url", DraftInput{Brief: "b"}, "source_url"},
		{"excerpt too long", DraftInput{SourceURL: "https://example.com", Brief: "b",
			Excerpt: strings.Repeat("x", MaxExcerptLen+1)}, "excerpt"},
		{"missing brief", DraftInput{SourceURL: "https://example.com"}, "brief"},
	}
	for _, tt := range bad {
		_, err := ValidateDraftInput(tt.in, pillars)
		var ue *UserError
		require.True(t, errors.As(err, &ue), tt.name)
		require.Equal(t, tt.field, ue.Field, tt.name)
	}
	_, err = ValidateDraftInput(DraftInput{SourceURL: "https://example.com", Brief: "b", Pillar: "Sports"}, pillars)
	require.ErrorContains(t, err, "Finance Ops, AI in practice")
}

func TestDraftInputErrorsCarryDataAndNoCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         DraftInput
		field      string
		problem    Problem
		got, limit int
	}{
		{DraftInput{SourceURL: "https://example.com", Brief: strings.Repeat("b", MaxBriefLen+2)}, "brief", ProblemTooLong, MaxBriefLen + 2, MaxBriefLen},
		{DraftInput{SourceURL: "https://example.com", Brief: "b", Excerpt: strings.Repeat("e", MaxExcerptLen+1)}, "excerpt", ProblemTooLong, MaxExcerptLen + 1, MaxExcerptLen},
		{DraftInput{SourceURL: "https://example.com/" + strings.Repeat("a", MaxURLLen), Brief: "b"}, "source_url", ProblemTooLong, MaxURLLen + 20, MaxURLLen},
		{DraftInput{SourceURL: "https://example.com"}, "brief", ProblemMissing, 0, 0},
		{DraftInput{Brief: "b"}, "source_url", ProblemNoSource, 0, 0},
		{DraftInput{SourceURL: "javascript:alert(1)", Brief: "b"}, "source_url", ProblemBadScheme, 0, 0},
		{DraftInput{SourceURL: "example.com/x", Brief: "b"}, "source_url", ProblemNoScheme, 0, 0},
		{DraftInput{SourceURL: "https://u:p@example.com/x", Brief: "b"}, "source_url", ProblemCredential, 0, 0},
		{DraftInput{SourceURL: "https:///x", Brief: "b"}, "source_url", ProblemNoHost, 0, 0},
		{DraftInput{SourceType: "rumour", SourceURL: "https://example.com", Brief: "b"}, "source_type", ProblemUnknown, 0, 0},
	}
	for _, tt := range tests {
		_, err := ValidateDraftInput(tt.in, nil)
		var ue *UserError
		require.True(t, errors.As(err, &ue), "%+v", tt.in)
		require.Equal(t, tt.field, ue.Field)
		require.Equal(t, tt.problem, ue.Problem, ue.Msg)
		require.Equal(t, tt.got, ue.Got)
		require.Equal(t, tt.limit, ue.Limit)
		require.NotContains(t, ue.Msg, "/draft", "commands are the adapter's to add")
	}
}
