package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
)

// importAs stores the Northwind example as another client, and adds a channel for it.
func (w *world) importAs(slug, name string) (channelID string) {
	w.t.Helper()
	_, err := clientos.Import(context.Background(), w.db.Pool, clientos.ImportRequest{
		Slug: slug, Name: name, Timezone: "UTC", Dir: exampleDir, Author: "test"})
	require.NoError(w.t, err)
	return w.sim.AddChannel(slug + "-linkedin")
}

// ephemeralsContaining counts the ephemeral messages shown to a person that contain s.
func (w *world) ephemeralsContaining(userID, s string) int {
	return len(withText(w.sim.Ephemerals(userID), s))
}

func (w *world) approversOf(slug string) int {
	return w.scalar("SELECT count(*) FROM approvers a JOIN clients c ON c.id = a.client_id WHERE c.slug = $1", slug)
}

// TestFirstApproverNeedsAnAdmin: a channel member who is not a workspace admin may bind a client
// that has no approvers, but cannot make anyone its first approver — neither with /mos approvers
// add nor in the setup form — and is told who can; when Slack cannot say what someone's role is,
// nothing is granted; a workspace admin, someone in MOS_ADMINS and an operator at the terminal can.
func TestFirstApproverNeedsAnAdmin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	olgaID := w.sim.AddUser("olga") // a member whose id is in MOS_ADMINS
	olga := w.sim.User(olgaID)
	w.cfg.Admins = []string{olgaID}
	harbor := w.importAs("harbor", "Harbor Freight")
	w.start()

	bound := w.mosPosted(w.sam, "bind northwind linkedin 3", "bound this channel to *Northwind Ledger*")
	require.Contains(t, bound.Text, "Nobody can approve pieces yet. A workspace admin or someone in MOS_ADMINS")
	w.mosAnswer(w.sam, "approvers add <@"+w.samID+"|sam>", "Only a workspace admin, someone in MOS_ADMINS, or an operator with "+
		"`mos approvers add --client northwind "+w.samID+"` can name the first approver of northwind.")
	w.mosAnswer(w.sam, "approvers", "*Northwind Ledger* has no approvers yet. A workspace admin")

	w.mosAnswer(w.sam, "help", "a client's first approver is named by a workspace admin, someone in MOS_ADMINS, "+
		"or an operator with `mos approvers add --client <client>")
	m := w.mosModal(w.sam, "setup")
	m.Select("Client", "Northwind Ledger (northwind)").Fill("Platform", "linkedin").Fill("Daily cap of new pieces", "7").
		SelectUsers("Approvers", w.mariaID)
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitEphemeral(w.samID, containing("`mos approvers add --client northwind "+w.mariaID+"`"))
	require.Zero(t, w.approversOf("northwind"))
	require.Zero(t, w.scalar("SELECT count(*) FROM channel_bindings WHERE daily_cap = 7"), "a refused form changes nothing")

	// Maria is a workspace admin, but while Slack cannot say so she is granted nothing.
	const unchecked = "Couldn't check your Slack role just now — try again"
	w.sim.FailCalls("users.info", "fatal_error", 1)
	w.mosAnswer(w.maria, "approvers add <@"+w.mariaID+"|maria>", unchecked)
	w.sim.RateLimit("users.info", 4, time.Millisecond) // outlasts slack-go's three retries
	w.maria.Command(w.channel, "/mos", "approvers add <@"+w.mariaID+"|maria>")
	require.Eventually(t, func() bool { return w.ephemeralsContaining(w.mariaID, unchecked) == 2 },
		20*time.Second, 20*time.Millisecond)
	require.Zero(t, w.approversOf("northwind"))

	w.mosPosted(w.maria, "approvers add <@"+w.mariaID+"|maria>", "<@"+w.mariaID+"> added <@"+w.mariaID+"> as an approver")
	w.mosAnswer(w.sam, "approvers add <@"+w.samID+"|sam>", "approvers can do that")
	require.Equal(t, 1, w.approversOf("northwind"))

	olga.Command(harbor, "/mos", "bind harbor linkedin")
	w.sim.WaitMessage(harbor, containing("bound this channel"))
	olga.Command(harbor, "/mos", "approvers add <@"+olgaID+"|olga>")
	w.sim.WaitMessage(harbor, containing("<@"+olgaID+"> added <@"+olgaID+"> as an approver for *Harbor Freight*"))
}

// TestOperatorNamesTheFirstApproverFromTheTerminal: `mos approvers add` with an email, run while
// the bot serves, makes that person the approver, who then adds others in Slack.
func TestOperatorNamesTheFirstApproverFromTheTerminal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.sim.SetRole(w.mariaID, slacksim.RoleMember)
	w.start()
	w.mosAnswer(w.sam, "approvers", "not bound")
	w.mosPosted(w.sam, "bind northwind linkedin 3", "bound this channel")

	r := runMosEnv(t, []string{"DATABASE_URL=" + w.db.URL, "SLACK_BOT_TOKEN=" + w.sim.BotToken(),
		"SLACK_API_URL=" + w.sim.APIURL()}, "approvers", "add", "--client", "northwind", "sam@example.com")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, w.samID+" (sam) is an approver of northwind")

	w.mosPosted(w.sam, "approvers add <@"+w.mariaID+"|maria>", "<@"+w.samID+"> added <@"+w.mariaID+"> as an approver")
	w.mosAnswer(w.sam, "approvers", "Approvers for *Northwind Ledger*: <@"+w.samID+">, <@"+w.mariaID+">")
}
