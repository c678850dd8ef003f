package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
)

var tokenLine = regexp.MustCompile(`(?m)^(mos_[A-Za-z0-9_-]{43})$`)

// createToken runs "mos mcp token create" and returns the token it printed once.
func createToken(t *testing.T, dbURL, client, scope, name string) string {
	t.Helper()
	r := runMos(t, dbURL, "mcp", "token", "create", "--client", client, "--scope", scope, "--name", name)
	requireExit(t, r, 0)
	m := tokenLine.FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	return m[1]
}

// mcpProcess is the real binary's "mos mcp" with the test's database and token in its environment.
func mcpProcess(dbURL, token string) *exec.Cmd {
	cmd := exec.Command(mosBin, "mcp")
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(hostVariables, func(p string) bool { return strings.HasPrefix(kv, p) }) &&
			!strings.HasPrefix(kv, "MOS_MCP_TOKEN=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "DATABASE_URL="+dbURL, "MOS_MCP_TOKEN="+token)
	return cmd
}

func connectStdio(t *testing.T, cmd *exec.Cmd) *mcp.ClientSession {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "desktop-assistant", Version: "1"}, nil)
	s, err := client.Connect(context.Background(), &mcp.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestMCPOverStdioIsTheOSTheTerminalPrints: a desktop assistant starting "mos mcp" with a read
// token lists the client's resources, reads the system prompt byte for byte as "mos os prompt"
// prints it, and gets a forbidden phrase flagged by check_text.
func TestMCPOverStdioIsTheOSTheTerminalPrints(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	_, err := clientos.Import(ctx, db.Pool, clientos.ImportRequest{Slug: "northwind", Name: "Northwind Ledger",
		Timezone: "UTC", Dir: exampleDir, Author: "test"})
	require.NoError(t, err)
	token := createToken(t, db.URL, "northwind", "read", "claude desktop")
	s := connectStdio(t, mcpProcess(db.URL, token))

	list, err := s.ListResources(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list.Resources, 9)
	printed := runMos(t, db.URL, "os", "prompt", "--client", "northwind", "--platform", "linkedin")
	requireExit(t, printed, 0)
	got, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/prompt/linkedin"})
	require.NoError(t, err)
	require.Equal(t, printed.stdout, got.Contents[0].Text)
	brief := runMos(t, db.URL, "os", "brief", "--client", "northwind")
	requireExit(t, brief, 0)
	gotBrief, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/brief"})
	require.NoError(t, err)
	require.Equal(t, brief.stdout, gotBrief.Contents[0].Text)

	res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: "check_text", Arguments: map[string]any{
		"text": "Best-in-class close software.", "platform": "linkedin"}})
	require.NoError(t, err)
	require.False(t, res.IsError)
	require.Contains(t, res.Content[0].(*mcp.TextContent).Text, `Uses the forbidden phrase \"best-in-class\"`)
}

// TestMCPTokensFromTheTerminal: create, list and revoke; a revoked, unknown or missing token is
// refused by "mos mcp" with what to do.
func TestMCPTokensFromTheTerminal(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	_, err := clientos.Import(context.Background(), db.Pool, clientos.ImportRequest{Slug: "northwind",
		Name: "Northwind Ledger", Timezone: "UTC", Dir: exampleDir, Author: "test"})
	require.NoError(t, err)
	token := createToken(t, db.URL, "northwind", "request", "n8n")

	r := runMos(t, db.URL, "mcp", "token", "create", "--client", "northwind", "--scope", "admin", "--name", "x")
	requireExit(t, r, 2)
	require.Equal(t, "mos: unknown scope \"admin\": use read, request or report\n", r.stderr)
	r = runMos(t, db.URL, "mcp", "token", "create", "--client", "northwind", "--scope", "read", "--name", "n8n")
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, `northwind already has a live token named "n8n"`)

	r = runMos(t, db.URL, "mcp", "token", "list", "--client", "northwind")
	requireExit(t, r, 0)
	require.Regexp(t, `"n8n"\s+request\s+\S+ \S+\s+live`, r.stdout)
	require.NotContains(t, r.stdout, token[4:])

	r = runMos(t, db.URL, "mcp", "token", "revoke", "--client", "northwind", "--name", "n8n")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, `revoked token "n8n" of Northwind Ledger`)
	r = runMos(t, db.URL, "mcp", "token", "list", "--client", "northwind")
	require.Regexp(t, `"n8n"\s+request\s+\S+ \S+\s+revoked `, r.stdout)

	for _, tc := range []struct {
		token, want string
		code        int
	}{
		{token, "mos: the token is not valid: it was revoked, mistyped or never created", 1},
		{"mos_nope", "mos: the token is not valid", 1},
		{"", "mos: mcp needs a token: set MOS_MCP_TOKEN (or pass --token)", 2},
	} {
		cmd := mcpProcess(db.URL, tc.token)
		cmd.Stdin = strings.NewReader("")
		res := runCmd(t, cmd, []string{"mcp"})
		require.Equal(t, tc.code, res.code, res.stderr)
		require.Contains(t, res.stderr, tc.want)
		require.Empty(t, res.stdout, "nothing but MCP messages on stdout")
	}
}

