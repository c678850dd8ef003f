package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/quality"
)

// pieceQuality is one piece's quality record as `mos report --pieces` prints it. Unknown values
// (a draft not approved yet has no edit ratio) are null in JSON and empty in CSV, never zero.
type pieceQuality struct {
	PieceID         int64              `json:"piece_id"`
	ClientID        int64              `json:"client_id"`
	ChannelID       string             `json:"channel_id"`
	Platform        string             `json:"platform"`
	Pillar          string             `json:"pillar"`
	State           string             `json:"state"`
	HumanOnly       bool               `json:"human_only"`
	CreatedAt       string             `json:"created_at"`
	PublishedOn     *string            `json:"published_on"`
	OSVersions      map[string]int     `json:"os_versions"`
	OSHash          string             `json:"os_hash"`
	Outline         phaseQuality       `json:"outline"`
	Draft           phaseQuality       `json:"draft"`
	Revisions       int                `json:"revisions"`
	Rejections      []rejectionQuality `json:"rejections"`
	EditRatio       *float64           `json:"edit_ratio"`
	EditDistance    *int               `json:"edit_distance"`
	AIWords         *int               `json:"ai_words"`
	EditApproximate bool               `json:"edit_approximate"`
	UnresolvedFlags *int               `json:"unresolved_flags"`
	WarningsLeft    *int               `json:"warnings_left"`
	OutlineVoice    *engine.VoiceMatch `json:"outline_voice"`
	DraftVoice      *engine.VoiceMatch `json:"draft_voice"`
}

type phaseQuality struct {
	Decided           bool     `json:"decided"`
	Approved          bool     `json:"approved"`
	FirstPass         bool     `json:"first_pass"`
	Revisions         int      `json:"revisions"`
	MinutesToDecision *float64 `json:"minutes_to_decision"`
}

type rejectionQuality struct {
	Phase        string   `json:"phase"`
	FailureModes []string `json:"failure_modes"`
}

func newPieceQuality(row engine.QualityRow) pieceQuality {
	r := row.Quality.Record
	p := pieceQuality{PieceID: row.PieceID, ClientID: row.ClientID, ChannelID: row.ChannelID, Platform: row.Platform,
		Pillar: row.Pillar, State: string(row.State), HumanOnly: row.HumanOnly,
		CreatedAt: row.CreatedAt.UTC().Format(time.RFC3339), OSVersions: r.OSVersions, OSHash: r.OSHash,
		Outline: newPhaseQuality(r.Outline), Draft: newPhaseQuality(r.Draft), Revisions: r.Revisions,
		Rejections: []rejectionQuality{}, EditApproximate: r.EditRatio.Approximate,
		OutlineVoice: row.Quality.OutlineVoice, DraftVoice: row.Quality.DraftVoice}
	if !row.PublishedAt.IsZero() {
		day := row.PublishedAt.Format(time.DateOnly)
		p.PublishedOn = &day
	}
	for _, rj := range r.Rejections {
		p.Rejections = append(p.Rejections, rejectionQuality{Phase: rj.Phase, FailureModes: rj.FailureModes})
	}
	if r.HasEditRatio {
		p.EditRatio, p.EditDistance, p.AIWords = &r.EditRatio.Ratio, &r.EditRatio.Distance, &r.EditRatio.AIWords
	}
	if r.Draft.Approved {
		p.UnresolvedFlags, p.WarningsLeft = &r.UnresolvedFlags, &r.WarningsLeft
	}
	return p
}

func newPhaseQuality(ph quality.PhaseRecord) phaseQuality {
	q := phaseQuality{Decided: ph.Decided, Approved: ph.Approved, FirstPass: ph.FirstPass, Revisions: ph.Revisions}
	if ph.Decided {
		m := ph.Wait.Minutes()
		q.MinutesToDecision = &m
	}
	return q
}

// piecesCSVHeader names the CSV columns, in csvRow's order.
var piecesCSVHeader = []string{"piece_id", "client_id", "channel_id", "platform", "pillar", "state", "human_only",
	"created_at", "published_on", "os_versions", "os_hash",
	"outline_decided", "outline_approved", "outline_first_pass", "outline_revisions", "outline_minutes_to_decision",
	"draft_decided", "draft_approved", "draft_first_pass", "draft_revisions", "draft_minutes_to_decision",
	"revisions", "rejections", "rejection_failure_modes", "edit_ratio", "edit_distance", "ai_words",
	"edit_approximate", "unresolved_flags", "warnings_left", "outline_voice_score", "draft_voice_score",
	"draft_voice_samples", "draft_voice_reasons", "draft_voice_note"}

