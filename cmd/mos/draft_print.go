package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// noGate is what "mos draft --full" says about the draft it wrote.
const noGate = "the terminal has no approval gate (in Slack a person approves the outline before the draft is written)"

func printDraftText(w io.Writer, o *clientos.OS, platform string, res written) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Outline · %s · %s · %s\n\n", o.Name, platform, res.outline.Model())
	b.WriteString(engine.OutlineText(res.outline.Outline()))
	writeChecks(&b, res.outline.Warnings())
	if res.draft != nil {
		fmt.Fprintf(&b, "\nDraft · written straight from the outline above: %s\n\n%s\n", noGate, res.draft.Text())
		writeChecks(&b, res.draft.Warnings())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeChecks(b *strings.Builder, ws []engine.Warning) {
	if len(ws) == 0 {
		b.WriteString("\nChecks: nothing found.\n")
		return
	}
	b.WriteString("\nChecks (what is left after one automatic repair):\n")
	for _, w := range ws {
		fmt.Fprintf(b, "- %s\n", w.Message)
	}
}

// draftJSON is "mos draft --json": stable keys, empty lists rather than null.
type draftJSON struct {
	Client          string           `json:"client"`
	Platform        string           `json:"platform"`
	Model           string           `json:"model"`
	OSHash          string           `json:"os_hash"`
	Outline         engine.Outline   `json:"outline"`
	OutlineWarnings []engine.Warning `json:"outline_warnings"`
	Draft           *draftPartJSON   `json:"draft,omitempty"` // with --full
}

type draftPartJSON struct {
	Text     string           `json:"text"`
	Warnings []engine.Warning `json:"warnings"`
	Approval string           `json:"approval"`
}

func printDraftJSON(w io.Writer, o *clientos.OS, platform string, res written) error {
	out := draftJSON{Client: o.Name, Platform: platform, Model: res.outline.Model(),
		OSHash: res.outline.Rendered().Hash, Outline: res.outline.Outline(),
		OutlineWarnings: nonNil(res.outline.Warnings())}
	if res.draft != nil {
		out.Draft = &draftPartJSON{Text: res.draft.Text(), Warnings: nonNil(res.draft.Warnings()), Approval: "none: " + noGate}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(ws []engine.Warning) []engine.Warning {
	if ws == nil {
		return []engine.Warning{}
	}
	return ws
}
