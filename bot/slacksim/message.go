package slacksim

import (
	"encoding/json"
	"strings"
	"time"
)

// Message is a message as a person in the workspace sees it.
type Message struct {
	TS, ThreadTS, Channel string
	Text                  string
	Blocks                json.RawMessage // as stored, with Slack-assigned block_id/action_id filled in
	User                  string          // author; BotUserID for the bot
	BotID                 string          // BotID for bot posts
	Recipient             string          // ephemeral messages: the one person who sees it
	Updated               int             // times chat.update changed it
	ReplyCount            int
	ReplyBroadcast        bool
	UnfurlLinks           *bool // as sent; nil when the bot did not say
	UnfurlMedia           *bool
	Reactions             []string
	Files                 []string // ids of files shared with this message
	Metadata              json.RawMessage
	// Streaming is true from chat.startStream until chat.stopStream or the stream expires; Text
	// grows with every chat.appendStream.
	Streaming   bool
	streamStart time.Time
	// stoppedByUser: the person pressed Stop on the stream; later stream calls answer stopped_by_user.
	stoppedByUser bool
}

// BlockTexts is the visible text of each block that has any (sections with fields, headers,
// context, markdown, rich text, input labels), in order.
func (m Message) BlockTexts() []string { return blockTexts(decodeBlocks(m.Blocks)) }

// Buttons lists the labels of every button in the message, in order.
func (m Message) Buttons() []string { return buttonLabels(decodeBlocks(m.Blocks)) }

// AllText joins the fallback text, the block texts and the button labels: handy in predicates.
func (m Message) AllText() string {
	parts := append([]string{m.Text}, m.BlockTexts()...)
	return strings.Join(append(parts, m.Buttons()...), "\n")
}

// WouldUnfurl reports whether Slack would unfurl links or media in this message (the bot did not
// send both unfurl_links=false and unfurl_media=false).
func (m Message) WouldUnfurl() bool {
	return !(m.UnfurlLinks != nil && !*m.UnfurlLinks && m.UnfurlMedia != nil && !*m.UnfurlMedia)
}

func (m *Message) clone() Message {
	c := *m
	c.Reactions = append([]string(nil), m.Reactions...)
	c.Files = append([]string(nil), m.Files...)
	return c
}

// wire is the message object Slack returns in API answers and interaction payloads.
func (m *Message) wire() map[string]any {
	w := map[string]any{"type": "message", "text": m.Text, "user": m.User, "ts": m.TS, "team": TeamID}
	if m.Text == "" && len(m.Blocks) > 0 {
		w["text"] = "This content can't be displayed."
	}
	if len(m.Blocks) > 0 {
		w["blocks"] = m.Blocks
	}
	if m.BotID != "" {
		w["bot_id"], w["app_id"] = m.BotID, AppID
		w["bot_profile"] = map[string]any{"id": BotID, "app_id": AppID, "name": BotName,
			"team_id": TeamID, "deleted": false}
	}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.ReplyCount > 0 {
		w["reply_count"] = m.ReplyCount
	}
	if m.Updated > 0 && len(m.Blocks) == 0 {
		w["edited"] = map[string]any{"user": m.User, "ts": m.TS}
	}
	if len(m.Metadata) > 0 {
		w["metadata"] = m.Metadata
	}
	return w
}

func decodeBlocks(raw json.RawMessage) []any {
	var blocks []any
	_ = json.Unmarshal(raw, &blocks)
	return blocks
}

func blockTexts(blocks []any) []string {
	var out []string
	for _, b := range blocks {
		if t := blockText(asMap(b)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func blockText(b map[string]any) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	switch asString(b["type"]) {
	case "section":
		add(textOf(b["text"]))
		for _, f := range asSlice(b["fields"]) {
			add(textOf(f))
		}
	case "header":
		add(textOf(b["text"]))
	case "context":
		for _, e := range asSlice(b["elements"]) {
			add(textOf(e))
		}
	case "markdown":
		add(asString(b["text"]))
	case "rich_text":
		add(richText(b))
	case "input":
		add(textOf(b["label"]))
	case "image":
		add(textOf(b["title"]))
	}
	return strings.Join(parts, "\n")
}

// richText flattens a rich_text block's text runs, links and mentions.
func richText(v any) string {
	var sb strings.Builder
	var walk func(any)
	walk = func(v any) {
		m := asMap(v)
		switch asString(m["type"]) {
		case "text":
			sb.WriteString(asString(m["text"]))
		case "link":
			if t := asString(m["text"]); t != "" {
				sb.WriteString(t)
			} else {
				sb.WriteString(asString(m["url"]))
			}
		case "user":
			sb.WriteString("<@" + asString(m["user_id"]) + ">")
		case "channel":
			sb.WriteString("<#" + asString(m["channel_id"]) + ">")
		case "emoji":
			sb.WriteString(":" + asString(m["name"]) + ":")
		}
		for _, e := range asSlice(m["elements"]) {
			walk(e)
		}
		if t := asString(m["type"]); t == "rich_text_section" || t == "rich_text_preformatted" || t == "rich_text_quote" {
			sb.WriteString("\n")
		}
	}
	walk(v)
	return strings.TrimSpace(sb.String())
}

// buttonLabels finds buttons in actions blocks and section accessories.
func buttonLabels(blocks []any) []string {
	var out []string
	forEachButton(blocks, func(_ map[string]any, btn map[string]any) bool {
		out = append(out, textOf(btn["text"]))
		return false
	})
	return out
}

// forEachButton calls f(block, button) for each button until f returns true.
func forEachButton(blocks []any, f func(block, btn map[string]any) bool) {
	for _, bv := range blocks {
		b := asMap(bv)
		var elems []any
		switch asString(b["type"]) {
		case "actions":
			elems = asSlice(b["elements"])
		case "section":
			elems = []any{b["accessory"]}
		}
		for _, e := range elems {
			if el := asMap(e); asString(el["type"]) == "button" && f(b, el) {
				return
			}
		}
	}
}

func textOf(v any) string { return asString(asMap(v)["text"]) }

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// Mrkdwn returns every mrkdwn string in the message's blocks: the text Slack parses for mentions
// and links (plain_text is shown literally). Tests use it to prove no one is pinged.
func (m Message) Mrkdwn() []string { return MrkdwnTexts(m.Blocks) }

// MrkdwnTexts returns every mrkdwn string in a blocks (or view) JSON document.
func MrkdwnTexts(raw json.RawMessage) []string {
	var tree any
	if json.Unmarshal(raw, &tree) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(n any) {
		switch v := n.(type) {
		case map[string]any:
			if s, ok := v["text"].(string); ok && v["type"] == "mrkdwn" {
				out = append(out, s)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(tree)
	return out
}
