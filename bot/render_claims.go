package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// flagLines are a version's claim flags as people read them: ⚠ Not in the source: "87% of CFOs".
// A figure the source gives about something else, or going the other way, also says what the
// source does say. Lines are plain text, escaped where they are shown.
func flagLines(flags []engine.ClaimFlag) []string {
	lines := make([]string, 0, len(flags))
	for _, f := range flags {
		line := fmt.Sprintf("⚠ %s: \"%s\"", flagLabel(f), strings.Trim(f.Claim, `"`))
		if f.SourceSays != "" {
			line += fmt.Sprintf(" (the source says: \"%s\")", truncate(f.SourceSays, 300))
		}
		lines = append(lines, line)
	}
	return lines
}

func flagLabel(f engine.ClaimFlag) string {
	switch {
	case f.Reason == claim.ReasonElsewhere:
		return "In the source, but about something else"
	case f.Reason == claim.ReasonDirection:
		return "In the source, but going the other way"
	case f.Verdict == engine.VerdictUnverified:
		return "Unverified (the source could not be read)"
	}
	return "Not in the source"
}

// flagsBlock lists the flags under the text they belong to; nil without flags.
func flagsBlock(blockID string, lines []string) slack.Block {
	if len(lines) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("*Claims to check* (stored with this version, never changed silently):")
	for _, l := range lines {
		b.WriteString("\n" + escapeText(l))
	}
	return slack.NewSectionBlock(mrkdwn(truncate(b.String(), 3000)), nil, nil, slack.SectionBlockOptionBlockID(blockID))
}

// sourceNote is the visible note on a piece whose source link or attached file could not be read;
// "" otherwise.
func sourceNote(src engine.Source) string {
	var notes []string
	if src.Read != nil && !src.Read.Readable() {
		notes = append(notes, trouble.UnreadableSource(src.Read.Reason))
	}
	for _, in := range src.Inputs {
		if in.Origin == engine.OriginFile && !in.Readable() {
			notes = append(notes, trouble.UnreadableFile(in.Title, in.Reason))
		}
	}
	return strings.Join(notes, "\n")
}

// sourceTitle is the title of what was read, for the piece's context line; "" before a read.
func sourceTitle(src engine.Source) string {
	if !src.Read.Readable() {
		return ""
	}
	return src.Read.Title
}

// sourceLink is the source in a context line: its title once it was read, else its type.
func sourceLink(url, sourceType, title string) string {
	if title != "" {
		return link(url, sourceType+": "+truncate(title, 120))
	}
	return link(url, sourceType+" source")
}

// sourceNoteBlock says why the source could not be read; nil when it was (or was not tried).
func sourceNoteBlock(blockID, note string) slack.Block {
	if note == "" {
		return nil
	}
	return slack.NewSectionBlock(mrkdwn(":information_source: "+escapeText(truncate(note, 1000))),
		nil, nil, slack.SectionBlockOptionBlockID(blockID))
}
