package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestMosHelpAndUnknownCommand(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	help := w.mosAnswer(w.sam, "help", "/mos bind")
	require.Contains(t, help.AllText(), "/draft")
	w.mosAnswer(w.sam, "frobnicate", "`/mos help`")
}

func TestBindRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.mosAnswer(w.maria, "bind acme linkedin", "mos os import")
	w.mosAnswer(w.maria, "bind northwind tiktok", "linkedin")
	w.mosAnswer(w.maria, "bind northwind linkedin lots", "whole number")
	w.mosAnswer(w.maria, "bind", "Usage: `/mos bind")
	require.Zero(t, w.scalar("SELECT count(*) FROM channel_bindings"))

	// Once a client has approvers, only they may rebind its channels.
	w.bindAsMaria(3)
	w.mosAnswer(w.sam, "bind northwind blog 9", "approvers can do that")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM channel_bindings WHERE platform = 'linkedin' AND daily_cap = 3"))
}

func TestApproversAndCap(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)

	w.mosAnswer(w.sam, "approvers add <@"+w.samID+"|sam>", "approvers can do that")
	w.mosAnswer(w.maria, "approvers remove <@"+w.mariaID+"|maria>", "at least one approver")
	w.mosAnswer(w.maria, "approvers add sam", "mentioned with @")
	w.mosAnswer(w.maria, "approvers", "Approvers for *Northwind Ledger*: <@"+w.mariaID+">")

	w.mosAnswer(w.sam, "cap 10", "approvers can do that")
	w.mosPosted(w.maria, "cap 5", "daily cap to 5")
	w.mosAnswer(w.sam, "cap", "0 of 5 new pieces")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM audit_log WHERE action LIKE '%cap%'"))

	w.mosAnswer(w.sam, "status", "No pieces yet")
}

func TestSetupModal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	report := w.sim.AddChannel("marketing-reports")
	m := w.mosModal(w.maria, "setup")
	m.Select("Client", "Northwind Ledger (northwind)").Fill("Platform", "linkedin").Fill("Daily cap of new pieces", "abc")
	res := m.Submit()
	require.Contains(t, strings.Join(valuesOf(res.ErrorsByLabel), " "), "whole number")
	require.Zero(t, w.scalar("SELECT count(*) FROM channel_bindings"))

	m = w.maria.Modal()
	m.Fill("Daily cap of new pieces", "4").SelectUsers("Approvers", w.mariaID).SelectConversation("Report channel", report)
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("set up this channel"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM channel_bindings WHERE daily_cap = 4 AND platform = 'linkedin'"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM approvers"))
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM clients WHERE report_channel_id = $1", report))
}

func valuesOf(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestOSCommandsInSlack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	w.mosAnswer(w.sam, "os", "not bound")
	w.bindAsMaria(3)

	list := w.mosAnswer(w.sam, "os", "Client OS of Northwind Ledger")
	require.Contains(t, list.AllText(), "style/linkedin")
	w.mosAnswer(w.sam, "os decisions", "decisions* v1")
	w.mosAnswer(w.sam, "os lint", "lints clean")
	w.mosAnswer(w.sam, "os nonsense", "Usage: `/mos os`")

	// Only approvers edit; a writer's attempt changes nothing and opens no modal.
	w.mosAnswer(w.sam, "os edit brand", "approvers can do that")

	m := w.mosModal(w.maria, "os edit decisions")
	original := m.Value("Text")
	require.NotEmpty(t, original)
	res := m.Fill("Text", "   ").Submit()
	require.NotEmpty(t, res.Errors, "an emptied document is refused in the modal")
	m = w.maria.Modal()
	m.Fill("Text", original+"- We never publish customer names without written consent.\n")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("edited *decisions*; it is now v2"))

	w.mosAnswer(w.maria, "os history decisions", "edited in Slack")
	w.mosAnswer(w.sam, "os revert decisions 1", "approvers can do that")
	w.mosAnswer(w.maria, "os revert decisions 9", "v1")
	w.mosPosted(w.maria, "os revert decisions 1", "reverted *decisions* to v1; it is now v3")
	w.mosAnswer(w.maria, "os revert decisions 1", "Nothing changed: *decisions* v3 already has the text of v1")

	// A new platform's style guide can be written from Slack, then bound.
	w.mosAnswer(w.maria, "bind northwind tiktok", "/mos os edit style/tiktok")
	m = w.mosModal(w.maria, "os edit style/tiktok")
	require.Contains(t, m.Text(), "a new document")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("edited *style/tiktok*; it is now v1"))
	w.mosPosted(w.maria, "bind northwind tiktok", "on *tiktok*")
	var content string
	require.NoError(t, w.db.Pool.QueryRow(context.Background(), `SELECT content FROM os_versions
		WHERE document = 'decisions' ORDER BY version DESC LIMIT 1`).Scan(&content))
	require.Equal(t, original, content)
}

// TestOSEditLongDocumentIsLossless: a document longer than one input is split across inputs and
// saved back byte for byte when nobody changes it (no new version), and with a change when one does.
func TestOSEditLongDocumentIsLossless(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	ctx := context.Background()
	var clientID int64
	require.NoError(t, w.db.Pool.QueryRow(ctx, "SELECT id FROM clients WHERE slug = 'northwind'").Scan(&clientID))
	var strategy string
	require.NoError(t, w.db.Pool.QueryRow(ctx, "SELECT content FROM os_versions WHERE document = 'strategy'").Scan(&strategy))
	long := strategy + strings.Repeat("- Grow qualified pipeline from LinkedIn by 12% a quarter, measured in HubSpot.\n", 90)
	_, _, err := clientos.SaveDocument(ctx, w.db.Pool, clientID, "strategy", long, "test", "long strategy")
	require.NoError(t, err)

	m := w.mosModal(w.maria, "os edit strategy")
	require.GreaterOrEqual(t, len(m.Labels()), 4, "a %d-character document spans several inputs", len(long))
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitEphemeral(w.mariaID, containing("No change: *strategy* is still v2"))
	require.Equal(t, 2, w.scalar("SELECT max(version) FROM os_versions WHERE document = 'strategy'"))

	// An edit in the last part lands in the right place; everything else is kept byte for byte.
	m = w.mosModal(w.maria, "os edit strategy")
	labels := m.Labels()
	last := labels[len(labels)-1]
	m.Fill(last, m.Value(last)+"\n- Publish the Close Benchmark every January.")
	require.Empty(t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing("edited *strategy*; it is now v3"))
	var saved string
	require.NoError(t, w.db.Pool.QueryRow(ctx, "SELECT content FROM os_versions WHERE document = 'strategy' AND version = 3").Scan(&saved))
	require.Equal(t, long+"\n- Publish the Close Benchmark every January.", saved)
}

// TestBotNotInChannel: commands in a channel the bot was not invited to are answered by DM with
// how to invite it, and the channel is not bound (nothing made there could be posted).
func TestBotNotInChannel(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()
	outside := w.sim.AddChannelWithoutBot("not-invited")
	w.maria.Command(outside, "/mos", "bind northwind linkedin")
	hint := w.sim.WaitDM(w.mariaID, containing("/invite @mos"))
	require.Contains(t, hint.Text, "<#"+outside+">")
	require.Zero(t, w.scalar("SELECT count(*) FROM channel_bindings"))
	w.maria.Command(outside, "/mos", "help")
	w.sim.WaitDM(w.mariaID, containing("/mos bind"))
}
