package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/llm/llmtest"
)

const closeBrief = "Why the month-end close still takes 9 days"

// fakeModel is the fake endpoint answering as the scripted model does in the Slack tests, and the
// environment that points the binary at it (and at no database).
func fakeModel(t *testing.T) (*llmtest.Server, []string) {
	t.Helper()
	srv := llmtest.New(t)
	m := &scriptedModel{draft: draftText}
	srv.SetResponder(func(r llmtest.Recorded) llmtest.Reply { return m.reply(t, r) })
	return srv, append(modelEnv(srv.BaseURL()), "MOS_SOURCE_ALLOW_HOSTS="+strings.TrimPrefix(closeSurvey().URL, "http://"))
}

// closeSurveyPage is the study the terminal tests cite, served on this machine.
const closeSurveyPage = `<!doctype html><html><head><title>Close Survey 2026</title></head><body>
<nav>Home · Pricing · Blog</nav><article><h1>Close Survey 2026</h1>
<p>We asked 412 finance leaders how long their month-end close takes. The median answer was 9 days,
and most of the waiting happens in handoffs between people rather than in the work itself.</p>
<p>Teams that closed in 5 days or fewer had one owner per task and matched the bank feed nightly.</p>
</article><footer>© Ledger News</footer></body></html>`

var closeSurvey = sync.OnceValue(func() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(closeSurveyPage))
	}))
})

// closeSurveyURL is the study's link; the server lives as long as the test binary.
func closeSurveyURL() string { return closeSurvey().URL + "/close-survey" }

func modelEnv(baseURL string) []string {
	return []string{"OPENAI_BASE_URL=" + baseURL, "OPENAI_API_KEY=sk-test-secret", "MOS_MODEL=fake-model"}
}

func draftArgs(extra ...string) []string {
	args := []string{"draft", "--os", exampleDir, "--platform", "linkedin", "--source", closeSurveyURL(),
		"--type", "study"}
	return append(append(args, extra...), strings.Fields(closeBrief)...)
}

// TestDraftFromAFolderWithoutADatabase: the example OS, the fake model and no DATABASE_URL give an
// outline; the model was given exactly what "mos os prompt" prints, then the request.
func TestDraftFromAFolderWithoutADatabase(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	r := runMosEnv(t, env, draftArgs()...)
	requireExit(t, r, 0)
	require.Empty(t, r.stderr)
	require.Equal(t, "Outline · northwind · linkedin · fake-model\n"+
		"Source: \"Close Survey 2026\", read from "+closeSurveyURL()+"\n\n"+
		"Title: Why the month-end close still takes 9 days\n"+
		"Hook: Most CFOs blame people. The data blames handoffs.\n"+
		"Pillar: Faster close\n"+
		"Sections:\n- The 9-day baseline\n- Where the days go\n- What the fastest teams do\n"+
		"CTA: Book a 20-minute close review\n\n"+
		"Checks: nothing found.\n", r.stdout)

	reqs := srv.Requests()
	require.Len(t, reqs, 1, "an outline that passes the checks takes one call")
	prompt := runMosEnv(t, nil, "os", "prompt", "--os", exampleDir, "--platform", "linkedin")
	requireExit(t, prompt, 0)
	require.Equal(t, "system", reqs[0].Messages[0].Role)
	require.Equal(t, prompt.stdout, reqs[0].Messages[0].Content, "the system message is what mos os prompt prints")
	require.True(t, strings.HasPrefix(prompt.stdout, "# Client OS: northwind\n"))
	require.Contains(t, prompt.stdout, "## Style guide: linkedin")
	require.NotContains(t, prompt.stdout, "## Style guide: blog")
	user := reqs[0].Last().Content
	require.Contains(t, user, `"source_type": "study",`)
	require.Contains(t, user, `"source_url": "`+closeSurveyURL()+`"`)
	require.Contains(t, user, "We asked 412 finance leaders", "the source's text reaches the model")
	require.NotContains(t, user, "Pricing · Blog", "its navigation does not")
	require.Contains(t, user, closeBrief)
	require.NotNil(t, reqs[0].ResponseFormat, "the outline's JSON schema, as the outline job sends it")
}

