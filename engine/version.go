package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
)

// Author kinds of a version: edits as truth means a human's version is never silently replaced.
const (
	AuthorAI    = "ai"
	AuthorHuman = "human"
)

// Version is one stored version of a piece's outline or draft.
type Version struct {
	ID          int64
	PieceID     int64
	Phase       string
	Version     int
	Content     string
	AuthorKind  string
	Author      string
	OSVersions  map[string]int // the Client OS document versions it was generated from
	OSHash      string
	Warnings    []Warning
	Instruction string // the revise instruction that produced it, if any
	CreatedAt   time.Time
	// Flags are the claims its source does not contain (generated versions only).
	Flags []ClaimFlag
}

// insertVersion stores v as the next version of its phase and returns it numbered.
func insertVersion(ctx context.Context, db database.DBTX, v Version) (Version, error) {
	if v.OSVersions == nil {
		v.OSVersions = map[string]int{}
	}
	if v.Warnings == nil {
		v.Warnings = []Warning{}
	}
	err := db.QueryRow(ctx, `INSERT INTO piece_versions
		(piece_id, phase, version, content, author_kind, author, os_versions, os_hash, warnings, instruction)
		SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9
		FROM piece_versions WHERE piece_id = $1 AND phase = $2
		RETURNING id, version, created_at`,
		v.PieceID, v.Phase, v.Content, v.AuthorKind, v.Author, v.OSVersions, v.OSHash, v.Warnings, v.Instruction,
	).Scan(&v.ID, &v.Version, &v.CreatedAt)
	if err != nil {
		return v, fmt.Errorf("engine: save %s version of piece %d: %w", v.Phase, v.PieceID, err)
	}
	if err := insertClaimFlags(ctx, db, v.ID, v.Flags); err != nil {
		return v, err
	}
	return v, refreshQualityTx(ctx, db, v.PieceID) // the record and its voice match see the new version
}

const versionColumns = `id, piece_id, phase, version, content, author_kind, author, os_versions, os_hash,
	warnings, instruction, created_at`

func scanVersion(row pgx.Row) (Version, error) {
	var v Version
	err := row.Scan(&v.ID, &v.PieceID, &v.Phase, &v.Version, &v.Content, &v.AuthorKind, &v.Author, &v.OSVersions,
		&v.OSHash, &v.Warnings, &v.Instruction, &v.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, database.ErrNotFound
	}
	return v, err
}

// latestVersion returns the newest version of a phase, or database.ErrNotFound before the first.
func latestVersion(ctx context.Context, db database.DBTX, pieceID int64, phase string) (Version, error) {
	v, err := scanVersion(db.QueryRow(ctx, `SELECT `+versionColumns+`
		FROM piece_versions WHERE piece_id = $1 AND phase = $2 ORDER BY version DESC LIMIT 1`, pieceID, phase))
	if err != nil && !errors.Is(err, database.ErrNotFound) {
		return v, fmt.Errorf("engine: load %s of piece %d: %w", phase, pieceID, err)
	}
	return v, err
}

// queryVersions lists versions, in the query's order.
func queryVersions(ctx context.Context, db database.DBTX, sql string, args ...any) ([]Version, error) {
	out, err := database.Collect(ctx, db, func(row pgx.CollectableRow) (Version, error) { return scanVersion(row) },
		sql, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: load versions: %w", err)
	}
	return out, nil
}

// phaseVersions lists every version of one phase, oldest first.
func phaseVersions(ctx context.Context, db database.DBTX, pieceID int64, phase string) ([]Version, error) {
	return queryVersions(ctx, db, `SELECT `+versionColumns+` FROM piece_versions
		WHERE piece_id = $1 AND phase = $2 ORDER BY version`, pieceID, phase)
}

// versionText is the text people read and edit for a version: a draft's content, or an outline
// in OutlineText's form.
func versionText(v Version) (string, error) {
	if v.Phase != PhaseOutline {
		return v.Content, nil
	}
	var o Outline
	if err := json.Unmarshal([]byte(v.Content), &o); err != nil {
		return "", fmt.Errorf("engine: outline v%d of piece %d is not an outline: %w", v.Version, v.PieceID, err)
	}
	return OutlineText(o), nil
}

// recordLLMCall logs one model call (successful or not) for cost and reliability reporting.
func recordLLMCall(ctx context.Context, db database.DBTX, pieceID int64, purpose string, resp llm.Response, callErr error) error {
	status, msg := "ok", ""
	if callErr != nil {
		status, msg = "error", truncate(callErr.Error(), 1000)
	}
	_, err := db.Exec(ctx, `INSERT INTO llm_calls (piece_id, purpose, model, prompt_tokens, completion_tokens,
		cached_tokens, latency_ms, attempts, status, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		pieceID, purpose, resp.Model, resp.Usage.PromptTokens, resp.Usage.CompletionTokens,
		resp.Usage.CachedTokens, resp.Latency.Milliseconds(), resp.Attempts, status, msg)
	if err != nil {
		return fmt.Errorf("engine: record llm call: %w", err)
	}
	return nil
}

// truncate cuts s to at most n characters without splitting a character.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
