package bot

import (
	"strings"
	"unicode/utf8"
)

// escapeText makes user or model text safe for mrkdwn: Slack reads &, < and > as markup, so
// "<!channel>" or "<@U123>" from a brief or a model would otherwise ping people.
func escapeText(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// truncate cuts s to at most n runes, marking the cut, so a long value never breaks a Block Kit limit.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// link renders a validated http(s) URL as a mrkdwn link with an escaped label.
func link(url, label string) string {
	u := strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C").Replace(url)
	return "<" + u + "|" + escapeText(label) + ">"
}