// TestDraftFullJSON: --full also writes the draft from the outline, and says there was no gate.
func TestDraftFullJSON(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	r := runMosEnv(t, env, draftArgs("--full", "--json", "--name", "Northwind Ledger")...)
	requireExit(t, r, 0)
	var out struct {
		Client          string
		Platform        string
		Model           string
		OSHash          string `json:"os_hash"`
		Outline         engine.Outline
		OutlineWarnings []engine.Warning `json:"outline_warnings"`
		Draft           *struct {
			Text     string
			Warnings []engine.Warning
			Approval string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Equal(t, "Northwind Ledger", out.Client)
	require.Equal(t, "Faster close", out.Outline.Pillar)
	require.NotNil(t, out.OutlineWarnings)
	require.Len(t, out.OSHash, 64)
	require.NotNil(t, out.Draft)
	require.Equal(t, draftText, out.Draft.Text)
	require.Empty(t, out.Draft.Warnings)
	require.Contains(t, out.Draft.Approval, "no approval gate")

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, reqs[0].Messages[0].Content, reqs[1].Messages[0].Content, "one cached prefix for both phases")
	require.True(t, strings.HasPrefix(reqs[1].Last().Content, "Write the DRAFT"))
	require.Contains(t, reqs[1].Last().Content, `"hook": "Most CFOs blame people. The data blames handoffs."`)

	text := runMosEnv(t, env, draftArgs("--full")...)
	requireExit(t, text, 0)
	require.Contains(t, text.stdout, "Draft · written straight from the outline above: the terminal has no approval gate")
	require.Contains(t, text.stdout, draftText)
}

// TestDraftChecksAndRepairs: the bot's checks and its one repair run in the terminal too; what the
// repair did not fix is listed.
func TestDraftChecksAndRepairs(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	synergy := llmtest.JSON(t, engine.Outline{Title: "Close synergy", Hook: "A seamless close.",
		Sections: []string{"One", "Two", "Three"}, CTA: "Book a 20-minute close review", Pillar: "Faster close"})
	srv.Enqueue(synergy, synergy) // the answer and the repair both use forbidden phrases
	r := runMosEnv(t, env, draftArgs()...)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Title: Close synergy\n")
	require.Contains(t, r.stdout, "Checks (what is left after one automatic repair):\n"+
		"- Uses the forbidden phrase \"synergy\"; the brand never says it.\n"+
		"- Uses the forbidden phrase \"seamless\"; the brand never says it.\n")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	require.True(t, strings.HasPrefix(reqs[1].Last().Content, "FIX the linkedin outline"), reqs[1].Last().Content)
}

// TestDraftBadInput: every mistake is one clear message, the right exit status, and no model call
// unless the mistake is the model's.
func TestDraftBadInput(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	broken := copyExample(t)
	edit(t, broken, "pillars.md", "weight: 30", "weight: 35")
	notOS := t.TempDir()
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"a folder that is not an OS", env, []string{"draft", "--os", notOS, "--platform", "linkedin", "--source", "https://example.com/a", "brief"},
			1, notOS + " is not a Client OS folder: it has none of brand.md"},
		{"a folder that does not exist", env, []string{"draft", "--os", notOS + "/nope", "--platform", "linkedin", "--source", "https://example.com/a", "brief"},
			1, "the folder " + notOS + "/nope does not exist"},
		{"an unknown platform", env, []string{"draft", "--os", exampleDir, "--platform", "tiktok", "--source", "https://example.com/a", "brief"},
			2, `this Client OS has no style guide for "tiktok": use one of blog, linkedin`},
		{"no platform", env, []string{"draft", "--os", exampleDir, "--source", "https://example.com/a", "brief"},
			2, "--platform <name> is required: this Client OS has style guides for blog, linkedin"},
		{"a brief with an escape sequence", env, draftArgs("--", "\x1b[2Jcleared"),
			2, "the brief contains the control character U+001B; type it as plain text"},
		{"a brief with a DEL", env, draftArgs("--", "del\x7fbyte"), 2, "the brief contains the control character U+007F"},
		{"no brief", env, []string{"draft", "--os", exampleDir, "--platform", "linkedin", "--source", "https://example.com/a"},
			2, "say what the piece should say after the flags"},
		{"no source", env, []string{"draft", "--os", exampleDir, "--platform", "linkedin", "brief"}, 2, "--source <url> is required"},
		{"a source that is not a web link", env, []string{"draft", "--os", exampleDir, "--platform", "linkedin", "--source", "javascript:alert(1)", "brief"},
			2, "The source must be a web link starting with http:// or https://"},
		{"an unknown source type", env, []string{"draft", "--os", exampleDir, "--platform", "linkedin", "--type", "rumour", "--source", "https://example.com/a", "brief"},
			2, `--type "rumour" is not a source type: use one of interview, trend, study, competitor, other`},
		{"neither --os nor --client", env, []string{"draft", "--platform", "linkedin", "--source", "https://example.com/a", "brief"},
			2, "give --os <dir> (a Client OS folder) or --client <slug> (a stored client)"},
		{"--client without DATABASE_URL", env, []string{"draft", "--client", "northwind", "--platform", "linkedin", "--source", "https://example.com/a", "brief"},
			2, "DATABASE_URL is not set: give it a Postgres connection string, e.g. postgres://mos:mos@localhost:5432/mos or host=localhost dbname=mos, in the environment or in .env (--client reads the stored OS; --os <dir> reads a folder without a database)"},
		{"no model configured", nil, draftArgs(),
			2, "no model is configured: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) and MOS_MODEL"},
	} {
		r := runMosEnv(t, tc.env, tc.args...)
		requireExit(t, r, tc.code)
		require.Contains(t, r.stderr, tc.want, tc.name)
		require.Empty(t, r.stdout, tc.name)
	}
	r := runMosEnv(t, env, "draft", "--os", broken, "--platform", "linkedin", "--source", "https://example.com/a", "brief")
	requireExit(t, r, 1)
	require.Equal(t, "mos: "+broken+" is not a usable Client OS yet; fix these and run again:\n"+
		"error: pillars.md: pillar weights sum to 105, not 100; adjust them so they add up to exactly 100\n", r.stderr)
	require.Zero(t, srv.Count(), "nothing reaches the model before the input is right")
}

