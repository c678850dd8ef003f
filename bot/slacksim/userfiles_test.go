package slacksim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

func attachModal() slack.ModalViewRequest {
	el := slack.NewFileInputBlockElement("notes").WithFileTypes("txt", "md").WithMaxFiles(1)
	in := slack.NewInputBlock("notes", plain("Notes file"), nil, el)
	in.Optional = true
	return slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Attach"), Submit: plain("Send"),
		CallbackID: "attach", Blocks: slack.Blocks{BlockSet: []slack.Block{in}}}
}

func TestAttachedFileReachesTheBotOnlyWithItsToken(t *testing.T) {
	t.Parallel()
	sim, bot, ana, _ := setup(t, slacksim.Options{})
	_, err := bot.api.OpenView(sim.NewTrigger(ana.ID), attachModal())
	require.NoError(t, err)
	content := []byte("# Interview\nThe close took 9 days.")
	ana.WaitModal().Attach("Notes file", "interview.md", content).Submit()

	cb := <-bot.submits
	files := cb.View.State.Values["notes"]["notes"].Files
	require.Len(t, files, 1)
	require.Equal(t, "interview.md", files[0].Name)
	require.Equal(t, len(content), files[0].Size)

	// The raw state entry is what Slack sends: {"type":"file_input","files":[{…}]}.
	raw, err := json.Marshal(cb.View.State.Values["notes"]["notes"])
	require.NoError(t, err)
	require.Contains(t, string(raw), `"type":"file_input"`)

	info, _, _, err := bot.api.GetFileInfoContext(context.Background(), files[0].ID, 0, 0)
	require.NoError(t, err)
	require.Equal(t, "text/markdown", info.Mimetype)
	var got bytes.Buffer
	require.NoError(t, bot.api.GetFileContext(context.Background(), info.URLPrivateDownload, &got))
	require.Equal(t, content, got.Bytes())

	// Without the token, or with another one, the download is refused and files.info says invalid_auth.
	resp, err := http.Get(info.URLPrivateDownload)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	other := slack.New("xoxb-not-the-bot", slack.OptionAPIURL(sim.APIURL()))
	require.Error(t, other.GetFileContext(context.Background(), info.URLPrivateDownload, &bytes.Buffer{}))
	_, _, _, err = other.GetFileInfoContext(context.Background(), files[0].ID, 0, 0)
	require.EqualError(t, err, "invalid_auth")
	_, _, _, err = bot.api.GetFileInfoContext(context.Background(), "F0NOPE", 0, 0)
	require.EqualError(t, err, "file_not_found")

	f := sim.UserFiles()[0]
	require.Equal(t, 1, f.Downloads)
	require.Equal(t, 2, f.Refused)
	require.Equal(t, ana.ID, f.User)
}
