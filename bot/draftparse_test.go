package bot

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

func TestParseDraftText(t *testing.T) {
	t.Parallel()
	long := "https://example.com/" + strings.Repeat("a", engine.MaxURLLen)
	tests := []struct {
		name    string
		text    string
		want    engine.DraftInput
		field   string // on error: the UserError's field
		errHas  []string
		noError bool
	}{
		{name: "type url brief", text: "study https://example.com/report Why CFOs distrust AI",
			want: engine.DraftInput{SourceType: "study", SourceURL: "https://example.com/report", Brief: "Why CFOs distrust AI"}, noError: true},
		{name: "no type defaults to other", text: "  https://example.com/x   The brief  ",
			want: engine.DraftInput{SourceType: "other", SourceURL: "https://example.com/x", Brief: "The brief"}, noError: true},
		{name: "type is case-insensitive", text: "Interview http://example.com/i talk",
			want: engine.DraftInput{SourceType: "interview", SourceURL: "http://example.com/i", Brief: "talk"}, noError: true},
		{name: "slack link with label", text: "trend <https://example.com/t?a=1&amp;b=2|Example trend report> Rising &lt;costs&gt; &amp; more",
			want: engine.DraftInput{SourceType: "trend", SourceURL: "https://example.com/t?a=1&b=2", Brief: "Rising <costs> & more"}, noError: true},
		{name: "slack link without label", text: "<https://example.com/c> competitor launched X",
			want: engine.DraftInput{SourceType: "other", SourceURL: "https://example.com/c", Brief: "competitor launched X"}, noError: true},
		{name: "multi-line brief kept", text: "study https://example.com/r line one\nline two",
			want: engine.DraftInput{SourceType: "study", SourceURL: "https://example.com/r", Brief: "line one\nline two"}, noError: true},

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
		{name: "brief too long", text: "https://example.com/r " + strings.Repeat("é", engine.MaxBriefLen+1), field: "brief",
			errHas: []string{"4001 characters", "4000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseDraftText(tt.text)
			if tt.noError {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err)
			var ue *engine.UserError
			require.True(t, errors.As(err, &ue), "want a *UserError, got %T", err)
			require.Equal(t, tt.field, ue.Field)
			for _, s := range tt.errHas {
				require.Contains(t, userErrorWords(ue), s)
			}
		})
	}
}

func TestParsedDraftTextIsCleanedOfControlCharacters(t *testing.T) {
	t.Parallel()
	in, err := parseDraftText("study https://example.com/r Why\x1b[31m CFOs\x00 distrust\u202e AI\x1b]0;title\x07")
	require.NoError(t, err)
	require.Equal(t, "Why CFOs distrust AI", in.Brief)
}

func TestUnwrapSlackLink(t *testing.T) {
	t.Parallel()
	const post = "https://www.linkedin.com/posts/acme_close-activity-7212345678901234567-abcd/"
	tests := map[string]string{
		"<" + post + "|the post>":                 post,
		"<https://example.com/r>":                 "https://example.com/r",
		"https://example.com/t?a=1&amp;b=2":       "https://example.com/t?a=1&b=2",
		"<https://example.com/t?a=1&amp;b=2|x y>": "https://example.com/t?a=1&b=2",
		"plain text": "plain text",
	}
	for in, want := range tests {
		require.Equal(t, want, unwrapSlackLink(in), in)
	}
	// The draft form's link goes through the same unwrapping before the engine checks it.
	in, err := engine.ValidateDraftInput(engine.DraftInput{SourceType: "Study",
		SourceURL: unwrapSlackLink(strings.TrimSpace(" <https://example.com/r> ")), Brief: " brief "}, nil)
	require.NoError(t, err)
	require.Equal(t, "https://example.com/r", in.SourceURL)
}
