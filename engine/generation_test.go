package engine

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/generate"
)

// TestForGenerationReadsTheOS: a generation for a platform gets that platform's limits and the
// brand's phrases from the Client OS.
func TestForGenerationReadsTheOS(t *testing.T) {
	t.Parallel()
	os, findings := clientos.LoadDir("testdata/acme", []string{"linkedin"})
	require.False(t, clientos.HasErrors(findings), findings)
	g := ForGeneration(os, "linkedin")
	require.Equal(t, 3000, g.Style.MaxChars)
	require.True(t, g.Style.HasMaxHashtags)
	require.Equal(t, 3, g.Style.MaxHashtags)
	require.Equal(t, []string{"game-changer", "synergy"}, g.Forbidden)
	require.Equal(t, SystemPrompt(os, "linkedin").Text, g.Prompt.Text)
	require.True(t, g.Plain)
}

// What tests read of a prompt, as the model reads it: the heading before its data and the data's
// JSON shapes.
const dataHeading = generate.DataHeading

// sourceData is the source of a piece, as outline and draft prompts carry it.
type sourceData struct {
	SourceType    string `json:"source_type"`
	SourceURL     string `json:"source_url,omitempty"`
	SourceExcerpt string `json:"source_excerpt,omitempty"`
	sourceTextData
}

// sourceTextData is what was read from the source, as a prompt's data carries it.
type sourceTextData struct {
	SourceTitle      string           `json:"source_title,omitempty"`
	SourceReadOn     string           `json:"source_read_on,omitempty"`
	SourceText       string           `json:"source_text,omitempty"`
	SourceUnreadable string           `json:"source_unreadable,omitempty"`
	SourceInputs     []map[string]any `json:"source_inputs,omitempty"`
}

// draftData is what a draft prompt's data holds.
type draftData struct {
	sourceData
	Brief   string  `json:"brief"`
	Outline Outline `json:"approved_outline"`
}

// textData is what a repair or revision prompt's data holds.
type textData struct {
	Current     string   `json:"current_text"`
	PersonLines []string `json:"person_lines,omitempty"`
	Instruction string   `json:"instruction,omitempty"`
	sourceTextData
}
