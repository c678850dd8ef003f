package clientos

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// frontDoc is a document whose YAML front matter is edited in place: only the bytes of the values
// that change are rewritten, so the rest of the document stays byte-identical and its history
// shows exactly what an edit changed. It finds the front matter with splitFrontMatter, the same
// split the parser reads.
type frontDoc struct {
	content string
	start   int   // byte offset of the YAML text in content
	lines   []int // byte offset (in content) of each YAML line; lines[0] is line 1
	end     int   // byte offset of the closing --- line
	root    *yaml.Node
}

// textEdit replaces a byte range of a document's content.
type textEdit struct {
	from, to int // byte range in content
	text     string
}

func parseFrontDoc(content string) (*frontDoc, error) {
	yamlText, _, has, err := splitFrontMatter(content)
	switch {
	case !has:
		return nil, errors.New("the document has no front matter")
	case err != nil:
		return nil, errors.New("the front matter is never closed")
	}
	start := len("---\n")
	if strings.HasPrefix(content, "---\r\n") {
		start = len("---\r\n")
	}
	f := &frontDoc{content: content, start: start, end: start + len(yamlText)}
	for i := start; i < f.end; {
		f.lines = append(f.lines, i)
		j := strings.IndexByte(content[i:f.end], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(yamlText), &doc); err != nil {
		return nil, fmt.Errorf("the front matter is not valid YAML: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the front matter is not a mapping")
	}
	f.root = doc.Content[0]
	return f, nil
}

// lineText is YAML line n (1-based) without its newline.
func (f *frontDoc) lineText(n int) string {
	from, to := f.lines[n-1], f.end
	if n < len(f.lines) {
		to = f.lines[n]
	}
	return strings.TrimRight(f.content[from:to], "\r\n")
}

// offset turns a node's line and (rune) column into a byte offset in content.
func (f *frontDoc) offset(line, col int) int {
	text := f.lineText(line)
	b := 0
	for i := 1; i < col && b < len(text); i++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	return f.lines[line-1] + b
}

// lineEnd is the byte offset just past line n's newline.
func (f *frontDoc) lineEnd(n int) int {
	if n < len(f.lines) {
		return f.lines[n]
	}
	return f.end
}

// value returns the value node of a top-level key.
func (f *frontDoc) value(key string) (*yaml.Node, error) {
	for i := 0; i+1 < len(f.root.Content); i += 2 {
		if f.root.Content[i].Value == key {
			return f.root.Content[i+1], nil
		}
	}
	return nil, fmt.Errorf("the front matter has no %q key", key)
}

// nextLineAfter is the first line after line that starts a node: where a value ending on or after
// line must stop.
func (f *frontDoc) nextLineAfter(line int) int {
	next := len(f.lines) + 1
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Line > line && n.Line < next {
			next = n.Line
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(f.root)
	return next
}

// lastContentLine backs up from before over blank and comment lines.
func (f *frontDoc) lastContentLine(before, floor int) int {
	n := before - 1
	for n > floor {
		t := strings.TrimSpace(f.lineText(n))
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		n--
	}
	return n
}

// apply makes the edits (non-overlapping) and returns the new content.
func (f *frontDoc) apply(edits []textEdit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		b.WriteString(f.content[at:e.from])
		b.WriteString(e.text)
		at = e.to
	}
	b.WriteString(f.content[at:])
	return b.String()
}

// replaceValue rewrites the scalar node n (a value in the front matter) as text, including any
// continuation lines of a multi-line scalar.
func (f *frontDoc) replaceValue(n *yaml.Node, text string) textEdit {
	from := f.offset(n.Line, n.Column)
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(n.Value, "\n") &&
		n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 &&
		strings.HasPrefix(f.content[from:], n.Value) {
		return textEdit{from: from, to: from + len(n.Value), text: text}
	}
	last := f.lastContentLine(f.nextLineAfter(n.Line), n.Line)
	to := f.lineEnd(last)
	if to > 0 && f.content[to-1] == '\n' {
		to--
		if to > 0 && f.content[to-1] == '\r' {
			to--
		}
	}
	return textEdit{from: from, to: to, text: text}
}

// insertLinesAfter adds lines after line end of a block list or mapping, each behind prefix (the
// indentation and marker its last entry is written with).
func (f *frontDoc) insertLinesAfter(end int, prefix string, lines []string) string {
	var b strings.Builder
	at := f.lineEnd(end)
	if at > 0 && f.content[at-1] != '\n' {
		b.WriteString("\n")
	}
	for _, l := range lines {
		b.WriteString(prefix + l + "\n")
	}
	return f.apply([]textEdit{{from: at, to: at, text: b.String()}})
}

// appendFlowEntries adds entries to the one-line flow collection n before its closing bracket,
// after a comma when it already has some. brackets are its opening and closing ones: "[]" for a
// [a, b] list, "{}" for an {a: b} mapping; notOneLine is the error when n is not written that way.
func (f *frontDoc) appendFlowEntries(n *yaml.Node, brackets string, entries []string, notOneLine string) (string, error) {
	line := f.lineText(n.Line)
	open := f.offset(n.Line, n.Column) - f.lines[n.Line-1]
	closing := strings.LastIndexByte(line, brackets[1])
	if open >= len(line) || line[open] != brackets[0] || closing < open {
		return "", errors.New(notOneLine)
	}
	text := strings.Join(entries, ", ")
	if len(n.Content) > 0 {
		text = ", " + text
	}
	at := f.lines[n.Line-1] + closing
	return f.apply([]textEdit{{from: at, to: at, text: text}}), nil
}

// yamlScalar writes s as a one-line YAML scalar: plain when that reads back as the same string,
// else double-quoted.
func yamlScalar(s string) string {
	if s != "" && strings.TrimSpace(s) == s && !strings.ContainsAny(s, "\"'\\\n\t") {
		var m map[string]any
		if yaml.Unmarshal([]byte("v: "+s), &m) == nil {
			if back, ok := m["v"].(string); ok && back == s {
				return s
			}
		}
	}
	return QuoteYAML(s)
}

// QuoteYAML writes s as a double-quoted YAML scalar, as the edits write list items and pillar
// descriptions; a JSON string is a valid YAML double-quoted scalar.
func QuoteYAML(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
