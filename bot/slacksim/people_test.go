package slacksim_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// TestDeactivatedUserCannotBeDMedAnew: a deactivated person's DM cannot be opened (user_disabled)
// and users.info says deleted; their existing DM still takes posts, as Slack's does.
func TestDeactivatedUserCannotBeDMedAnew(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ana, bo := sim.AddUser("ana"), sim.AddUser("bo")
	api := apiFor(sim)
	dm, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana}})
	require.NoError(t, err)

	sim.DeactivateUser(ana)
	sim.DeactivateUser(bo)
	_, _, _, err = api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana}})
	require.EqualError(t, err, "user_disabled")
	_, _, _, err = api.OpenConversation(&slack.OpenConversationParameters{Users: []string{bo}})
	require.EqualError(t, err, "user_disabled")
	info, err := api.GetUserInfo(ana)
	require.NoError(t, err)
	require.True(t, info.Deleted)
	_, _, err = api.PostMessage(dm.ID, slack.MsgOptionText("still lands", false))
	require.NoError(t, err)

	sim.ReactivateUser(bo)
	_, _, _, err = api.OpenConversation(&slack.OpenConversationParameters{Users: []string{bo}})
	require.NoError(t, err)
}

func TestFailCallsAnswersSlacksErrorShape(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	ch := sim.AddChannel("general")
	api := apiFor(sim)
	_, ts, err := api.PostMessage(ch, slack.MsgOptionText("hi", false))
	require.NoError(t, err)

	sim.FailCalls("chat.update", "fatal_error", 2)
	for range 2 {
		_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("edited", false))
		require.EqualError(t, err, "fatal_error")
	}
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("edited", false))
	require.NoError(t, err)
	m, _ := sim.Message(ch, ts)
	require.Equal(t, "edited", m.Text)
	require.Equal(t, 3, sim.Calls("chat.update"))

	other := sim.AddChannel("other")
	_, ots, err := api.PostMessage(other, slack.MsgOptionText("hi", false))
	require.NoError(t, err)
	sim.FailCallsIn("chat.update", ch, "fatal_error", 1)
	_, _, _, err = api.UpdateMessage(other, ots, slack.MsgOptionText("fine", false))
	require.NoError(t, err, "another channel is not affected")
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("again", false))
	require.EqualError(t, err, "fatal_error")

	link, err := api.GetPermalink(&slack.PermalinkParameters{Channel: ch, Ts: ts})
	require.NoError(t, err)
	require.Equal(t, link, sim.Permalink(ch, ts))
}

// TestPressAsSeenSendsTheOldButton: a person whose screen still shows an old message presses its
// old button, and the bot receives that button's value, not the current one.
func TestPressAsSeenSendsTheOldButton(t *testing.T) {
	t.Parallel()
	sim, bot, ana, ch := setup(t, slacksim.Options{})
	api := apiFor(sim)
	blocks := func(v string) slack.MsgOption {
		return slack.MsgOptionBlocks(slack.NewActionBlock("a", slack.NewButtonBlockElement("go", v, &slack.TextBlockObject{
			Type: slack.PlainTextType, Text: "Go"})))
	}
	_, ts, err := api.PostMessage(ch, slack.MsgOptionText("v1", false), blocks("v1"))
	require.NoError(t, err)
	seen, _ := sim.Message(ch, ts)
	_, _, _, err = api.UpdateMessage(ch, ts, slack.MsgOptionText("v2", false), blocks("v2"))
	require.NoError(t, err)

	require.True(t, ana.PressAsSeen(seen, "Go").Acked)
	require.Equal(t, "v1", pressed(t, bot))
	require.True(t, ana.Press(ch, ts, "Go").Acked)
	require.Equal(t, "v2", pressed(t, bot))
}

// pressed is the value of the next button press the bot received.
func pressed(t *testing.T, bot *echoBot) string {
	t.Helper()
	select {
	case cb := <-bot.actions:
		return cb.ActionCallback.BlockActions[0].Value
	case <-time.After(5 * time.Second):
		t.Fatal("the bot received no button press")
		return ""
	}
}

func TestValidateExportedForRenderers(t *testing.T) {
	t.Parallel()
	long, err := json.Marshal([]any{map[string]any{"type": "section",
		"text": map[string]any{"type": "mrkdwn", "text": strings.Repeat("x", 3001)}}})
	require.NoError(t, err)
	require.Len(t, slacksim.ValidateMessageBlocks(long), 1)
	ok, err := json.Marshal([]any{map[string]any{"type": "divider"}})
	require.NoError(t, err)
	require.Empty(t, slacksim.ValidateMessageBlocks(ok))
	require.Empty(t, slacksim.ValidateHomeView(json.RawMessage(`{"type":"home","blocks":[{"type":"divider"}]}`)))
	require.NotEmpty(t, slacksim.ValidateHomeView(json.RawMessage(`{"type":"modal","blocks":[]}`)))
}

// TestUsersInfoReportsRoles: users.info answers each role's flags as Slack does (an owner is also
// an admin), an unknown id with user_not_found, and users.lookupByEmail finds people by address.
func TestUsersInfoReportsRoles(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	api := apiFor(sim)
	type flags struct{ admin, owner, primary, guest bool }
	roles := map[slacksim.Role]flags{
		slacksim.RoleMember:       {},
		slacksim.RoleAdmin:        {admin: true},
		slacksim.RoleOwner:        {admin: true, owner: true},
		slacksim.RolePrimaryOwner: {admin: true, owner: true, primary: true},
		slacksim.RoleGuest:        {guest: true},
	}
	for role, want := range roles {
		id := sim.AddUser("person" + string(rune('a'+role)))
		sim.SetRole(id, role)
		u, err := api.GetUserInfo(id)
		require.NoError(t, err)
		require.Equal(t, want, flags{u.IsAdmin, u.IsOwner, u.IsPrimaryOwner, u.IsRestricted}, "role %d", role)
	}
	_, err := api.GetUserInfo("U0NOBODY")
	require.EqualError(t, err, "user_not_found")

	ana := sim.AddUser("ana")
	u, err := api.GetUserByEmail("Ana@example.com")
	require.NoError(t, err)
	require.Equal(t, ana, u.ID)
	require.Equal(t, "ana@example.com", u.Profile.Email)
	_, err = api.GetUserByEmail("nobody@example.com")
	require.EqualError(t, err, "users_not_found")
}

// TestUsersListPages: users.list answers everyone once, limit at a time, with a cursor between
// pages and none after the last; a cursor it never gave is invalid_cursor.
func TestUsersListPages(t *testing.T) {
	t.Parallel()
	sim := slacksim.New(t, slacksim.Options{})
	var want []string
	for _, name := range []string{"ana", "bo", "cy", "di", "ed"} {
		want = append(want, sim.AddUser(name))
	}
	api := apiFor(sim)
	var got []string
	pages := 0
	p := api.GetUsersPaginated(slack.GetUsersOptionLimit(2))
	var err error
	for {
		p, err = p.Next(context.Background())
		if p.Done(err) {
			break
		}
		require.NoError(t, err)
		pages++
		for _, u := range p.Users {
			got = append(got, u.ID)
		}
	}
	require.Equal(t, want, got)
	require.Equal(t, 3, pages)
	_, err = api.GetUsersPaginated(slack.GetUsersOptionCursor("bogus!")).Next(context.Background())
	require.EqualError(t, err, "invalid_cursor")
}
