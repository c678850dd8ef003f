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

// escapedChunks escapes s and cuts the result into pieces of at most limit runes, never inside an
// entity and preferring line ends, so long text fits section blocks without losing a character.
func escapedChunks(s string, limit int) []string {
	var chunks []string
	var cur []rune
	lastNL := -1
	for _, r := range s {
		piece := []rune(escapeText(string(r)))
		if len(cur)+len(piece) > limit {
			cut := len(cur)
			if lastNL > limit/2 {
				cut = lastNL + 1
			}
			chunks = append(chunks, string(cur[:cut]))
			cur = append([]rune{}, cur[cut:]...)
			lastNL = lastIndexRune(cur, '\n')
		}
		cur = append(cur, piece...)
		if r == '\n' {
			lastNL = len(cur) - 1
		}
	}
	return append(chunks, string(cur))
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// markedLine is one line of a message: our own mrkdwn markup, then text a person or the model wrote.
type markedLine struct {
	markup string
	text   string
}

// packLines escapes each line's text and packs the lines into section texts of at most limit
// runes, in order; a line too long for one section is split. Nothing is cut off.
func packLines(lines []markedLine, limit int) []string {
	var out []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen > 0 {
			out = append(out, cur.String())
			cur.Reset()
			curLen = 0
		}
	}
	for _, l := range lines {
		for i, part := range escapedChunks(l.text, limit-utf8.RuneCountInString(l.markup)-1) {
			if i == 0 {
				part = l.markup + part
			}
			n := utf8.RuneCountInString(part)
			if curLen > 0 && curLen+1+n > limit {
				flush()
			}
			if curLen > 0 {
				cur.WriteString("\n")
				curLen++
			}
			cur.WriteString(part)
			curLen += n
		}
	}
	flush()
	return out
}
