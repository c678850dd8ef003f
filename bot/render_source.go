package bot

import (
	"fmt"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// sourceShownChars is how much of a source's text `/mos source` shows: a dozen sections.
const sourceShownChars = 12 * draftChunk

// sourceBlocks renders what a piece rests on: the link's snapshot, then a pasted transcript and an
// attached file, each a summary and its text in escaped sections.
func sourceBlocks(id int64, src engine.Source) []slack.Block {
	head := fmt.Sprintf("*Source of piece #%d*", id)
	if src.URL == "" && src.FileID == "" && len(src.Inputs) == 0 {
		return []slack.Block{textSection(head + "\nThis piece was logged without a source.")}
	}
	var blocks []slack.Block
	if src.URL != "" {
		blocks = linkBlocks(head, src)
	} else {
		blocks = []slack.Block{textSection(head + " · " + escapeText(src.Type))}
	}
	if src.FileID != "" && !hasOrigin(src.Inputs, engine.OriginFile) {
		blocks = append(blocks, textSection(fmt.Sprintf("*Attached file* %s\nNot read yet: the outline job reads it.",
			escapeText(src.FileName))))
	}
	for _, in := range src.Inputs {
		blocks = append(blocks, inputBlocks(in)...)
	}
	return blocks
}

func hasOrigin(snaps []engine.Snapshot, origin string) bool {
	for _, s := range snaps {
		if s.Origin == origin {
			return true
		}
	}
	return false
}

// inputBlocks renders a pasted transcript or an attached file.
func inputBlocks(in engine.Snapshot) []slack.Block {
	head := "*Pasted transcript or notes*"
	if in.Origin == engine.OriginFile {
		head = "*Attached file* " + escapeText(in.Title)
	}
	if !in.Readable() {
		return []slack.Block{textSection(head + fmt.Sprintf("\n:warning: Could not be read on %s: %s.",
			in.FetchedAt.UTC().Format("2006-01-02 15:04 UTC"), escapeText(in.Reason)))}
	}
	head += fmt.Sprintf(" — %s, stored %s", in.Kind, in.FetchedAt.UTC().Format("2006-01-02 15:04 UTC"))
	return textBlocks(head, in)
}

// linkBlocks renders the snapshot of the source link.
func linkBlocks(head string, src engine.Source) []slack.Block {
	head += fmt.Sprintf(" · %s · %s", escapeText(src.Type), link(src.URL, src.URL))
	r := src.Read
	switch {
	case r == nil:
		return []slack.Block{textSection(head + "\nNot read yet: the outline job reads it.")}
	case !r.Readable():
		return []slack.Block{textSection(head + fmt.Sprintf("\n:warning: Could not be read on %s: %s.",
			r.FetchedAt.UTC().Format("2006-01-02 15:04 UTC"), escapeText(r.Reason)))}
	}
	head += fmt.Sprintf("\n*%s* — %s, read %s", escapeText(r.Title), r.Kind, r.FetchedAt.UTC().Format("2006-01-02 15:04 UTC"))
	if r.FinalURL != "" && r.FinalURL != src.URL {
		head += " · ended at " + link(r.FinalURL, r.FinalURL)
	}
	return textBlocks(head, *r)
}

// textBlocks are a snapshot's summary line and its text in escaped sections, cut to sourceShownChars.
func textBlocks(head string, r engine.Snapshot) []slack.Block {
	n := utf8.RuneCountInString(r.Text)
	head += fmt.Sprintf(" · %d characters · sha256 %s", n, r.Hash[:min(12, len(r.Hash))])
	blocks := []slack.Block{textSection(head)}
	text := r.Text
	if n > sourceShownChars {
		text = string([]rune(text)[:sourceShownChars])
	}
	for _, part := range escapedChunks(text, draftChunk) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(part), nil, nil))
	}
	if n > sourceShownChars {
		blocks = append(blocks, textSection(fmt.Sprintf("… %d more characters not shown.", n-sourceShownChars)))
	}
	return blocks
}
