package slacksim_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", text, false, false), nil, nil)
}

func requireSlackError(t *testing.T, err error, code, message string) {
	t.Helper()
	var se slack.SlackErrorResponse
	require.ErrorAs(t, err, &se)
	require.Equal(t, code, se.Err)
	require.NotEmpty(t, se.ResponseMetadata.Messages)
	require.Contains(t, strings.Join(se.ResponseMetadata.Messages, "\n"), message)
}

// violatedSim is a Slack told to expect calls that break its rules (see ExpectViolations), and a
// Web API client of it.
func violatedSim(t *testing.T) (*slacksim.Sim, *slack.Client) {
	sim := slacksim.New(t, slacksim.Options{})
	sim.ExpectViolations()
	return sim, apiFor(sim)
}

func TestValidatorRejectsMessages(t *testing.T) {
	t.Parallel()
	sim, api := violatedSim(t)
	ch := sim.AddChannel("general")

	blocks := make([]slack.Block, 51)
	for i := range blocks {
		blocks[i] = section("b")
	}
	_, _, err := api.PostMessage(ch, slack.MsgOptionBlocks(blocks...))
	requireSlackError(t, err, "invalid_blocks", "no more than 50 items allowed [json-pointer:/blocks]")

	_, _, err = api.PostMessage(ch, slack.MsgOptionBlocks(section(strings.Repeat("é", 3001))))
	requireSlackError(t, err, "invalid_blocks", "must be less than 3001 characters [json-pointer:/blocks/0/text/text]")

	dup := []slack.Block{slack.NewDividerBlock(), slack.NewDividerBlock()}
	dup[0].(*slack.DividerBlock).BlockID, dup[1].(*slack.DividerBlock).BlockID = "same", "same"
	_, _, err = api.PostMessage(ch, slack.MsgOptionBlocks(dup...))
	requireSlackError(t, err, "invalid_blocks", `duplicate block_id "same"`)

	_, _, err = api.PostMessage(ch, slack.MsgOptionBlocks(slack.NewActionBlock("a",
		slack.NewButtonBlockElement("b", "v", slack.NewTextBlockObject("plain_text", strings.Repeat("x", 76), false, false)))))
	requireSlackError(t, err, "invalid_blocks", "[json-pointer:/blocks/0/elements/0/text/text]")

	require.Empty(t, sim.Messages(ch))
	require.Len(t, sim.Violations(), 4)
	require.Contains(t, sim.Violations()[0], "chat.postMessage: invalid_blocks: [ERROR] no more than 50 items allowed")

	_, _, err = api.PostMessage(ch, slack.MsgOptionBlocks(blocks[:50]...))
	require.NoError(t, err, "50 blocks is fine")
}

func TestValidatorRejectsViews(t *testing.T) {
	t.Parallel()
	sim, api := violatedSim(t)
	ana := sim.AddUser("ana")
	input := slack.NewInputBlock("in", plain("Brief"), nil, slack.NewPlainTextInputBlockElement(nil, "brief"))

	long := slack.ModalViewRequest{Type: slack.VTModal, Title: plain(strings.Repeat("t", 25)),
		Submit: plain("Go"), Blocks: slack.Blocks{BlockSet: []slack.Block{input}}}
	_, err := api.OpenView(sim.NewTrigger(ana), long)
	requireSlackError(t, err, "invalid_arguments", "must be less than 25 characters [json-pointer:/view/title/text]")

	noSubmit := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Brief"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{input}}}
	_, err = api.OpenView(sim.NewTrigger(ana), noSubmit)
	requireSlackError(t, err, "invalid_arguments", "a view with input blocks must have a submit button")

	meta := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Brief"), Submit: plain("Go"),
		PrivateMetadata: strings.Repeat("m", 3001), Blocks: slack.Blocks{BlockSet: []slack.Block{input}}}
	_, err = api.OpenView(sim.NewTrigger(ana), meta)
	requireSlackError(t, err, "invalid_arguments", "[json-pointer:/view/private_metadata]")

	ok := slack.ModalViewRequest{Type: slack.VTModal, Title: plain(strings.Repeat("t", 24)), Submit: plain("Go"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{input}}}
	resp, err := api.OpenView(sim.NewTrigger(ana), ok)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(resp.ID, "V"))
	require.NotEmpty(t, resp.Hash)
	require.Len(t, sim.Violations(), 3)

	_, err = api.UpdateView(ok, "", "stale-hash", resp.ID)
	require.EqualError(t, err, "hash_conflict")
	_, err = api.UpdateView(ok, "", resp.Hash, resp.ID)
	require.NoError(t, err)
	_, err = api.OpenView("1.2.nope", ok)
	require.EqualError(t, err, "invalid_trigger_id")
}
