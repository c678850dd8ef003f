package reporting

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mos-hq/mos/clientos"
)

// frontDoc is a document whose YAML front matter is edited in place: only the bytes of the values
// that change are rewritten, so the rest of the document stays byte-identical and its history
// shows exactly what a proposal changed.
type frontDoc struct {
	content string
	start   int   // byte offset of the YAML text in content
	lines   []int // byte offset (in content) of each YAML line; lines[0] is line 1
	end     int   // byte offset of the closing --- line
	root    *yaml.Node
}

type edit struct {
	from, to int // byte range in content
	text     string
}

func parseFrontDoc(content string) (*frontDoc, error) {
	var start int
	switch {
	case strings.HasPrefix(content, "---\n"):
		start = 4
	case strings.HasPrefix(content, "---\r\n"):
		start = 5
	default:
		return nil, errors.New("the document has no front matter")
	}
	f := &frontDoc{content: content, start: start, end: -1}
	for i := start; i < len(content); {
		f.lines = append(f.lines, i)
		j := strings.IndexByte(content[i:], '\n')
		line := content[i:]
		if j >= 0 {
			line = content[i : i+j]
		}
		if strings.TrimRight(line, " \t\r") == "---" {
			f.end = i
			f.lines = f.lines[:len(f.lines)-1]
			break
		}
		if j < 0 {
			break
		}
		i += j + 1
	}
	if f.end < 0 {
		return nil, errors.New("the front matter is never closed")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content[start:f.end]), &doc); err != nil {
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
func (f *frontDoc) apply(edits []edit) string {
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
	return quoteYAML(s)
}

// quoteYAML writes s double-quoted; a JSON string is a valid YAML double-quoted scalar.
func quoteYAML(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// appendToList adds items at the end of the top-level list key, in its own style.
func appendToList(content, key string, items []string) (string, error) {
	f, err := parseFrontDoc(content)
	if err != nil {
		return "", err
	}
	seq, err := f.value(key)
	if err != nil {
		return "", err
	}
	if seq.Kind != yaml.SequenceNode {
		return "", fmt.Errorf("%s is not a list", key)
	}
	if seq.Style&yaml.FlowStyle != 0 || len(seq.Content) == 0 {
		return appendFlow(f, seq, items)
	}
	last := seq.Content[len(seq.Content)-1]
	end := f.lastContentLine(f.nextLineAfter(last.Line), last.Line-1)
	prefix := f.content[f.lines[last.Line-1]:f.offset(last.Line, last.Column)]
	if strings.TrimSpace(prefix) != "-" {
		return "", fmt.Errorf("%s: cannot tell how its items are written", key)
	}
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = yamlScalar(it)
	}
	return f.insertLinesAfter(end, prefix, lines), nil
}

// appendFlow adds items to a one-line [a, b] list before its closing bracket.
func appendFlow(f *frontDoc, seq *yaml.Node, items []string) (string, error) {
	line := f.lineText(seq.Line)
	open := f.offset(seq.Line, seq.Column) - f.lines[seq.Line-1]
	closing := strings.LastIndexByte(line, ']')
	if open >= len(line) || line[open] != '[' || closing < open {
		return "", errors.New("the list is not written on one line as [a, b]; add the phrases by hand")
	}
	quoted := make([]string, len(items))
	for i, it := range items {
		quoted[i] = quoteYAML(it)
	}
	text := strings.Join(quoted, ", ")
	if len(seq.Content) > 0 {
		text = ", " + text
	}
	at := f.lines[seq.Line-1] + closing
	return f.apply([]edit{{from: at, to: at, text: text}}), nil
}

// replaceValue rewrites the scalar node n (a value in the front matter) as text, including any
// continuation lines of a multi-line scalar.
func (f *frontDoc) replaceValue(n *yaml.Node, text string) edit {
	from := f.offset(n.Line, n.Column)
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(n.Value, "\n") &&
		n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 &&
		strings.HasPrefix(f.content[from:], n.Value) {
		return edit{from: from, to: from + len(n.Value), text: text}
	}
	last := f.lastContentLine(f.nextLineAfter(n.Line), n.Line)
	to := f.lineEnd(last)
	if to > 0 && f.content[to-1] == '\n' {
		to--
		if to > 0 && f.content[to-1] == '\r' {
			to--
		}
	}
	return edit{from: from, to: to, text: text}
}

// pillarNodes returns each pillar's mapping node, in file order.
func (f *frontDoc) pillarNodes() ([]*yaml.Node, error) {
	seq, err := f.value("pillars")
	if err != nil {
		return nil, err
	}
	if seq.Kind != yaml.SequenceNode {
		return nil, errors.New("pillars is not a list")
	}
	for _, item := range seq.Content {
		if item.Kind != yaml.MappingNode {
			return nil, errors.New("a pillar is not a mapping of name, weight and description")
		}
	}
	return seq.Content, nil
}

// field returns a mapping's value node for key, or nil.
func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setPillarFields rewrites the named key of each pillar whose (case-insensitive) name is in values.
func setPillarFields(content, key string, values map[string]string) (string, error) {
	f, err := parseFrontDoc(content)
	if err != nil {
		return "", err
	}
	items, err := f.pillarNodes()
	if err != nil {
		return "", err
	}
	var edits []edit
	for _, it := range items {
		name := field(it, "name")
		if name == nil {
			continue
		}
		v, ok := values[pillarKey(name.Value)]
		if !ok {
			continue
		}
		n := field(it, key)
		if n == nil || n.Kind != yaml.ScalarNode {
			return "", fmt.Errorf("pillar %q has no %s to change; edit pillars.md by hand", name.Value, key)
		}
		edits = append(edits, f.replaceValue(n, v))
	}
	return f.apply(edits), nil
}

// appendToMap adds avoid: prefer pairs at the end of the top-level mapping key, in its own style;
// a document without the key gets it, as a block mapping, at the end of its front matter.
func appendToMap(content, key string, pairs []clientos.Substitution) (string, error) {
	f, err := parseFrontDoc(content)
	if err != nil {
		return "", err
	}
	lines := make([]string, len(pairs))
	for i, p := range pairs {
		lines[i] = yamlScalar(p.Avoid) + ": " + yamlScalar(p.Prefer)
	}
	m, err := f.value(key)
	if err != nil {
		var b strings.Builder
		if f.end > 0 && f.content[f.end-1] != '\n' {
			b.WriteString("\n")
		}
		b.WriteString(key + ":\n")
		for _, l := range lines {
			b.WriteString("  " + l + "\n")
		}
		return f.apply([]edit{{from: f.end, to: f.end, text: b.String()}}), nil
	}
	if m.Kind != yaml.MappingNode {
		return "", fmt.Errorf("%s is not a mapping of avoid: prefer", key)
	}
	if m.Style&yaml.FlowStyle != 0 || len(m.Content) == 0 {
		return appendFlowMap(f, m, lines)
	}
	lastKey, lastValue := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	end := f.lastContentLine(f.nextLineAfter(lastValue.Line), lastValue.Line-1)
	prefix := f.content[f.lines[lastKey.Line-1]:f.offset(lastKey.Line, lastKey.Column)]
	if strings.TrimSpace(prefix) != "" {
		return "", fmt.Errorf("%s: cannot tell how its entries are written", key)
	}
	return f.insertLinesAfter(end, prefix, lines), nil
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
	return f.apply([]edit{{from: at, to: at, text: b.String()}})
}

// appendFlowMap adds entries to a one-line {a: b} mapping before its closing brace.
func appendFlowMap(f *frontDoc, m *yaml.Node, entries []string) (string, error) {
	line := f.lineText(m.Line)
	open := f.offset(m.Line, m.Column) - f.lines[m.Line-1]
	closing := strings.LastIndexByte(line, '}')
	if open >= len(line) || line[open] != '{' || closing < open {
		return "", errors.New("the mapping is not written on one line as {a: b}; add the substitutions by hand")
	}
	text := strings.Join(entries, ", ")
	if len(m.Content) > 0 {
		text = ", " + text
	}
	at := f.lines[m.Line-1] + closing
	return f.apply([]edit{{from: at, to: at, text: text}}), nil
}
