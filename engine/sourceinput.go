package engine

import (
	"context"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/source"
)

// Where a snapshot's text came from.
const (
	OriginLink       = "link"       // a web link, read by the outline job and shared for a day
	OriginTranscript = "transcript" // pasted in the /draft form
	OriginFile       = "file"       // attached to the /draft form, read by the outline job
)

// MaxTranscriptLen bounds a pasted transcript or notes: what one Slack text box holds. A longer
// transcript is attached as a file.
const MaxTranscriptLen = 3000

// MaxFileNameLen bounds an attached file's name as stored.
const MaxFileNameLen = 255

// transcriptTitle names a pasted transcript where a page would show its title.
const transcriptTitle = "Transcript or notes pasted in the form"

// FileReader reads a file a person attached to a request, by its id in the chat platform, into
// text. Every failure is a *source.Unreadable saying why in plain words.
type FileReader interface {
	ReadFile(ctx context.Context, fileID string) (source.Document, error)
}

var fileIDPattern = regexp.MustCompile(`^[A-Z0-9]{2,40}$`)

// validateInputs checks the transcript and the attached file of a request.
func validateInputs(in DraftInput) (DraftInput, error) {
	in.Transcript = clientos.CleanText(in.Transcript, true)
	if n := utf8.RuneCountInString(in.Transcript); n > MaxTranscriptLen {
		return in, tooLong("transcript", n, MaxTranscriptLen)
	}
	in.FileName = clientos.CleanText(in.FileName, false)
	if r := []rune(in.FileName); len(r) > MaxFileNameLen {
		in.FileName = string(r[:MaxFileNameLen])
	}
	if in.FileID != "" && !fileIDPattern.MatchString(in.FileID) {
		return in, &UserError{Field: "file", Problem: ProblemUnreadable}
	}
	return in, nil
}

// transcriptSnapshot is a pasted transcript as the snapshot of its signal, read at at.
func transcriptSnapshot(text string, at time.Time) Snapshot {
	doc := source.Document{Text: text}
	return Snapshot{Origin: OriginTranscript, Kind: source.KindText, Title: transcriptTitle, Text: text,
		Hash: doc.Hash(), Outcome: SourceRead, FetchedAt: at}
}

// readFile reads the piece's attached file once (a retried job finds the snapshot it stored) and
// stores what came back, readable or not.
func (e *Engine) readFile(ctx context.Context, p Piece, src Source) error {
	if src.FileID == "" || src.input(OriginFile) != nil {
		return nil
	}
	snap := Snapshot{Origin: OriginFile, URL: "", Title: src.FileName, Outcome: SourceRead, FetchedAt: e.now(),
		signalID: src.ID}
	var doc source.Document
	err := fmt.Errorf("no reader of attached files")
	if e.files != nil {
		doc, err = e.files.ReadFile(ctx, src.FileID)
	}
	if ctx.Err() != nil {
		return ctx.Err() // stopping: read again on the next attempt
	}
	snap.Kind = doc.Kind
	if err != nil {
		snap.Outcome, snap.Reason = SourceUnreadable, source.ReasonOf(err)
		e.log.WarnContext(ctx, "attached file unreadable", "piece_id", p.ID, "file_id", src.FileID,
			"reason", snap.Reason, "error", err)
	} else {
		snap.Text, snap.Hash = doc.Text, doc.Hash()
		e.log.InfoContext(ctx, "attached file read", "piece_id", p.ID, "file_id", src.FileID, "kind", doc.Kind,
			"chars", utf8.RuneCountInString(doc.Text), "hash", snap.Hash)
	}
	_, err = insertSnapshot(ctx, e.pool, p.ClientID, snap)
	return err
}

// loadInputs reads the snapshots of a signal's own inputs (transcript, file), in the order stored.
func loadInputs(ctx context.Context, db database.DBTX, signalID int64) ([]Snapshot, error) {
	rows, err := db.Query(ctx, `SELECT `+snapshotColumns+` FROM source_snapshots WHERE signal_id = $1 ORDER BY id`, signalID)
	if err != nil {
		return nil, fmt.Errorf("engine: load source inputs: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		s, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// input is the signal's snapshot of origin; nil when there is none.
func (s Source) input(origin string) *Snapshot {
	for i := range s.Inputs {
		if s.Inputs[i].Origin == origin {
			return &s.Inputs[i]
		}
	}
	return nil
}
