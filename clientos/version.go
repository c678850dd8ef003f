package clientos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Version is one stored version of one document. Versions are append-only and numbered from 1.
type Version struct {
	ClientID    int64
	Document    string
	Version     int
	Content     string
	ContentHash string // sha256 hex of Content
	Author      string
	Reason      string
	CreatedAt   time.Time
}

// ContentHash is the sha256 hex digest stored with each version.
func ContentHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

const versionColumns = `client_id, document, version, content, content_hash, author, reason, created_at`

func scanVersion(row pgx.Row) (Version, error) {
	var v Version
	err := row.Scan(&v.ClientID, &v.Document, &v.Version, &v.Content, &v.ContentHash, &v.Author, &v.Reason, &v.CreatedAt)
	return v, err
}

func collectVersions(rows pgx.Rows, err error) ([]Version, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Version, error) { return scanVersion(row) })
}

// SaveDocument stores content as the next version of doc, unless it equals the current version
// (then it returns the current one and changed=false). A document with lint errors is refused with a
// *FindingsError. Each new version is audited. A byte order mark at the start is dropped.
func SaveDocument(ctx context.Context, db database.DBTX, clientID int64, doc, content, author, reason string) (Version, bool, error) {
	content = stripBOM(content)
	if fs := LintDocument(doc, content); HasErrors(fs) {
		return Version{}, false, &FindingsError{Findings: fs}
	}
	var v Version
	var changed bool
	err := database.Transact(ctx, db, func(tx pgx.Tx) error {
		var err error
		v, changed, err = saveVersion(ctx, tx, clientID, doc, content, author, reason)
		if err != nil || !changed {
			return err
		}
		return Audit(ctx, tx, clientID, author, "os.save", map[string]any{
			"document": doc, "version": v.Version, "reason": reason,
		})
	})
	return v, changed, err
}

