package slacksim

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestValidateMessageBlocks(t *testing.T) {
	t.Parallel()
	rep := func(n int) string { return strings.Repeat("x", n) }
	button := func(text, extra string) string {
		return `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"` + text + `"}` + extra + `}]}]`
	}
	options := func(n int) string {
		var o []string
		for range n {
			o = append(o, `{"text":{"type":"plain_text","text":"o"},"value":"v"}`)
		}
		return "[" + strings.Join(o, ",") + "]"
	}
	tests := []struct {
		name, blocks, want string // want "" means valid
	}{
		{"section ok", `[{"type":"section","text":{"type":"mrkdwn","text":"` + rep(3000) + `"}}]`, ""},
		{"section too long", `[{"type":"section","text":{"type":"mrkdwn","text":"` + rep(3001) + `"}}]`, "/blocks/0/text/text"},
		{"section empty", `[{"type":"section"}]`, "must provide either text or fields"},
		{"11 fields", `[{"type":"section","fields":[` + strings.Repeat(`{"type":"mrkdwn","text":"f"},`, 10) + `{"type":"mrkdwn","text":"f"}]}]`, "/blocks/0/fields"},
		{"field too long", `[{"type":"section","fields":[{"type":"mrkdwn","text":"` + rep(2001) + `"}]}]`, "/blocks/0/fields/0/text"},
		{"header 150", `[{"type":"header","text":{"type":"plain_text","text":"` + rep(150) + `"}}]`, ""},
		{"header 151", `[{"type":"header","text":{"type":"plain_text","text":"` + rep(151) + `"}}]`, "must be less than 151 characters"},
		{"header mrkdwn", `[{"type":"header","text":{"type":"mrkdwn","text":"h"}}]`, "must be plain_text"},
		{"mrkdwn emoji", `[{"type":"section","text":{"type":"mrkdwn","text":"h","emoji":true}}]`, "/blocks/0/text/emoji"},
		{"bad text type", `[{"type":"section","text":{"type":"markdown","text":"h"}}]`, "valid enum value"},
		{"button 75", button(rep(75), ""), ""},
		{"button 76", button(rep(76), ""), "/blocks/0/elements/0/text/text"},
		{"button value", button("b", `,"value":"`+rep(2001)+`"`), "/blocks/0/elements/0/value"},
		{"button url", button("b", `,"url":"`+rep(3001)+`"`), "/blocks/0/elements/0/url"},
		{"button style", button("b", `,"style":"green"`), "/blocks/0/elements/0/style"},
		{"action_id 256", `[{"type":"actions","elements":[{"type":"button","action_id":"` + rep(256) + `","text":{"type":"plain_text","text":"b"}}]}]`, "/blocks/0/elements/0/action_id"},
		{"block_id 256", `[{"type":"divider","block_id":"` + rep(256) + `"}]`, "/blocks/0/block_id"},
		{"duplicate block_id", `[{"type":"divider","block_id":"d"},{"type":"divider","block_id":"d"}]`, "/blocks/1/block_id"},
		{"duplicate action_id", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"b"}},{"type":"button","action_id":"a","text":{"type":"plain_text","text":"c"}}]}]`, "/blocks/0/elements/1/action_id"},
		{"26 elements", `[{"type":"actions","elements":[` + strings.Repeat(`{"type":"button","text":{"type":"plain_text","text":"b"}},`, 25) + `{"type":"button","text":{"type":"plain_text","text":"b"}}]}]`, "no more than 25 items"},
		{"11 context", `[{"type":"context","elements":[` + strings.Repeat(`{"type":"mrkdwn","text":"c"},`, 10) + `{"type":"mrkdwn","text":"c"}]}]`, "no more than 10 items"},
		{"option text 76", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":[{"text":{"type":"plain_text","text":"` + rep(76) + `"},"value":"v"}]}]}]`, "/options/0/text/text"},
		{"101 options", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + options(101) + `}]}]`, "no more than 100 items"},
		{"initial option not in options", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + options(1) + `,"initial_option":{"text":{"type":"plain_text","text":"z"},"value":"z"}}]}]`, "initial_option"},
		{"input in actions", `[{"type":"actions","elements":[{"type":"plain_text_input","action_id":"p"}]}]`, "not allowed here"},
		{"unknown block", `[{"type":"carousel"}]`, "unsupported type"},
		{"markdown total", `[{"type":"markdown","text":"` + rep(6001) + `"},{"type":"markdown","text":"` + rep(6000) + `"}]`, "12000"},
		{"image alt", `[{"type":"image","image_url":"https://x/y.png"}]`, "/blocks/0/alt_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := validateMessageBlocks(asSlice(decode(t, tt.blocks)), "/blocks")
			if tt.want == "" {
				require.Empty(t, errs)
				return
			}
			require.NotEmpty(t, errs)
			require.Contains(t, strings.Join(errs, "\n"), tt.want)
		})
	}
}

