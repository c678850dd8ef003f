package engine

import (
	"context"
	"net/url"
	"strings"
)

// Outline steps, in the order the outline job takes them.
const (
	StepReading = "reading" // reading the source
	StepWriting = "writing" // the model is writing the outline
	StepDone    = ""        // nothing more to show: the outline is stored, or the attempt failed
)

// OutlineStep is the step a piece's outline job is on, for a person watching it: the source's
// site and, once read, its length in words.
type OutlineStep struct {
	Step  string
	Site  string // the source's host ("" for a file or no link)
	Words int    // 0 until the source is read
}

// StepShower is an optional interface for a Notifier: one that implements it is told which step
// a piece's outline is on, then StepDone.
type StepShower interface {
	OutlineStep(ctx context.Context, pieceID int64, step OutlineStep)
}

// showStep tells a StepShower notifier the step p's outline is on.
func (e *Engine) showStep(ctx context.Context, p Piece, step string) {
	ss, ok := e.notifier.(StepShower)
	if !ok {
		return
	}
	s := OutlineStep{Step: step}
	if step != StepDone && p.SourceSignalID != 0 {
		if src, err := getSource(ctx, e.pool, p.SourceSignalID); err == nil {
			s.Site, s.Words = siteOf(src.URL), wordsRead(src.Read)
		}
	}
	ss.OutlineStep(ctx, p.ID, s)
}

func siteOf(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

func wordsRead(s *Snapshot) int {
	if !s.Readable() {
		return 0
	}
	return len(strings.Fields(s.Text))
}
