package clientos

import "strings"

// FindSection locates the body of the first "## " section whose title matches, reading the document
// as the parser does (after the front matter, outside code fences, titles as splitSections reads
// them): the byte range from the line after the heading to the next "## " heading (or the end).
func FindSection(content string, match func(title string) bool) (from, to int, ok bool) {
	at := 0
	if _, body, has, err := splitFrontMatter(content); has && err == nil {
		at = len(content) - len(body)
	}
	inFence, inSection := false, false
	for at < len(content) {
		next := len(content)
		if end := strings.IndexByte(content[at:], '\n'); end >= 0 {
			next = at + end + 1
		}
		line := strings.TrimRight(content[at:next], "\r\n")
		if isFence(line) {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "## ") {
			if inSection {
				return from, at, true
			}
			if match(headingText(line, "## ")) {
				inSection, from = true, next
			}
		}
		at = next
	}
	return from, len(content), inSection
}

// ReplaceSection swaps the section body at content[from:to] (as FindSection gives it) for text,
// keeping a blank line before the next heading.
func ReplaceSection(content string, from, to int, text string) string {
	text = strings.TrimSpace(text)
	body := "\n" + text + "\n"
	if to < len(content) {
		body += "\n"
	}
	return content[:from] + body + content[to:]
}

// SectionTitles lists the "## " headings of a document's body, outside code fences, as the parser
// reads them.
func SectionTitles(content string) []string {
	_, body, _, _ := splitFrontMatter(content)
	_, secs := splitSections(normalizeNewlines(body), "## ")
	var titles []string
	for _, s := range secs {
		titles = append(titles, s.Title)
	}
	return titles
}