func TestValidateView(t *testing.T) {
	t.Parallel()
	input := func(el string) string {
		return `{"type":"input","block_id":"i","label":{"type":"plain_text","text":"L"},"element":` + el + `}`
	}
	modal := func(extra, blocks string) string {
		return `{"type":"modal","title":{"type":"plain_text","text":"T"},"submit":{"type":"plain_text","text":"Go"}` + extra + `,"blocks":[` + blocks + `]}`
	}
	tests := []struct {
		name, view, want string
	}{
		{"ok", modal("", input(`{"type":"plain_text_input","action_id":"p","max_length":10,"initial_value":"abc"}`)), ""},
		{"initial over max_length", modal("", input(`{"type":"plain_text_input","action_id":"p","max_length":2,"initial_value":"abc"}`)), "/view/blocks/0/element/initial_value"},
		{"max_length 3001", modal("", input(`{"type":"plain_text_input","action_id":"p","max_length":3001}`)), "/view/blocks/0/element/max_length"},
		{"submit 25", `{"type":"modal","title":{"type":"plain_text","text":"T"},"submit":{"type":"plain_text","text":"` + strings.Repeat("s", 25) + `"},"blocks":[]}`, "/view/submit/text"},
		{"close 25", modal(`,"close":{"type":"plain_text","text":"`+strings.Repeat("c", 25)+`"}`, ""), "/view/close/text"},
		{"callback_id 256", modal(`,"callback_id":"`+strings.Repeat("c", 256)+`"`, ""), "/view/callback_id"},
		{"no title", `{"type":"modal","blocks":[]}`, "/view/title"},
		{"101 blocks", modal("", strings.TrimSuffix(strings.Repeat(`{"type":"divider"},`, 101), ",")), "no more than 100 items"},
		{"label mrkdwn", modal("", `{"type":"input","label":{"type":"mrkdwn","text":"L"},"element":{"type":"plain_text_input"}}`), "/view/blocks/0/label/type"},
		{"checkbox 11 options", modal("", input(`{"type":"checkboxes","action_id":"c","options":[`+strings.TrimSuffix(strings.Repeat(`{"text":{"type":"mrkdwn","text":"o"},"value":"v"},`, 11), ",")+`]}`)), "no more than 10 items"},
		{"file_input ok", modal("", input(`{"type":"file_input","action_id":"f","filetypes":["txt","pdf"],"max_files":1}`)), ""},
		{"file_input max_files 0", modal("", input(`{"type":"file_input","action_id":"f","max_files":0}`)), "/view/blocks/0/element/max_files"},
		{"file_input max_files 11", modal("", input(`{"type":"file_input","action_id":"f","max_files":11}`)), "/view/blocks/0/element/max_files"},
		{"file_input filetypes not a list", modal("", input(`{"type":"file_input","action_id":"f","filetypes":"pdf"}`)), "/view/blocks/0/element/filetypes"},
		{"file_input in actions", modal("", `{"type":"actions","elements":[{"type":"file_input","action_id":"f"}]}`), "not allowed here"},
		{"markdown in modal", modal("", `{"type":"markdown","text":"# hi"}`), "not allowed in a modal"},
		{"home as modal", `{"type":"home","blocks":[]}`, `must be "modal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := validateView(asMap(decode(t, tt.view)), "/view", "modal")
			if tt.want == "" {
				require.Empty(t, errs)
				return
			}
			require.Contains(t, strings.Join(errs, "\n"), tt.want)
		})
	}
}
