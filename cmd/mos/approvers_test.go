package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
)

func TestApproversUsageErrors(t *testing.T) {
	t.Parallel()
	requireUsageErrors(t, []misuse{
		{[]string{"approvers"}, "approvers needs a subcommand"},
		{[]string{"approvers", "grant"}, `unknown subcommand "grant"`},
		{[]string{"approvers", "add", "U024BE7LH"}, "--client <slug> is required"},
		{[]string{"approvers", "add", "--client", "northwind"}, "missing argument"},
		{[]string{"approvers", "list", "--client", "northwind", "extra"}, `unexpected argument "extra"`},
		{[]string{"approvers", "add", "--client", "northwind", "@maria"}, "looking up @maria needs SLACK_BOT_TOKEN"},
		{[]string{"approvers", "add", "--client", "northwind", "maria"}, `"maria" is neither a Slack member id`},
		{[]string{"approvers", "add", "--client", "northwind", "@ma ria"}, "neither a Slack member id"},
		{[]string{"approvers", "remove", "--client", "northwind", "u024be7lh"}, "neither a Slack member id"},
		{[]string{"approvers", "add", "--client", "northwind", "maria@example.com"}, "needs SLACK_BOT_TOKEN"},
	})
	r := runMos(t, "", "approvers", "--help")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Usage: mos approvers")
	r = runMos(t, "", "--help")
	require.Contains(t, r.stdout, "approvers")
}

// TestApproversFromTheTerminal: without a Slack token a member id is taken as given (and the
// operator is told it was not checked); with one, an email or an @name is looked up and an id is checked; the
// operator names the first approver, adds and removes others, and the last one stays.
func TestApproversFromTheTerminal(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	_, err := clientos.EnsureClient(context.Background(), db.Pool, "northwind", "Northwind Ledger", "UTC")
	require.NoError(t, err)
	sim := slacksim.New(t, slacksim.Options{})
	mariaID, samID, goneID := sim.AddUser("maria"), sim.AddUser("sam"), sim.AddUser("gone")
	sim.DeactivateUser(goneID)
	twin1, twin2 := sim.AddUser("twin"), sim.AddUser("twin")
	slackEnv := []string{"DATABASE_URL=" + db.URL, "SLACK_BOT_TOKEN=" + sim.BotToken(), "SLACK_API_URL=" + sim.APIURL()}

	r := runMos(t, db.URL, "approvers", "list", "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "northwind has no approvers yet")

	r = runMos(t, db.URL, "approvers", "add", "--client", "northwind", mariaID)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "SLACK_BOT_TOKEN is not set, so "+mariaID+" was not checked")
	require.Contains(t, r.stdout, mariaID+" is an approver of northwind")

	r = runMosEnv(t, slackEnv, "approvers", "add", "--client", "northwind", "Sam@example.com")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, samID+" (sam) is an approver of northwind")
	require.NotContains(t, r.stdout, "not checked")

	r = runMosEnv(t, slackEnv, "approvers", "add", "--client", "northwind", "@Maria")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, mariaID+" (maria) is an approver of northwind", "added again: a no-op")

	for _, bad := range []struct{ who, want string }{
		{"nobody@example.com", "nobody in the Slack workspace has the email nobody@example.com"},
		{"@gone", "nobody active in the Slack workspace goes by @gone"},
		{"@twin", "@twin could be any of " + twin1 + " (twin), " + twin2 + " (twin): give the member id"},
		{"U0NOBODY", "nobody in the Slack workspace has the member id U0NOBODY"},
		{goneID, "is deactivated in Slack"},
	} {
		r = runMosEnv(t, slackEnv, "approvers", "add", "--client", "northwind", bad.who)
		requireExit(t, r, 1)
		require.Contains(t, r.stderr, bad.want)
	}
	r = runMos(t, db.URL, "approvers", "add", "--client", "acme", mariaID)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "acme")

	r = runMos(t, db.URL, "approvers", "list", "--client", "northwind")
	requireExit(t, r, 0)
	require.Equal(t, mariaID+"\n"+samID+"\n", r.stdout)

	r = runMos(t, db.URL, "approvers", "remove", "--client", "northwind", goneID)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, goneID+" is not an approver of northwind")
	r = runMos(t, db.URL, "approvers", "remove", "--client", "northwind", "<@"+mariaID+">")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, mariaID+" is no longer an approver of northwind")
	r = runMos(t, db.URL, "approvers", "remove", "--client", "northwind", samID)
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "the last approver of northwind and stays")

	var actors int
	require.NoError(t, db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_log WHERE actor = 'tester' AND action LIKE 'approver.%'`).Scan(&actors))
	require.Equal(t, 3, actors, "each change is audited under the operator's name")
}
