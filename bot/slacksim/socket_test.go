package slacksim_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func TestCommandAckRecordsLatency(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})

	res := ana.Command(ch, "/draft", "launch post")

	require.True(t, res.Acked)
	require.Equal(t, "Drafting launch post", res.Text)
	require.NotEmpty(t, res.TriggerID)
	require.Len(t, sim.AckLatencies(), 1)
	require.Greater(t, sim.AckLatencies()[0], time.Duration(0))
	require.Less(t, sim.AckLatencies()[0], time.Second)
	cmd := <-bot.commands
	require.Equal(t, slack.SlashCommand{Token: cmd.Token, TeamID: slacksim.TeamID, TeamDomain: slacksim.TeamDomain,
		ChannelID: ch, ChannelName: "marketing", UserID: ana.ID, UserName: "ana", Command: "/draft",
		Text: "launch post", ResponseURL: res.ResponseURL, TriggerID: res.TriggerID, APIAppID: slacksim.AppID}, cmd)
	// The ack text is shown to the person alone.
	require.Equal(t, "Drafting launch post", sim.WaitEphemeral(ana.ID, nil).Text)
}

func TestHelloAndEnvelopeShape(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ana := sim.User(sim.AddUser("ana"))
	ch := sim.AddChannel("general")
	ws, _ := dialRaw(t, sim)

	var hello struct {
		Type           string `json:"type"`
		NumConnections int    `json:"num_connections"`
		DebugInfo      struct {
			ApproximateConnectionTime int `json:"approximate_connection_time"`
		} `json:"debug_info"`
	}
	require.NoError(t, ws.ReadJSON(&hello))
	require.Equal(t, "hello", hello.Type)
	require.Equal(t, 1, hello.NumConnections)
	require.Positive(t, hello.DebugInfo.ApproximateConnectionTime)

	go ana.Command(ch, "/draft", "x")
	var env socketmode.Request
	require.NoError(t, ws.ReadJSON(&env))
	require.Equal(t, "slash_commands", env.Type)
	require.True(t, env.AcceptsResponsePayload)
	require.Len(t, env.EnvelopeID, 36)
	require.NoError(t, ws.WriteJSON(map[string]any{"envelope_id": env.EnvelopeID, "payload": map[string]any{}}))
	require.Eventually(t, func() bool { return len(sim.AckLatencies()) == 1 }, 2*time.Second, 10*time.Millisecond)
}

func TestRefreshMidFlowReconnects(t *testing.T) {
	t.Parallel()
	sim, _, ana, ch := setup(t, slacksim.Options{CloseDelay: 50 * time.Millisecond})
	require.True(t, ana.Command(ch, "/draft", "one").Acked)

	sim.Refresh()

	require.Eventually(t, func() bool { return sim.TotalConnections() >= 2 && sim.Connections() == 1 },
		5*time.Second, 10*time.Millisecond)
	require.True(t, ana.Command(ch, "/draft", "two").Acked)
}

func TestWarnAndLinkDisabled(t *testing.T) {
	t.Parallel()
	sim, _, ana, ch := setup(t, slacksim.Options{WarningDelay: 100 * time.Millisecond, CloseDelay: 50 * time.Millisecond})

	sim.Warn()
	require.Eventually(t, func() bool { return sim.TotalConnections() >= 2 && sim.Connections() == 1 },
		5*time.Second, 10*time.Millisecond)

	sim.DisableLink()
	require.Eventually(t, func() bool { return sim.Calls("apps.connections.open") >= 3 && sim.Connections() == 0 },
		5*time.Second, 10*time.Millisecond)
	sim.EnableLink()
	require.True(t, sim.WaitConnections(1)) // slack-go's backoff retries until Socket Mode is back
	require.True(t, ana.Command(ch, "/draft", "back").Acked)
}

func TestStopPingsMakesSlackGoReconnect(t *testing.T) {
	t.Parallel()
	sim, _, ana, ch := setup(t, slacksim.Options{PingInterval: 50 * time.Millisecond},
		socketmode.OptionPingInterval(300*time.Millisecond))
	time.Sleep(400 * time.Millisecond)
	require.Equal(t, 1, sim.TotalConnections(), "pings keep the connection alive")

	sim.StopPings()
	require.Eventually(t, func() bool { return sim.TotalConnections() >= 2 }, 3*time.Second, 10*time.Millisecond)
	sim.StartPings()

	require.True(t, ana.Command(ch, "/draft", "after ping timeout").Acked)
}

func TestEachEnvelopeGoesToExactlyOneConnection(t *testing.T) {
	t.Parallel()
	sim, first, ana, ch := setup(t, slacksim.Options{})
	second := startBot(t, sim)
	require.True(t, sim.WaitConnections(2))

	for range 10 {
		require.True(t, ana.Command(ch, "/noop", "").Acked)
	}

	a, b := drain(first.envelopes), drain(second.envelopes)
	require.Len(t, a, 5)
	require.Len(t, b, 5)
	for _, id := range a {
		require.NotContains(t, b, id)
	}
}