// TestDraftOneLineErrors: the configuration mistakes are one line each.
func TestDraftOneLineErrors(t *testing.T) {
	t.Parallel()
	_, env := fakeModel(t)
	for _, args := range [][]string{
		draftArgs(),
		{"draft", "--client", "northwind", "--platform", "linkedin", "--source", "https://example.com/a", "brief"},
		{"os", "prompt", "--client", "northwind", "--platform", "linkedin"},
		{"os", "brief", "--client", "northwind"},
	} {
		e := env
		if args[1] == "--os" {
			e = nil // no model configured
		}
		r := runMosEnv(t, e, args...)
		requireExit(t, r, 2)
		require.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
	}
}

// TestDraftModelFailsInPlainWords: an endpoint that refuses or is not there gives the words a
// channel reads when generation fails, and exit 1.
func TestDraftModelFailsInPlainWords(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	srv.Enqueue(llmtest.Reply{Status: 401, Content: "Incorrect API key provided"})
	r := runMosEnv(t, env, draftArgs()...)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "mos: Could not write the outline: the model endpoint refused our API key "+
		"(HTTP 401). Check OPENAI_API_KEY")
	require.NotContains(t, r.stderr, "sk-test-secret")
	require.Empty(t, r.stdout)

	down := llmtest.New(t)
	url := down.BaseURL()
	down.Close()
	r = runMosEnv(t, modelEnv(url), draftArgs()...)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "mos: Could not write the outline: could not reach the model endpoint "+url+" (connection refused). "+
		"Check OPENAI_BASE_URL")

	// The endpoint is named without the user, password or query a base URL may carry.
	secret := strings.Replace(url, "http://", "http://mos:pa55word@", 1) + "?key=q-secret"
	r = runMosEnv(t, modelEnv(secret), draftArgs()...)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "could not reach the model endpoint "+url+" (connection refused)")
	require.NotContains(t, r.stderr, "pa55word")
	require.NotContains(t, r.stderr, "q-secret")
}

// TestDraftOutlineCutOffTwice: an outline the token budget cut off, and cut off again when asked
// again, is blamed on the length limit, not on the model's JSON.
func TestDraftOutlineCutOffTwice(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	cut := llmtest.Reply{Content: `{"title": "Why the month-end close still takes 9 days", "hook": "Most CFOs`, FinishReason: "length"}
	srv.Enqueue(cut, cut)
	r := runMosEnv(t, env, draftArgs()...)
	requireExit(t, r, 1)
	require.Equal(t, "mos: Could not write the outline: the model hit its length limit (max tokens 1500) twice, so its "+
		"answer was cut off before it was complete, even when asked again. No setting raises that limit: use a model "+
		"that answers within it (a reasoning model can spend it all on thinking), or shorten the brief.\n", r.stderr)
	require.NotContains(t, r.stderr, "structured")
	require.Empty(t, r.stdout)
	require.Equal(t, 2, srv.Count())
}

func TestDraftHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"draft", "--help"}, {"draft", "--os", exampleDir, "-h"}} {
		r := runMos(t, "", args...)
		requireExit(t, r, 0)
		require.Contains(t, r.stdout, "Usage: mos draft (--os <dir>")
		require.Contains(t, r.stdout, "the terminal has no approval gate")
		require.Empty(t, r.stderr)
	}
	r := runMos(t, "", "--help")
	require.Contains(t, r.stdout, "  draft    write an outline")
}

