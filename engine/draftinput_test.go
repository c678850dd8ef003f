package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseDraftText(t *testing.T) {
	t.Parallel()
	long := "https://example.com/" + strings.Repeat("a", MaxURLLen)
	tests := []struct {
		name    string
		text    string
		want    DraftInput
		field   string // on error: the UserError's field
		errHas  []string
		noError bool
	}{
		{name: "type url brief", text: "study https://example.com/report Why CFOs distrust AI",
			want: DraftInput{SourceType: "study", SourceURL: "https://example.com/report", Brief: "Why CFOs distrust AI"}, noError: true},
		{name: "no type defaults to other", text: "  https://example.com/x   The brief  ",
			want: DraftInput{SourceType: "other", SourceURL: "https://example.com/x", Brief: "The brief"}, noError: true},
		{name: "type is case-insensitive", text: "Interview http://example.com/i talk",
			want: DraftInput{SourceType: "interview", SourceURL: "http://example.com/i", Brief: "talk"}, noError: true},
		{name: "slack link with label", text: "trend <https://example.com/t?a=1&amp;b=2|Example trend report> Rising &lt;costs&gt; &amp; more",
			want: DraftInput{SourceType: "trend", SourceURL: "https://example.com/t?a=1&b=2", Brief: "Rising <costs> & more"}, noError: true},
		{name: "slack link without label", text: "<https://example.com/c> competitor launched X",
			want: DraftInput{SourceType: "other", SourceURL: "https://example.com/c", Brief: "competitor launched X"}, noError: true},
		{name: "multi-line brief kept", text: "study https://example.com/r line one\nline two",
			want: DraftInput{SourceType: "study", SourceURL: "https://example.com/r", Brief: "line one\nline two"}, noError: true},

		{name: "empty", text: "   ", errHas: []string{"Try: /draft"}},
		{name: "no url at all", text: "Why CFOs distrust AI forecasts", field: "source_url", errHas: []string{"source link", "Try: /draft study https://"}},
		{name: "type but no url", text: "study Why CFOs distrust AI", field: "source_url", errHas: []string{"source link"}},
		{name: "unknown type", text: "podcast https://example.com/p brief", field: "source_type",
			errHas: []string{`"podcast" is not a source type`, "interview, trend, study, competitor, other"}},
		{name: "javascript url", text: "study javascript:alert(1) brief", field: "source_url", errHas: []string{"http:// or https://", "javascript"}},
		{name: "javascript url without type", text: "javascript:alert(1) brief", field: "source_url", errHas: []string{"javascript"}},
		{name: "ftp url", text: "ftp://example.com/file brief", field: "source_url", errHas: []string{"ftp"}},
		{name: "file url", text: "study file:///etc/passwd brief", field: "source_url", errHas: []string{"file"}},
		{name: "data url", text: "data:text/html,<b>x</b> brief", field: "source_url", errHas: []string{"data"}},
		{name: "wrapped mailto", text: "<mailto:a@example.com|a@example.com> brief", field: "source_url", errHas: []string{"mailto"}},
		{name: "credentials in url", text: "https://user:pass@example.com/x brief", field: "source_url", errHas: []string{"username or password"}},
		{name: "user only in url", text: "https://user@example.com/x brief", field: "source_url", errHas: []string{"username or password"}},
		{name: "no host", text: "https:///path brief", field: "source_url", errHas: []string{"no site name"}},
		{name: "no scheme", text: "www.example.com/x brief", field: "source_url", errHas: []string{"https://www.example.com/x"}},
		{name: "url too long", text: long + " brief", field: "source_url", errHas: []string{"characters long", "2000"}},
		{name: "empty brief", text: "study https://example.com/r", field: "brief", errHas: []string{"what the piece should say", "Try:"}},
		{name: "brief too long", text: "https://example.com/r " + strings.Repeat("é", MaxBriefLen+1), field: "brief",
			errHas: []string{"4001 characters", "4000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDraftText(tt.text)
			if tt.noError {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err)
			var ue *UserError
			require.True(t, errors.As(err, &ue), "want a *UserError, got %T", err)
			require.Equal(t, tt.field, ue.Field)
			for _, s := range tt.errHas {
				require.Contains(t, ue.Msg, s)
			}
		})
	}
}

func TestValidateDraftInput(t *testing.T) {
	t.Parallel()
	pillars := []string{"Finance Ops", "AI in practice"}
	ok := DraftInput{SourceType: "Study", SourceURL: " <https://example.com/r> ", Brief: " brief ", Pillar: "finance ops"}
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
