package clientos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Typed edits of an OS document's content. Each rewrites only the bytes it changes, in the style the
// document already uses, and reads the document with the parser's own front-matter split, so an
// edit and the parser agree on where the front matter and the sections are. The caller lints the
// result before storing it.

// AddToList adds items at the end of the top-level front-matter list key (brand.md's forbidden,
// say), in the list's own style: one "- item" line each, or inside a one-line [a, b].
func AddToList(content, key string, items []string) (string, error) {
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
		quoted := make([]string, len(items))
		for i, it := range items {
			quoted[i] = QuoteYAML(it)
		}
		return f.appendFlowEntries(seq, "[]", quoted, "the list is not written on one line as [a, b]; add the phrases by hand")
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

// SetPillarWeights rewrites the weight of each pillar named in weights (matched ignoring case and
// surrounding space), leaving every other byte of pillars.md as it is.
func SetPillarWeights(content string, weights map[string]int) (string, error) {
	values := make(map[string]string, len(weights))
	for name, w := range weights {
		values[name] = strconv.Itoa(w)
	}
	return setPillarFields(content, "weight", values)
}

// SetPillarDescriptions rewrites the description of each pillar named in descriptions (matched
// ignoring case and surrounding space), each written as one double-quoted line.
func SetPillarDescriptions(content string, descriptions map[string]string) (string, error) {
	values := make(map[string]string, len(descriptions))
	for name, d := range descriptions {
		values[name] = QuoteYAML(d)
	}
	return setPillarFields(content, "description", values)
}

// pillarMatch is how an edit matches a pillar's name: ignoring case and surrounding space.
func pillarMatch(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// setPillarFields rewrites the named key of each pillar whose name is in values to the YAML text
// given for it.
func setPillarFields(content, key string, values map[string]string) (string, error) {
	f, err := parseFrontDoc(content)
	if err != nil {
		return "", err
	}
	items, err := f.pillarNodes()
	if err != nil {
		return "", err
	}
	byName := make(map[string]string, len(values))
	for name, v := range values {
		byName[pillarMatch(name)] = v
	}
	var edits []textEdit
	for _, it := range items {
		name := field(it, "name")
		if name == nil {
			continue
		}
		v, ok := byName[pillarMatch(name.Value)]
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