func (p pieceQuality) csvRow() []string {
	row := []string{strconv.FormatInt(p.PieceID, 10), strconv.FormatInt(p.ClientID, 10), p.ChannelID, p.Platform,
		p.Pillar, p.State, strconv.FormatBool(p.HumanOnly), p.CreatedAt, deref(p.PublishedOn), osText(p.OSVersions), p.OSHash}
	row = append(row, p.Outline.csv()...)
	row = append(row, p.Draft.csv()...)
	row = append(row, strconv.Itoa(p.Revisions), strconv.Itoa(len(p.Rejections)), rejectionsText(p.Rejections),
		floatText(p.EditRatio), intText(p.EditDistance), intText(p.AIWords), strconv.FormatBool(p.EditApproximate),
		intText(p.UnresolvedFlags), intText(p.WarningsLeft), voiceScore(p.OutlineVoice), voiceScore(p.DraftVoice))
	samples, reasons, note := "", "", ""
	if v := p.DraftVoice; v != nil {
		samples, reasons, note = strconv.Itoa(v.Samples), strings.Join(v.Reasons, " | "), v.Note
	}
	return append(row, samples, reasons, note)
}

func (q phaseQuality) csv() []string {
	return []string{strconv.FormatBool(q.Decided), strconv.FormatBool(q.Approved), strconv.FormatBool(q.FirstPass),
		strconv.Itoa(q.Revisions), floatText(q.MinutesToDecision)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func floatText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 3, 64)
}

func voiceScore(v *engine.VoiceMatch) string {
	if v == nil || !v.Scored {
		return ""
	}
	return strconv.Itoa(v.Score)
}

// osText is "brand v3; pillars v2", documents in name order.
func osText(m map[string]int) string {
	docs := make([]string, 0, len(m))
	for d := range m {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for i, d := range docs {
		docs[i] = fmt.Sprintf("%s v%d", d, m[d])
	}
	return strings.Join(docs, "; ")
}

// rejectionsText is "outline: generic_angle; draft: voice_drift, off_icp".
func rejectionsText(rs []rejectionQuality) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Phase + ": " + strings.Join(r.FailureModes, ", ")
	}
	return strings.Join(parts, "; ")
}

// runPieces prints every quality record of a client, one row per piece, streamed as the database
// sends them: memory does not grow with the number of pieces.
func runPieces(ctx context.Context, stdout io.Writer, slug, format string) error {
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := engine.EnsureQualityRecords(ctx, pool, c.ID); err != nil {
		return err
	}
	return writePieces(stdout, format, func(fn func(engine.QualityRow) error) error {
		return engine.EachQualityRow(ctx, pool, c.ID, fn)
	})
}

// writePieces writes the rows each gives in format, csv or json.
func writePieces(stdout io.Writer, format string, each func(func(engine.QualityRow) error) error) error {
	w := bufio.NewWriter(stdout)
	if format == "csv" {
		cw := csv.NewWriter(w)
		if err := cw.Write(piecesCSVHeader); err != nil {
			return err
		}
		if err := each(func(r engine.QualityRow) error { return cw.Write(newPieceQuality(r).csvRow()) }); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return w.Flush()
	}
	sep := "[\n"
	err := each(func(r engine.QualityRow) error {
		b, err := json.Marshal(newPieceQuality(r))
		if err != nil {
			return err
		}
		_, err = w.WriteString(sep + string(b))
		sep = ",\n"
		return err
	})
	if err != nil {
		return err
	}
	if sep == "[\n" {
		_, err = w.WriteString("[]\n")
	} else {
		_, err = w.WriteString("\n]\n")
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// piecesFormat checks the flags of `mos report --pieces` and returns its format.
func piecesFormat(pieces bool, format string, asJSON bool, week string) (string, error) {
	switch {
	case !pieces:
		return "", usagef("--format goes with --pieces: `mos report --client <slug> --pieces --format %s`", format)
	case week != "":
		return "", usagef("--week does not go with --pieces: the quality records cover every piece; filter the CSV by created_at")
	case format == "" && asJSON:
		return "json", nil
	case format == "":
		return "csv", nil
	case format != "csv" && format != "json":
		return "", usagef("--format %q: use csv or json", format)
	case asJSON && format != "json":
		return "", usagef("--json and --format %s disagree: use one of them", format)
	}
	return format, nil
}
