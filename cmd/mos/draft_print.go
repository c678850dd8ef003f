package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// noGate is what "mos draft --full" says about the draft it wrote.
const noGate = "the terminal has no approval gate (in Slack a person approves the outline before the draft is written)"

func printDraftText(w io.Writer, o *clientos.OS, platform string, res written) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Outline · %s · %s · %s\n", o.Name, platform, res.outline.Model())
	fmt.Fprintf(&b, "Source: %s\n\n", sourceLine(res.read))
	b.WriteString(engine.OutlineText(res.outline.Outline()))
	writeChecks(&b, res.outline.Warnings())
	writeFlags(&b, res.outline.Flags())
	if res.draft != nil {
		fmt.Fprintf(&b, "\nDraft · written straight from the outline above: %s\n\n%s\n", noGate, res.draft.Text())
		writeChecks(&b, res.draft.Warnings())
		writeFlags(&b, res.draft.Flags())
	}
	_, err := io.WriteString(w, terminalText(b.String()))
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

// sourceLine says what was read from the source link, as the channel message does.
func sourceLine(read *engine.Snapshot) string {
	switch {
	case read == nil:
		return "not read"
	case !read.Readable():
		return trouble.UnreadableSource(read.Reason)
	case read.Title != "":
		return fmt.Sprintf("%q, read from %s", read.Title, read.FinalURL)
	}
	return "read from " + read.FinalURL
}

// writeFlags lists the claims neither the source nor the Client OS holds; nothing when none.
func writeFlags(b *strings.Builder, flags []engine.ClaimFlag) {
	if len(flags) == 0 {
		return
	}
	b.WriteString("\nClaims to check:\n")
	for _, f := range flags {
		label := "Not in the source"
		if f.Verdict == engine.VerdictUnverified {
			label = "Unverified (the source could not be read)"
		}
		fmt.Fprintf(b, "- %s: %q\n", label, strings.Trim(f.Claim, `"`))
	}
}

// draftJSON is "mos draft --json": stable keys, empty lists rather than null.
type draftJSON struct {
	Client          string             `json:"client"`
	Platform        string             `json:"platform"`
	Model           string             `json:"model"`
	OSHash          string             `json:"os_hash"`
	Outline         engine.Outline     `json:"outline"`
	OutlineWarnings []engine.Warning   `json:"outline_warnings"`
	OutlineFlags    []engine.ClaimFlag `json:"outline_flags"`
	Source          string             `json:"source"`
	Draft           *draftPartJSON     `json:"draft,omitempty"` // with --full
}

type draftPartJSON struct {
	Text     string             `json:"text"`
	Warnings []engine.Warning   `json:"warnings"`
	Flags    []engine.ClaimFlag `json:"flags"`
	Approval string             `json:"approval"`
}

func printDraftJSON(w io.Writer, o *clientos.OS, platform string, res written) error {
	out := draftJSON{Client: o.Name, Platform: platform, Model: res.outline.Model(),
		OSHash: res.outline.Prompt().Hash, Outline: res.outline.Outline(),
		OutlineWarnings: nonNil(res.outline.Warnings()), OutlineFlags: nonNil(res.outline.Flags()),
		Source: sourceLine(res.read)}
	if res.draft != nil {
		out.Draft = &draftPartJSON{Text: res.draft.Text(), Warnings: nonNil(res.draft.Warnings()),
			Flags: nonNil(res.draft.Flags()), Approval: "none: " + noGate}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, escapeInvisible(b.String()))
	return err
}

// escapeInvisible writes the characters JSON leaves as they are but a terminal acts on — C1
// controls and invisible direction overrides — as \u escapes: the data is unchanged, the
// terminal shows it as written. (JSON already escapes C0 controls, ESC among them.)
func escapeInvisible(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsControl(r) && r >= 0x7f || unicode.Is(unicode.Bidi_Control, r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
