package clientos

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/database"
)

// ImportRequest says which folder to import into which client.
type ImportRequest struct {
	Slug     string
	Name     string // "" keeps the stored name (the slug for a new client)
	Timezone string // "" keeps the stored time zone (UTC for a new client)
	Dir      string
	Author   string
}

// ImportResult says what an import did to each document, plus the warnings it was accepted with.
type ImportResult struct {
	Client    Client
	Documents []ImportedDocument // in render order
	Warnings  []Finding
}

// ImportedDocument is one document of an import: its new version, or its current one if unchanged.
type ImportedDocument struct {
	Document string
	Version  int
	Changed  bool
}

func (d ImportedDocument) String() string {
	if d.Changed {
		return fmt.Sprintf("%s: v%d", d.Document, d.Version)
	}
	return fmt.Sprintf("%s: unchanged (v%d)", d.Document, d.Version)
}

// ImportDir imports the folder dir as client slug (created if new); see Import.
func ImportDir(ctx context.Context, pool *pgxpool.Pool, slug, name, dir, author string) (ImportResult, error) {
	return Import(ctx, pool, ImportRequest{Slug: slug, Name: name, Dir: dir, Author: author})
}

// Import lints the folder and, if it has no errors, stores every changed document as a new version,
// all in one transaction. Any lint error refuses the whole import with a *FindingsError listing
// every finding, and nothing is written.
func Import(ctx context.Context, pool *pgxpool.Pool, req ImportRequest) (ImportResult, error) {
	if err := ValidateSlug(req.Slug); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err := database.Transact(ctx, pool, func(tx pgx.Tx) error {
		platforms, err := boundPlatformsBySlug(ctx, tx, req.Slug)
		if err != nil {
			return err
		}
		caps, err := boundCapsBySlug(ctx, tx, req.Slug)
		if err != nil {
			return err
		}
		o, fs := loadDir(req.Dir, Platforms{Bound: platforms, Caps: caps})
		if HasErrors(fs) {
			return &FindingsError{Findings: fs}
		}
		res = ImportResult{Warnings: fs}
		if res.Client, err = EnsureClient(ctx, tx, req.Slug, req.Name, req.Timezone); err != nil {
			return err
		}
		return importDocs(ctx, tx, &res, o.Raw, req)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func importDocs(ctx context.Context, tx pgx.Tx, res *ImportResult, docs map[string]string, req ImportRequest) error {
	changed := map[string]int{}
	for _, doc := range sortedKeys(docs) {
		v, ok, err := saveVersion(ctx, tx, res.Client.ID, doc, docs[doc], req.Author, "import")
		if err != nil {
			return err
		}
		res.Documents = append(res.Documents, ImportedDocument{Document: doc, Version: v.Version, Changed: ok})
		if ok {
			changed[doc] = v.Version
		}
	}
	stored, err := queryStrings(ctx, tx, `SELECT DISTINCT document FROM os_versions WHERE client_id = $1`, res.Client.ID)
	if err != nil {
		return err
	}
	SortDocuments(stored)
	for _, doc := range stored {
		if _, ok := docs[doc]; !ok {
			res.Warnings = append(res.Warnings, Finding{doc, SeverityWarning, fmt.Sprintf(
				"%s is not in the folder; the stored version is kept (an import never deletes documents)", FileName(doc))})
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return Audit(ctx, tx, res.Client.ID, req.Author, "os.import", map[string]any{"dir": req.Dir, "versions": changed})
}