// saveVersion appends content as doc's next version unless it is unchanged. It locks the client row
// first, so concurrent saves for one client take turns and never collide on a version number; the
// UNIQUE constraint is the backstop when db is not a transaction.
func saveVersion(ctx context.Context, db database.DBTX, clientID int64, doc, content, author, reason string) (Version, bool, error) {
	if strings.TrimSpace(author) == "" {
		return Version{}, false, errors.New("clientos: save: every version needs an author")
	}
	if err := lockClient(ctx, db, clientID); err != nil {
		return Version{}, false, err
	}
	hash := ContentHash(content)
	cur, err := scanVersion(db.QueryRow(ctx, `SELECT `+versionColumns+` FROM os_versions
		WHERE client_id = $1 AND document = $2 ORDER BY version DESC LIMIT 1`, clientID, doc))
	switch {
	case err == nil && cur.ContentHash == hash && cur.Content == content:
		return cur, false, nil
	case err != nil && !errors.Is(err, pgx.ErrNoRows):
		return Version{}, false, fmt.Errorf("clientos: load current %s: %w", doc, err)
	}
	v, err := scanVersion(db.QueryRow(ctx, `INSERT INTO os_versions
		(client_id, document, version, content, content_hash, author, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+versionColumns,
		clientID, doc, cur.Version+1, content, hash, author, reason))
	if database.IsUniqueViolation(err) {
		return Version{}, false, fmt.Errorf("clientos: save %s: another change to it was saved at the same moment; try again: %w", doc, err)
	}
	if err != nil {
		return Version{}, false, fmt.Errorf("clientos: save %s v%d: %w", doc, cur.Version+1, err)
	}
	return v, true, nil
}

func lockClient(ctx context.Context, db database.DBTX, clientID int64) error {
	var id int64
	err := db.QueryRow(ctx, `SELECT id FROM clients WHERE id = $1 FOR NO KEY UPDATE`, clientID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFoundError{fmt.Sprintf("no client with id %d", clientID)}
	}
	if err != nil {
		return fmt.Errorf("clientos: lock client %d: %w", clientID, err)
	}
	return nil
}

// History lists every version of doc, newest first; none yet is an empty list.
func History(ctx context.Context, db database.DBTX, clientID int64, doc string) ([]Version, error) {
	if err := CheckDocument(doc); err != nil {
		return nil, err
	}
	vs, err := collectVersions(db.Query(ctx, `SELECT `+versionColumns+` FROM os_versions
		WHERE client_id = $1 AND document = $2 ORDER BY version DESC`, clientID, doc))
	if err != nil {
		return nil, fmt.Errorf("clientos: history of %s: %w", doc, err)
	}
	return vs, nil
}

// GetVersion loads one version; a missing one is an error listing the versions that exist.
func GetVersion(ctx context.Context, db database.DBTX, clientID int64, doc string, version int) (Version, error) {
	if err := CheckDocument(doc); err != nil {
		return Version{}, err
	}
	v, err := scanVersion(db.QueryRow(ctx, `SELECT `+versionColumns+` FROM os_versions
		WHERE client_id = $1 AND document = $2 AND version = $3`, clientID, doc, version))
	if errors.Is(err, pgx.ErrNoRows) {
		return Version{}, versionNotFound(ctx, db, clientID, doc, version)
	}
	if err != nil {
		return Version{}, fmt.Errorf("clientos: load %s v%d: %w", doc, version, err)
	}
	return v, nil
}

func versionNotFound(ctx context.Context, db database.DBTX, clientID int64, doc string, version int) error {
	var have []int
	rows, err := db.Query(ctx, `SELECT version FROM os_versions WHERE client_id = $1 AND document = $2 ORDER BY version`, clientID, doc)
	if err == nil {
		have, err = pgx.CollectRows(rows, pgx.RowTo[int])
	}
	if err != nil {
		return fmt.Errorf("clientos: list versions of %s: %w", doc, err)
	}
	if len(have) == 0 {
		return notFoundError{fmt.Sprintf("%s has no versions yet, so there is no v%d", doc, version)}
	}
	return notFoundError{fmt.Sprintf("%s has no version %d; the versions that exist are %s", doc, version, versionRanges(have))}
}

// versionRanges writes sorted version numbers compactly: "v1–v3, v5".
func versionRanges(vs []int) string {
	var parts []string
	for i := 0; i < len(vs); {
		j := i
		for j+1 < len(vs) && vs[j+1] == vs[j]+1 {
			j++
		}
		part := "v" + strconv.Itoa(vs[i])
		if j > i {
			part += "–v" + strconv.Itoa(vs[j])
		}
		parts = append(parts, part)
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Revert makes a new version of doc equal to an old one, with reason "revert to vN". If the current
// version already has that content, nothing changes and the current version is returned.
func Revert(ctx context.Context, db database.DBTX, clientID int64, doc string, version int, author string) (Version, error) {
	var v Version
	err := database.Transact(ctx, db, func(tx pgx.Tx) error {
		old, err := GetVersion(ctx, tx, clientID, doc, version)
		if err != nil {
			return err
		}
		if fs := LintDocument(doc, old.Content); HasErrors(fs) {
			return &FindingsError{Findings: fs}
		}
		var changed bool
		v, changed, err = saveVersion(ctx, tx, clientID, doc, old.Content, author, fmt.Sprintf("revert to v%d", version))
		if err != nil || !changed {
			return err
		}
		return Audit(ctx, tx, clientID, author, "os.revert", map[string]any{
			"document": doc, "version": v.Version, "reverted_to": version,
		})
	})
	return v, err
}

// SaveDocumentAs is SaveDocument by a person, who must be one of the client's approvers
// (ErrNotApprover, nothing saved): the check and the save are one transaction.
func SaveDocumentAs(ctx context.Context, db database.DBTX, clientID int64, doc, content, actor, reason string) (Version, bool, error) {
	var v Version
	var changed bool
	err := database.Transact(ctx, db, func(tx pgx.Tx) error {
		if err := RequireApprover(ctx, tx, clientID, actor); err != nil {
			return err
		}
		var err error
		v, changed, err = SaveDocument(ctx, tx, clientID, doc, content, actor, reason)
		return err
	})
	return v, changed, err
}

// RevertAs is Revert by a person, who must be one of the client's approvers (ErrNotApprover,
// nothing changed): the check and the revert are one transaction.
func RevertAs(ctx context.Context, db database.DBTX, clientID int64, doc string, version int, actor string) (Version, error) {
	var v Version
	err := database.Transact(ctx, db, func(tx pgx.Tx) error {
		if err := RequireApprover(ctx, tx, clientID, actor); err != nil {
			return err
		}
		var err error
		v, err = Revert(ctx, tx, clientID, doc, version, actor)
		return err
	})
	return v, err
}