// TestDraftPrintsNoTerminalControls: escape sequences, other controls and direction overrides in
// what the model wrote do not reach the terminal; the words, line breaks and tabs do.
func TestDraftPrintsNoTerminalControls(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	srv.Enqueue(llmtest.JSON(t, engine.Outline{Title: "\x1b[2JWhy the close\x1b]0;pwned\x07 takes 9 days",
		Hook:     "Most CFOs \x1b]8;;https://evil.example/\x1b\\blame people\x1b]8;;\x1b\\. The data blames handoffs.",
		Sections: []string{"The 9-day\u202e baseline\u202c", "Where the\u2066 days\u2069 go", "What the fastest\u009b31m teams do"},
		CTA:      "Book a 20-minute close review\x07\x00", Pillar: "Faster close"}))
	srv.Enqueue(llmtest.Reply{Content: "First line\x1b[1A\x1b[2K\r\n\tindented\u0085 line\x7f\n\x1b[31mred\x1b[0m end"})
	r := runMosEnv(t, env, draftArgs("--full")...)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Title: Why the close takes 9 days\n")
	require.Contains(t, r.stdout, "Hook: Most CFOs blame people. The data blames handoffs.\n")
	require.Contains(t, r.stdout, "- The 9-day baseline\n- Where the days go\n- What the fastest teams do\n")
	require.Contains(t, r.stdout, "CTA: Book a 20-minute close review\n")
	require.Contains(t, r.stdout, "First line\n\tindented line\nred end\n")
	for _, bad := range []string{"\x1b", "\x07", "\x00", "\r", "\x7f", "\u009b", "\u0085", "\u202e", "\u202c", "\u2066", "\u2069", "evil.example", "pwned"} {
		require.NotContains(t, r.stdout, bad)
	}

	// JSON keeps the data as the model wrote it, every such character written as an escape.
	srv.Enqueue(llmtest.JSON(t, engine.Outline{Title: "Why\u202e the close\u009b2J", Hook: "\x1b[2JMost CFOs blame people.",
		Sections: []string{"One", "Two", "Three"}, CTA: "Book a 20-minute close review", Pillar: "Faster close"}))
	j := runMosEnv(t, env, draftArgs("--json")...)
	requireExit(t, j, 0)
	for _, bad := range []string{"\x1b", "\u009b", "\u202e"} {
		require.NotContains(t, j.stdout, bad)
	}
	require.Contains(t, j.stdout, `"title": "Why\u202e the close\u009b2J"`)
	var out struct{ Outline engine.Outline }
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &out))
	require.Equal(t, "Why\u202e the close\u009b2J", out.Outline.Title)
	require.Equal(t, "\x1b[2JMost CFOs blame people.", out.Outline.Hook)
}

// TestDraftFullKeepsTheOutlineWhenTheDraftFails: the outline already written is printed, then the
// draft's failure, and the exit status says it failed.
func TestDraftFullKeepsTheOutlineWhenTheDraftFails(t *testing.T) {
	t.Parallel()
	srv, env := fakeModel(t)
	srv.Enqueue(outlineReply(t), llmtest.Reply{Status: 401, Content: "Incorrect API key provided"})
	r := runMosEnv(t, env, draftArgs("--full")...)
	requireExit(t, r, 1)
	require.Contains(t, r.stdout, "Title: Why the month-end close still takes 9 days\n")
	require.Contains(t, r.stdout, "CTA: Book a 20-minute close review\n")
	require.NotContains(t, r.stdout, "Draft ·")
	require.Equal(t, "mos: Could not write the draft: the model endpoint refused our API key (HTTP 401). "+
		"Check OPENAI_API_KEY: it is missing, wrong, revoked or not allowed to use this model.\n", r.stderr)

	srv.Enqueue(outlineReply(t), llmtest.Reply{Status: 401, Content: "Incorrect API key provided"})
	j := runMosEnv(t, env, draftArgs("--full", "--json")...)
	requireExit(t, j, 1)
	var out struct {
		Outline engine.Outline
		Draft   *struct{ Text string }
	}
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &out), j.stdout)
	require.Equal(t, "Faster close", out.Outline.Pillar)
	require.Nil(t, out.Draft, "no draft was written")
	require.Contains(t, j.stderr, "mos: Could not write the draft: the model endpoint refused our API key")
}
