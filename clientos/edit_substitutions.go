package clientos

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// AddSubstitutions adds avoid: prefer pairs at the end of brand.md's substitutions mapping, in its
// own style; a document without the key gets it, as a block mapping, at the end of its front matter.
func AddSubstitutions(content string, pairs []Substitution) (string, error) {
	return appendToMap(content, "substitutions", pairs)
}

// appendToMap adds avoid: prefer pairs at the end of the top-level mapping key.
func appendToMap(content, key string, pairs []Substitution) (string, error) {
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
		return addMapKey(f, key, lines), nil
	}
	if m.Kind != yaml.MappingNode {
		return "", fmt.Errorf("%s is not a mapping of avoid: prefer", key)
	}
	if m.Style&yaml.FlowStyle != 0 || len(m.Content) == 0 {
		return f.appendFlowEntries(m, "{}", lines, "the mapping is not written on one line as {a: b}; add the substitutions by hand")
	}
	lastKey, lastValue := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	end := f.lastContentLine(f.nextLineAfter(lastValue.Line), lastValue.Line-1)
	prefix := f.content[f.lines[lastKey.Line-1]:f.offset(lastKey.Line, lastKey.Column)]
	if strings.TrimSpace(prefix) != "" {
		return "", fmt.Errorf("%s: cannot tell how its entries are written", key)
	}
	return f.insertLinesAfter(end, prefix, lines), nil
}

// addMapKey writes key as a new block mapping of entries at the end of the front matter.
func addMapKey(f *frontDoc, key string, entries []string) string {
	var b strings.Builder
	if f.end > 0 && f.content[f.end-1] != '\n' {
		b.WriteString("\n")
	}
	b.WriteString(key + ":\n")
	for _, l := range entries {
		b.WriteString("  " + l + "\n")
	}
	return f.apply([]textEdit{{from: f.end, to: f.end, text: b.String()}})
}
