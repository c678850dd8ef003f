package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/engine"
)

// storedPiece inserts a piece with an AI draft, a person's version of it and the reviews given,
// the way the engine stores them, and returns its id.
func storedPiece(t *testing.T, db *pgtest.DB, pillar, aiDraft, humanDraft string, decisions ...string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	require.NoError(t, db.Pool.QueryRow(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state, requested_by)
		SELECT id, 'C1', 'linkedin', $1, 'draft_ready', 'UWRITER' FROM clients WHERE slug = 'northwind' RETURNING id`,
		pillar).Scan(&id))
	_, err := db.Pool.Exec(ctx, `INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author,
		os_versions, created_at) VALUES
		($1, 'outline', 1, '{"title":"t","hook":"h","sections":["a"],"cta":"c"}', 'ai', 'model', '{"brand": 1}', now() - interval '3 hours'),
		($1, 'draft', 1, $2, 'ai', 'model', '{"brand": 2}', now() - interval '2 hours')`, id, aiDraft)
	require.NoError(t, err)
	if humanDraft != "" {
		_, err = db.Pool.Exec(ctx, `INSERT INTO piece_versions (piece_id, phase, version, content, author_kind, author)
			VALUES ($1, 'draft', 2, $2, 'human', 'UEDITOR')`, id, humanDraft)
		require.NoError(t, err)
	}
	for i, d := range decisions {
		phase, decision, _ := strings.Cut(d, ":")
		modes := []string{}
		if decision == "rejected" {
			modes = []string{"voice_drift"}
		}
		_, err = db.Pool.Exec(ctx, `INSERT INTO reviews (piece_id, phase, decision, failure_modes, reviewer, created_at)
			VALUES ($1, $2, $3, $4, 'UAPPROVER', now() - interval '1 hour' + $5 * interval '1 minute')`, id, phase, decision, modes, i)
		require.NoError(t, err)
	}
	return id
}

const aiPost = "Most teams close in nine days.\n\nWe closed in five. Here is what we stopped doing."

// TestReportPiecesCLI prints the quality records of pieces from before records were kept (built
// on the way) as CSV and JSON: a published text pasted with other line breaks has edit ratio 0, a
// piece never published or still waiting has empty cells where nothing is known yet.
func TestReportPiecesCLI(t *testing.T) {
	t.Parallel()
	db := northwindDB(t)
	pasted := storedPiece(t, db, "Faster close", aiPost, strings.ReplaceAll(aiPost, "\n\n", "\n   "),
		"outline:approved", "draft:edited", "draft:approved")
	rejected := storedPiece(t, db, "Customer stories", aiPost, "", "outline:approved", "draft:rejected")
	waiting := storedPiece(t, db, "Faster close", "🚀🔥", "", "outline:revised", "outline:approved")

	r := runMos(t, db.URL, "report", "--client", "northwind", "--pieces")
	requireExit(t, r, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4, "a header and one row per piece")
	require.Equal(t, piecesCSVHeader, rows[0])
	col := func(row []string, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[col(row, "piece_id")] = row
	}
	p := byID[itoa(pasted)]
	require.Equal(t, "0.000", col(p, "edit_ratio"), "line breaks and spaces are no edit")
	require.Equal(t, "brand v1", col(p, "os_versions"), "the OS the outline was written with")
	require.Equal(t, "false", col(p, "draft_first_pass"), "edited before approval")
	require.Equal(t, "true", col(p, "outline_first_pass"))
	require.Equal(t, "0", col(p, "unresolved_flags"))
	require.Empty(t, col(p, "published_on"), "never published")
	rj := byID[itoa(rejected)]
	require.Equal(t, "draft: voice_drift", col(rj, "rejection_failure_modes"))
	require.Equal(t, "1", col(rj, "rejections"))
	require.Empty(t, col(rj, "edit_ratio"), "never approved: unknown, not zero")
	require.Equal(t, "61.000", col(rj, "draft_minutes_to_decision"), "draft v1 two hours ago, rejected 59 minutes ago")
	w := byID[itoa(waiting)]
	require.Equal(t, "false", col(w, "outline_first_pass"), "revised before approval")
	require.Equal(t, "1", col(w, "outline_revisions"))
	require.Empty(t, col(w, "draft_minutes_to_decision"))
	require.NotEmpty(t, col(w, "draft_voice_reasons"), "an emoji-only draft still gets its match")

	r = runMos(t, db.URL, "report", "--client", "northwind", "--pieces", "--format", "json")
	requireExit(t, r, 0)
	var got []pieceQuality
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	require.Len(t, got, 3)
	require.Equal(t, pasted, got[0].PieceID)
	require.Nil(t, got[1].EditRatio)
	require.Equal(t, []rejectionQuality{{Phase: "draft", FailureModes: []string{"voice_drift"}}}, got[1].Rejections)
	require.NotNil(t, got[0].DraftVoice)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestReportPiecesBadFlags: each wrong combination says what to write instead.
func TestReportPiecesBadFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "csv"}, "--format goes with --pieces"},
		{[]string{"--pieces", "--format", "xml"}, `--format "xml": use csv or json`},
		{[]string{"--pieces", "--week", "2026-W10"}, "--week does not go with --pieces"},
		{[]string{"--pieces", "--json", "--format", "csv"}, "--json and --format csv disagree"},
	} {
		r := runMos(t, unreachableDB, append([]string{"report", "--client", "acme"}, tc.args...)...)
		requireExit(t, r, 2)
		require.Contains(t, r.stderr, tc.want)
	}
}

// TestReportPieces10000 prints 10,000 pieces from the database, one row each.
func TestReportPieces10000(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := northwindDB(t)
	_, err := db.Pool.Exec(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state, requested_by)
		SELECT c.id, 'C1', 'linkedin', 'Faster close', 'published', 'U1' FROM clients c, generate_series(1, 10000)
		WHERE c.slug = 'northwind'`)
	require.NoError(t, err)
	_, err = db.Pool.Exec(ctx, `INSERT INTO quality_records (piece_id, client_id, outline_decided, outline_approved,
		outline_first_pass, edit_ratio, edit_distance, ai_words, draft_approved, draft_decided, unresolved_flags, warnings_left)
		SELECT id, client_id, true, true, true, 0.25, 10, 40, true, true, 0, 1 FROM pieces`)
	require.NoError(t, err)
	r := runMos(t, db.URL, "report", "--client", "northwind", "--pieces")
	requireExit(t, r, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 10_001)
	require.Equal(t, "0.250", rows[10_000][24])
}

// flushWatcher counts the CSV lines that reached it.
type flushWatcher struct{ lines int }

func (w *flushWatcher) Write(p []byte) (int, error) {
	w.lines += bytes.Count(p, []byte("\n"))
	return len(p), nil
}

// TestWritePiecesStreams: rows reach the output while later rows are still being read, so memory
// stays that of a buffer whatever the number of pieces.
func TestWritePiecesStreams(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"csv", "json"} {
		out := &flushWatcher{}
		err := writePieces(out, format, func(fn func(engine.QualityRow) error) error {
			for i := range 10_000 {
				if i == 9_000 {
					require.Greater(t, out.lines, 8_000, "%s: rows already written while reading", format)
				}
				if err := fn(engine.QualityRow{PieceID: int64(i + 1), CreatedAt: time.Unix(0, 0)}); err != nil {
					return err
				}
			}
			return nil
		})
		require.NoError(t, err)
		require.GreaterOrEqual(t, out.lines, 10_001)
	}
}
