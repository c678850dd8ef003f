package clientos_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/database/pgtest"
)

var exampleDocs = []string{"brand", "strategy", "pillars", "decisions", "style/blog", "style/linkedin"}

func TestImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, res := importExample(t, "northwind")
	require.Equal(t, "Northwind Ledger", res.Client.Name)
	require.Empty(t, res.Warnings)
	var got []string
	for _, d := range res.Documents {
		require.True(t, d.Changed)
		require.Equal(t, 1, d.Version)
		got = append(got, d.String())
	}
	require.Equal(t, []string{"brand: v1", "strategy: v1", "pillars: v1", "decisions: v1", "style/blog: v1", "style/linkedin: v1"}, got)

	snap, err := clientos.Current(ctx, db.Pool, res.Client.ID)
	require.NoError(t, err)
	require.Equal(t, exampleDocs, snap.Documents())
	out := filepath.Join(t.TempDir(), "export")
	exported, err := clientos.ExportDir(snap, out, false)
	require.NoError(t, err)
	require.Equal(t, []string{"brand.md", "strategy.md", "pillars.md", "decisions.md", "style/blog.md", "style/linkedin.md"}, exported.Written)
	require.Empty(t, exported.Kept)
	require.Equal(t, readTree(t, exampleDir), readTree(t, out), "export must be byte-identical to the imported folder")

	again, err := clientos.ImportDir(ctx, db.Pool, "northwind", "", out, "tester")
	require.NoError(t, err)
	for _, d := range again.Documents {
		require.False(t, d.Changed, d.Document)
		require.Equal(t, d.Document+": unchanged (v1)", d.String())
	}
	require.Equal(t, 6, count(t, db.Pool, `SELECT count(*) FROM os_versions`))
	require.Equal(t, 1, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE action = 'os.import'`))
}

func TestExportRefusesNonEmptyFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, snap := storedExample(t)
	dir := t.TempDir()
	write(t, dir, "brand.md", "old")
	_, err := clientos.ExportDir(snap, dir, false)
	require.ErrorContains(t, err, "is not empty")
	require.ErrorContains(t, err, "--force")
	_, err = clientos.ExportDir(snap, dir, true)
	require.NoError(t, err)
	require.Equal(t, readTree(t, exampleDir), readTree(t, dir))

	empty, err := clientos.EnsureClient(ctx, db.Pool, "empty", "", "")
	require.NoError(t, err)
	snap, err = clientos.Current(ctx, db.Pool, empty.ID)
	require.NoError(t, err)
	_, err = clientos.ExportDir(snap, t.TempDir(), false)
	require.ErrorContains(t, err, "no OS documents")
}

func TestReimportHistoryAndRevert(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	dir := copyExample(t)
	res, err := clientos.ImportDir(ctx, db.Pool, "northwind", "Northwind Ledger", dir, "ana")
	require.NoError(t, err)
	id := res.Client.ID
	original := readTree(t, dir)["pillars.md"]

	edit(t, dir, "pillars.md", "weight: 30", "weight: 25")
	edit(t, dir, "pillars.md", "weight: 10", "weight: 15")
	res, err = clientos.ImportDir(ctx, db.Pool, "northwind", "", dir, "ben")
	require.NoError(t, err)
	for _, d := range res.Documents {
		require.Equal(t, d.Document == "pillars", d.Changed, d.Document)
	}
	require.Equal(t, 7, count(t, db.Pool, `SELECT count(*) FROM os_versions`))

	hist, err := clientos.History(ctx, db.Pool, id, "pillars")
	require.NoError(t, err)
	require.Len(t, hist, 2)
	require.Equal(t, []int{2, 1}, []int{hist[0].Version, hist[1].Version})
	require.Equal(t, []string{"ben", "ana"}, []string{hist[0].Author, hist[1].Author})
	require.Equal(t, "import", hist[0].Reason)
	require.Equal(t, clientos.ContentHash(hist[0].Content), hist[0].ContentHash)

	v, err := clientos.Revert(ctx, db.Pool, id, "pillars", 1, "cara")
	require.NoError(t, err)
	require.Equal(t, 3, v.Version)
	require.Equal(t, original, v.Content)
	require.Equal(t, "revert to v1", v.Reason)
	require.Equal(t, "cara", v.Author)
	require.Equal(t, 1, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE action = 'os.revert' AND actor = 'cara'`))

	_, err = clientos.Revert(ctx, db.Pool, id, "pillars", 9, "cara")
	require.ErrorIs(t, err, database.ErrNotFound)
	require.EqualError(t, err, "pillars has no version 9; the versions that exist are v1–v3")
	_, err = clientos.Revert(ctx, db.Pool, id, "style/x", 1, "cara")
	require.EqualError(t, err, "style/x has no versions yet, so there is no v1")
}

func TestSaveDocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, res := importExample(t, "northwind")
	id := res.Client.ID

	v, changed, err := clientos.SaveDocument(ctx, db.Pool, id, "decisions", "- Only one decision now.\n", "U123", "slack edit")
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, 2, v.Version)

	again, changed, err := clientos.SaveDocument(ctx, db.Pool, id, "decisions", "- Only one decision now.\n", "U999", "same again")
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, v.Version, again.Version)
	require.Equal(t, "U123", again.Author)

	_, _, err = clientos.SaveDocument(ctx, db.Pool, id, "pillars", "---\npillars: [oops\n---\n", "U123", "broken")
	var fe *clientos.FindingsError
	require.ErrorAs(t, err, &fe)
	require.Contains(t, err.Error(), "pillars.md: the front matter is not valid YAML")

	_, _, err = clientos.SaveDocument(ctx, db.Pool, id, "notes", "hello", "U123", "bad name")
	require.ErrorContains(t, err, `"notes" is not a Client OS document`)

	_, _, err = clientos.SaveDocument(ctx, db.Pool, id+100, "decisions", "- x\n", "U123", "no client")
	require.ErrorIs(t, err, database.ErrNotFound)

	require.Equal(t, 1, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE action = 'os.save'`))
	require.Equal(t, 7, count(t, db.Pool, `SELECT count(*) FROM os_versions`))
}

func TestConcurrentSaveDocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "Acme")
	const n = 5
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, _, err := clientos.SaveDocument(ctx, db.Pool, c.ID, "decisions",
				fmt.Sprintf("- Decision number %d.\n", i), fmt.Sprintf("writer-%d", i), "concurrent")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	hist, err := clientos.History(ctx, db.Pool, c.ID, "decisions")
	require.NoError(t, err)
	var versions []int
	for _, v := range hist {
		versions = append(versions, v.Version)
	}
	sort.Ints(versions)
	require.Equal(t, []int{1, 2, 3, 4, 5}, versions)
}

func TestClients(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)

	for _, bad := range []string{"A", "Acme Corp", "-acme", "a", "acme_corp"} {
		_, err := clientos.EnsureClient(ctx, db.Pool, bad, "", "")
		require.ErrorContains(t, err, "is not valid: use 2 to 41 lowercase letters", bad)
	}
	_, err := clientos.EnsureClient(ctx, db.Pool, "acme", "", "Mars/Base")
	require.ErrorContains(t, err, "not an IANA time zone")

	c, err := clientos.EnsureClient(ctx, db.Pool, "acme", "", "")
	require.NoError(t, err)
	require.Equal(t, "acme", c.Name)
	require.Equal(t, "UTC", c.Timezone)
	c2, err := clientos.EnsureClient(ctx, db.Pool, "acme", "Acme Corp", "Europe/Berlin")
	require.NoError(t, err)
	require.Equal(t, c.ID, c2.ID)
	require.Equal(t, "Acme Corp", c2.Name)
	require.Equal(t, "Europe/Berlin", c2.Timezone)
	c3, err := clientos.EnsureClient(ctx, db.Pool, "acme", "", "")
	require.NoError(t, err)
	require.Equal(t, c2, c3, "empty name and time zone keep what is stored")

	got, err := clientos.ClientBySlug(ctx, db.Pool, "acme")
	require.NoError(t, err)
	require.Equal(t, c2, got)
	got, err = clientos.ClientByID(ctx, db.Pool, c.ID)
	require.NoError(t, err)
	require.Equal(t, c2, got)

	_, err = clientos.ClientBySlug(ctx, db.Pool, "globex")
	require.ErrorIs(t, err, database.ErrNotFound)
	require.EqualError(t, err, `no client "globex": import one with "mos os import --client globex <dir>"`)
	_, err = clientos.ClientByID(ctx, db.Pool, c.ID+1)
	require.ErrorIs(t, err, database.ErrNotFound)

	_, err = clientos.EnsureClient(ctx, db.Pool, "beta", "Beta", "")
	require.NoError(t, err)
	all, err := clientos.Clients(ctx, db.Pool)
	require.NoError(t, err)
	require.Len(t, all, 2)
	require.Equal(t, []string{"acme", "beta"}, []string{all[0].Slug, all[1].Slug})
}

func TestApprovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "")

	ok, err := clientos.IsApprover(ctx, db.Pool, c.ID, "U1")
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, c.ID, "U1", "U0"))
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, c.ID, "U2", "U0"))
	require.NoError(t, clientos.AddApprover(ctx, db.Pool, c.ID, "U1", "U0"), "adding twice is a no-op")
	ok, err = clientos.IsApprover(ctx, db.Pool, c.ID, "U1")
	require.NoError(t, err)
	require.True(t, ok)
	list, err := clientos.Approvers(ctx, db.Pool, c.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"U1", "U2"}, list)

	require.NoError(t, clientos.RemoveApprover(ctx, db.Pool, c.ID, "U1", "U0"))
	err = clientos.RemoveApprover(ctx, db.Pool, c.ID, "U1", "U0")
	require.True(t, errors.Is(err, database.ErrNotFound))
	list, err = clientos.Approvers(ctx, db.Pool, c.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"U2"}, list)
	require.Equal(t, 3, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE action LIKE 'approver.%'`))
}

func TestAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, c := acmeDB(t, "")
	require.NoError(t, clientos.Audit(ctx, db.Pool, c.ID, "U1", "cap.set", map[string]any{"cap": 4}))
	require.NoError(t, clientos.Audit(ctx, db.Pool, 0, "cli", "workspace.note", nil))
	var detail string
	require.NoError(t, db.Pool.QueryRow(ctx, `SELECT detail::text FROM audit_log WHERE action = 'cap.set' AND client_id = $1`, c.ID).Scan(&detail))
	require.JSONEq(t, `{"cap": 4}`, detail)
	require.Equal(t, 1, count(t, db.Pool, `SELECT count(*) FROM audit_log WHERE client_id IS NULL AND detail = '{}'`))
}