func drain(ch chan string) []string {
	var out []string
	for {
		select {
		case v := <-ch:
			out = append(out, v)
		default:
			return out
		}
	}
}

func TestRepeatNextDeliversSameEnvelopeTwice(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})

	sim.RepeatNext()
	res := ana.Command(ch, "/noop", "")

	require.True(t, res.Acked)
	require.Eventually(t, func() bool { return len(bot.envelopes) == 2 }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, []string{res.EnvelopeID, res.EnvelopeID}, drain(bot.envelopes))
	require.Empty(t, sim.ProtocolErrors(), "a second ack of a repeated envelope is fine")
}

func TestUnackedEnvelopesAreRecordedAndEventsRetried(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{AckTimeout: 200 * time.Millisecond})
	sim.AllowUnacked()

	res := ana.Command(ch, "/noack", "")
	require.False(t, res.Acked)

	bot.skipHomeAcks.Store(1)
	require.False(t, sim.OpenHome(ana.ID).Acked)
	require.Equal(t, 0, <-bot.retries)
	require.Equal(t, 1, <-bot.retries, "events_api is redelivered with retry_attempt 1")
	require.Eventually(t, func() bool { return sim.Home(ana.ID).Published }, 2*time.Second, 10*time.Millisecond)

	unacked := sim.Unacked()
	require.Len(t, unacked, 2)
	require.Contains(t, unacked[0], "slash_commands /noack")
	require.Contains(t, unacked[1], "app_home_opened")
}

func TestWrongTokensAreRejected(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ctx := context.Background()

	_, err := slack.New("xoxb-wrong", slack.OptionAPIURL(sim.APIURL())).AuthTestContext(ctx)
	require.EqualError(t, err, "invalid_auth")
	_, err = slack.New("", slack.OptionAPIURL(sim.APIURL())).AuthTestContext(ctx)
	require.EqualError(t, err, "not_authed")
	_, err = slack.New(sim.AppToken(), slack.OptionAPIURL(sim.APIURL())).AuthTestContext(ctx)
	require.EqualError(t, err, "not_allowed_token_type")
	auth, err := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL())).AuthTestContext(ctx)
	require.NoError(t, err)
	require.Equal(t, slacksim.BotUserID, auth.UserID)

	wrongApp := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	require.EqualError(t, socketmode.New(wrongApp).RunContext(ctx), "invalid_auth")
	noApp := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	require.EqualError(t, socketmode.New(noApp).RunContext(ctx), "not_authed")

	sim.RevokeAppToken()
	revoked := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
	require.EqualError(t, socketmode.New(revoked).RunContext(ctx), "token_revoked")
}

// dialRaw opens a Socket Mode connection with a bare gorilla client; it returns the URL too.
func dialRaw(t *testing.T, sim *slacksim.Sim) (*websocket.Conn, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, sim.APIURL()+"apps.connections.open", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+sim.AppToken())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var open struct {
		OK  bool   `json:"ok"`
		URL string `json:"url"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&open))
	require.True(t, open.OK)
	require.True(t, strings.HasPrefix(open.URL, "ws://127.0.0.1:"))
	ws, _, err := websocket.DefaultDialer.Dial(open.URL, http.Header{"Origin": {"https://api.slack.com"}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = ws.Close() })
	return ws, open.URL
}

func TestOversizedFrameClosedWith1009(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	sim.AllowProtocolErrors()
	ws, url := dialRaw(t, sim)
	_, _, err := ws.ReadMessage() // hello
	require.NoError(t, err)
	_, _, err = websocket.DefaultDialer.Dial(url, nil)
	require.Error(t, err, "tickets are single-use")

	require.NoError(t, ws.WriteMessage(websocket.TextMessage, []byte(`{"envelope_id":"unknown-id"}`)))
	big := `{"envelope_id":"x","payload":{"text":"` + strings.Repeat("a", 21000) + `"}}`
	require.NoError(t, ws.WriteMessage(websocket.TextMessage, []byte(big)))

	_, _, err = ws.ReadMessage()
	var ce *websocket.CloseError
	require.True(t, errors.As(err, &ce), "got %v", err)
	require.Equal(t, websocket.CloseMessageTooBig, ce.Code)
	require.Equal(t, "Max frame length of 20480 has been exceeded.", ce.Text)
	errs := sim.ProtocolErrors()
	require.Len(t, errs, 3) // the reused ticket, the unknown envelope_id, the big frame
	require.Contains(t, errs[1], `ack for unknown envelope_id "unknown-id"`)
	require.Contains(t, errs[2], "larger than 20480")
}

func TestEleventhConnectionIsRefused(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	for range 10 {
		ws, _ := dialRaw(t, sim)
		_, _, err := ws.ReadMessage() // hello
		require.NoError(t, err)
	}
	require.Equal(t, 10, sim.Connections())

	ws, _ := dialRaw(t, sim)
	var frame struct{ Type, Reason string }
	require.NoError(t, ws.ReadJSON(&frame))
	require.Equal(t, "disconnect", frame.Type)
	require.Equal(t, "too_many_websockets", frame.Reason)
	require.Equal(t, 10, sim.Connections())
}
