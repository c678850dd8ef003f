package engine

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var updateDoc = flag.Bool("update-doc", false, "rewrite the lifecycle section of ../ARCHITECTURE.md from the table")

const (
	docPath     = "../ARCHITECTURE.md"
	docBegin    = "<!-- lifecycle:begin (generated from engine/lifecycle.go; go test ./engine -run TestArchitectureDoc -update-doc) -->\n"
	docEnd      = "<!-- lifecycle:end -->"
	docNotFound = "ARCHITECTURE.md has no lifecycle section between %q and %q"
)

// TestArchitectureDocDrawsTheTable: the lifecycle diagram and table in ARCHITECTURE.md are the
// ones the transition table draws, so the document cannot drift from the code.
func TestArchitectureDocDrawsTheTable(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(docPath)
	require.NoError(t, err)
	doc := string(raw)
	begin, end := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	require.True(t, begin >= 0 && end > begin, docNotFound, docBegin, docEnd)
	want := lifecycleDoc()
	if *updateDoc {
		doc = doc[:begin+len(docBegin)] + want + doc[end:]
		require.NoError(t, os.WriteFile(docPath, []byte(doc), 0o644))
	}
	require.Equal(t, want, doc[begin+len(docBegin):end], "run: go test ./engine -run TestArchitectureDoc -update-doc")
}

// lifecycleDoc draws the table: a Mermaid state diagram, then every move as a table row.
func lifecycleDoc() string {
	var b strings.Builder
	b.WriteString("```mermaid\nstateDiagram-v2\n")
	for _, m := range lifecycle {
		from := string(m.From)
		if from == "" {
			from = "[*]"
		}
		fmt.Fprintf(&b, "    %s --> %s : %s\n", from, m.To, moveLabel(m))
	}
	for _, s := range finalStates() {
		fmt.Fprintf(&b, "    %s --> [*]\n", s)
	}
	b.WriteString("```\n\n")
	b.WriteString("| from | action | phase | to | who | queues | records | offered |\n|---|---|---|---|---|---|---|---|\n")
	for _, m := range lifecycle {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", orDash(string(m.From)), m.Action, orDash(m.Phase),
			m.To, m.Who, orDash(string(m.Job)), orDash(m.Review), offered(m))
	}
	return b.String()
}

func moveLabel(m Move) string {
	label := strings.ReplaceAll(string(m.Action), "_", " ")
	if m.Phase != "" && m.From != "" && m.Action != ActionWriteOutline && m.Action != ActionWriteDraft {
		label += " " + m.Phase
	}
	label += " (" + string(m.Who)
	if m.InTrouble {
		label += ", in trouble"
	}
	label += ")"
	if m.Job != JobNone {
		label += ", queues " + string(m.Job)
	}
	return label
}

// offered says when a person is offered the move: always, or only while the generation is in
// trouble; the system's moves are offered to no one.
func offered(m Move) string {
	switch {
	case m.Who == RoleSystem:
		return "—"
	case m.InTrouble:
		return "in trouble"
	}
	return "always"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