// TestMCPRequestPieceOverHTTPReachesSlack: a hosted agent with a request token, on /mcp of the
// running replica, asks for a piece; the outline appears in the client's channel for approval, as
// for a /draft, and /metrics counts the call.
func TestMCPRequestPieceOverHTTPReachesSlack(t *testing.T) {
	t.Parallel()
	w, s := agentOverHTTP(t)
	base := "http://" + w.cfg.HTTPAddr
	res, err := s.CallTool(context.Background(), &mcp.CallToolParams{Name: "request_piece", Arguments: map[string]any{
		"brief": "Why the month-end close still takes 9 days", "platform": "linkedin", "source_type": "study",
		"source_url": "https://example.com/close-survey"}})
	require.NoError(t, err)
	require.False(t, res.IsError, res.Content[0].(*mcp.TextContent).Text)

	outline := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Contains(t, outline.AllText(), "asked by agent n8n")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces WHERE requested_by = 'agent:n8n'"))

	resp, err := http.Get(base + "/metrics")
	require.NoError(t, err)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Contains(t, string(raw), `mos_mcp_calls_total{method="tools/call",outcome="ok",tool="request_piece"} 1`)
}

// agentOverHTTP is a running replica with a bound channel, and an agent "n8n" connected to its /mcp
// with a request-scoped token, through the SDK's own client.
func agentOverHTTP(t *testing.T) (*world, *mcp.ClientSession) {
	w := newWorld(t)
	w.useFreeHTTPAddr()
	w.start()
	w.bindAsMaria(3)
	token := createToken(t, w.db.URL, "northwind", "request", "n8n")
	client := mcp.NewClient(&mcp.Implementation{Name: "n8n", Version: "1"}, nil)
	s, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: "http://" + w.cfg.HTTPAddr + "/mcp",
		HTTPClient: &http.Client{Transport: bearerTransport(token)}, MaxRetries: -1}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return w, s
}

type bearerTransport string

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// TestMCPRequestPieceFollowsTheDraftRules: an agent's brief that mentions <!channel> pings no one,
// and a source on a private address is refused when read, exactly as for /draft: the outline is
// written from the brief and says why the source was not read.
func TestMCPRequestPieceFollowsTheDraftRules(t *testing.T) {
	t.Parallel()
	w, s := agentOverHTTP(t)
	res, err := s.CallTool(context.Background(), &mcp.CallToolParams{Name: "request_piece", Arguments: map[string]any{
		"brief": "Tell <!channel> and <@U0BOSS> about the close", "platform": "linkedin",
		"source_url": "http://10.0.0.5/internal-report"}})
	require.NoError(t, err)
	require.False(t, res.IsError, res.Content[0].(*mcp.TextContent).Text)

	msg := w.sim.WaitMessage(w.channel, withButton("Approve"))
	require.Contains(t, msg.AllText(), "private")
	for _, ping := range []string{"<!channel>", "<@U0BOSS>"} {
		require.NotContains(t, msg.Text, ping)
		for _, m := range msg.Mrkdwn() {
			require.NotContains(t, m, ping)
		}
	}
}
