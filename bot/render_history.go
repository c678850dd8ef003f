package bot

import (
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// historyBlocks lists versions newest first, packed into sections; a very long history is cut at
// the oldest end, where people look least.
func historyBlocks(id int64, versions []engine.Version) []slack.Block {
	lines := []markedLine{{markup: fmt.Sprintf("*History of piece #%d*, newest first", id)}}
	for i := len(versions) - 1; i >= 0; i-- {
		v := versions[i]
		who := "the model (" + escapeText(v.Author) + ")"
		if v.AuthorKind == engine.AuthorHuman {
			who = "<@" + v.Author + ">"
		}
		line := fmt.Sprintf("• %s v%d — %s, %s", v.Phase, v.Version, who, v.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
		if os := osVersionsText(v.OSVersions); os != "" {
			line += " · from " + os
		}
		text := ""
		if v.Instruction != "" {
			line += " · revised: “"
			text = truncate(v.Instruction, 80) + "”"
		}
		lines = append(lines, markedLine{markup: line, text: text})
	}
	return packedSections(lines, 45)
}

func osVersionsText(m map[string]int) string {
	docs := make([]string, 0, len(m))
	for d := range m {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	parts := make([]string, len(docs))
	for i, d := range docs {
		parts[i] = fmt.Sprintf("%s v%d", d, m[d])
	}
	return strings.Join(parts, ", ")
}
