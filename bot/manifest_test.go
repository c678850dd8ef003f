package bot

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// manifest is the part of Slack's app manifest schema (manifest.schema 1.0.0) that mos relies on.
type manifest struct {
	Metadata struct {
		MajorVersion int `yaml:"major_version"`
	} `yaml:"_metadata"`
	Display struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
		Background      string `yaml:"background_color"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTab bool `yaml:"home_tab_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape bool   `yaml:"should_escape"`
			URL          string `yaml:"url"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

func TestManifestIsAValidSocketModeApp(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../slack-manifest.yaml")
	require.NoError(t, err)
	var m manifest
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(false)
	require.NoError(t, dec.Decode(&m))

	require.Equal(t, 1, m.Metadata.MajorVersion)
	require.NotEmpty(t, m.Display.Name)
	require.LessOrEqual(t, len(m.Display.Name), 35)
	require.LessOrEqual(t, len(m.Display.Description), 140)
	require.GreaterOrEqual(t, len(m.Display.LongDescription), 175)
	require.LessOrEqual(t, len(m.Display.LongDescription), 4000)
	require.Regexp(t, `^#[0-9a-fA-F]{3,6}$`, m.Display.Background)
	require.NotEmpty(t, m.Features.BotUser.DisplayName)
	require.True(t, m.Settings.SocketMode, "Socket Mode must be on: mos needs no public URL")
	require.True(t, m.Settings.Interactivity.IsEnabled, "buttons and modals need interactivity")
	require.Empty(t, m.Settings.Interactivity.RequestURL, "Socket Mode apps have no request URL")

	commands := map[string]bool{}
	cmdRe := regexp.MustCompile(`^/[a-z0-9_-]{1,31}$`)
	for _, c := range m.Features.SlashCommands {
		require.Regexp(t, cmdRe, c.Command)
		require.NotEmpty(t, c.Description)
		require.LessOrEqual(t, len(c.UsageHint), 1000)
		require.Empty(t, c.URL)
		require.True(t, c.ShouldEscape, "%s must escape mentions so /mos approvers add @who gets a user id", c.Command)
		commands[c.Command] = true
	}
	require.Equal(t, map[string]bool{"/draft": true, "/mos": true}, commands)
	// files:read lets the bot read the file attached in the /draft form (file_input needs it).
	for _, scope := range []string{"commands", "chat:write", "im:write", "users:read", "files:read"} {
		require.Contains(t, m.OAuth.Scopes.Bot, scope)
	}
}
