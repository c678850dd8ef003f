package clientos

import (
	"strings"
)

// normalizeNewlines turns CRLF into LF; the typed model and the rendered prompt use LF only, while
// Raw keeps the file exactly as written.
func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// splitSections splits a Markdown body at headings that start with marker ("## " or "### "),
// ignoring lines inside code fences. intro is the text before the first heading.
func splitSections(body, marker string) (intro string, secs []Section) {
	var cur *Section
	var buf []string
	flush := func() {
		text := trimBlankLines(strings.Join(buf, "\n"))
		if cur == nil {
			intro = text
		} else {
			cur.Body = text
			secs = append(secs, *cur)
		}
		buf = buf[:0]
	}
	inFence := false
	for line := range strings.SplitSeq(body, "\n") {
		if isFence(line) {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, marker) {
			flush()
			cur = &Section{Title: headingText(line, marker)}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	return intro, secs
}

func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

func headingText(line, marker string) string {
	t := strings.TrimSpace(strings.TrimPrefix(line, marker))
	return strings.TrimSpace(strings.TrimRight(t, "#"))
}

// trimBlankLines removes blank lines at both ends and trailing white space, keeping the
// indentation of the first line.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\n")
	for {
		nl := strings.IndexByte(s, '\n')
		if nl < 0 || strings.TrimSpace(s[:nl]) != "" {
			break
		}
		s = s[nl+1:]
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// stripTitle drops a leading "# Title" line: the renderer gives each document its own heading.
func stripTitle(body string) string {
	body = trimBlankLines(body)
	if strings.HasPrefix(body, "# ") {
		_, rest, _ := strings.Cut(body, "\n")
		return trimBlankLines(rest)
	}
	return body
}

// demote adds levels '#' to every heading outside code fences, so a document's own headings nest
// under the heading the renderer gives it.
func demote(body string, levels int) string {
	extra := strings.Repeat("#", levels)
	lines := strings.Split(body, "\n")
	inFence := false
	for i, line := range lines {
		if isFence(line) {
			inFence = !inFence
			continue
		}
		if !inFence && strings.HasPrefix(line, "#") && strings.HasPrefix(strings.TrimLeft(line, "#"), " ") {
			lines[i] = extra + line
		}
	}
	return strings.Join(lines, "\n")
}

// bullets returns the top-level list items of a Markdown body ("- ", "* ", "+ " or "1. "), each with
// its indented continuation lines joined by a space.
func bullets(body string) []string {
	var out []string
	open := false
	for line := range strings.SplitSeq(body, "\n") {
		if item, ok := bulletItem(line); ok {
			out = append(out, item)
			open = true
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			open = false
		case open && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")):
			out[len(out)-1] += " " + trimmed
		default:
			open = false
		}
	}
	return out
}

func bulletItem(line string) (string, bool) {
	for _, m := range []string{"- ", "* ", "+ "} {
		if rest, ok := strings.CutPrefix(line, m); ok {
			return strings.TrimSpace(rest), strings.TrimSpace(rest) != ""
		}
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && strings.HasPrefix(line[i:], ". ") {
		rest := strings.TrimSpace(line[i+2:])
		return rest, rest != ""
	}
	return "", false
}
