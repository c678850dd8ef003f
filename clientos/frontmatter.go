package clientos

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var errUnclosed = errors.New("the front matter opens with --- but is never closed")

// splitFrontMatter separates "---\n<yaml>\n---\n<body>". has is false when content does not open
// with a --- line; then body is all of content.
func splitFrontMatter(content string) (yamlText, body string, has bool, err error) {
	var rest string
	switch {
	case strings.HasPrefix(content, "---\n"):
		rest = content[4:]
	case strings.HasPrefix(content, "---\r\n"):
		rest = content[5:]
	default:
		return "", content, false, nil
	}
	for i := 0; i < len(rest); {
		line, next := rest[i:], len(rest)
		if end := strings.IndexByte(line, '\n'); end >= 0 {
			line, next = line[:end], i+end+1
		}
		if strings.TrimRight(line, " \t\r") == "---" {
			return rest[:i], rest[next:], true, nil
		}
		i = next
	}
	return "", content, true, errUnclosed
}

// frontMatter is a parsed front matter: its top-level keys in file order.
type frontMatter struct {
	values map[string]*yaml.Node
	broken bool // reported already: checks that need a key should stay quiet
}

func (fm frontMatter) get(key string) *yaml.Node { return fm.values[key] }

// parseFrontMatter reads the front matter of content, reporting malformed YAML, a front matter that
// is not a mapping and keys outside known (as warnings). It returns the body after the front matter.
func parseFrontMatter(r *report, content string, known ...string) (frontMatter, string) {
	fm := frontMatter{values: map[string]*yaml.Node{}}
	text, body, has, err := splitFrontMatter(content)
	if err != nil {
		r.errorf("%v; end it with a line containing only ---", err)
		fm.broken = true
		return fm, body
	}
	if !has {
		return fm, body
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		r.errorf("the front matter is not valid YAML (%s, counting from the line after the opening ---); fix the lines between the --- markers", yamlError(err))
		fm.broken = true
		return fm, body
	}
	if len(doc.Content) == 0 {
		return fm, body // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		r.errorf("the front matter must be a mapping of keys (key: value), not %s", describeNode(root))
		fm.broken = true
		return fm, body
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key := root.Content[i].Value
		if !slices.Contains(known, key) {
			r.warnf("unknown front-matter key %q is ignored; %s", key, knownKeys(known))
			continue
		}
		fm.values[key] = root.Content[i+1]
	}
	return fm, body
}

// yamlError drops the library's "yaml: " prefix; its line numbers count from the first line after
// the opening ---.
func yamlError(err error) string { return strings.TrimPrefix(err.Error(), "yaml: ") }

func knownKeys(known []string) string {
	if len(known) == 0 {
		return "this document takes no front matter"
	}
	return "the known keys are " + strings.Join(known, ", ")
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	default:
		return "something else"
	}
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// stringList reads a YAML list of scalars; a missing or empty value is an empty list.
func stringList(n *yaml.Node) ([]string, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("must be a list (one \"- item\" per line), not %s", describeNode(n))
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || isNull(item) {
			return nil, fmt.Errorf("must list plain text items, but one item is %s", describeNode(item))
		}
		out = append(out, strings.TrimSpace(item.Value))
	}
	return out, nil
}

// pairs reads a YAML mapping of scalars to scalars, keeping file order.
func pairs(n *yaml.Node) ([]Substitution, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("must be a mapping of \"avoid: prefer\" lines, not %s", describeNode(n))
	}
	out := make([]Substitution, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || isNull(v) {
			return nil, fmt.Errorf("must map each phrase to plain text, but %q maps to %s", k.Value, describeNode(v))
		}
		out = append(out, Substitution{Avoid: strings.TrimSpace(k.Value), Prefer: strings.TrimSpace(v.Value)})
	}
	return out, nil
}

// wholeNumber reads a YAML integer.
func wholeNumber(n *yaml.Node) (int, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, fmt.Errorf("must be a whole number, not %s", describeNode(n))
	}
	v, err := strconv.Atoi(strings.ReplaceAll(n.Value, "_", ""))
	if err != nil {
		return 0, fmt.Errorf("must be a whole number, not %q", n.Value)
	}
	return v, nil
}

// number reads a YAML integer or float.
func number(n *yaml.Node) (float64, error) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, fmt.Errorf("is not a number (%s); write a plain number such as 25", describeNode(n))
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		return 0, fmt.Errorf("is not a number (%q); write a plain number such as 25", n.Value)
	}
	return f, nil
}
