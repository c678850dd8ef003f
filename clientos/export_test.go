package clientos_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/regularfile/fifotest"
)

// TestExportNeverWritesThroughLinks plants a link (or a pipe) where a forced export writes, each
// pointing at a victim outside the folder: the export is refused naming it, the victim is
// untouched and no OS file is written.
func TestExportNeverWritesThroughLinks(t *testing.T) {
	t.Parallel()
	_, _, snap := storedExample(t)
	for _, tc := range []struct {
		name   string
		plant  func(t *testing.T, target, victim string) // victim: a folder outside target holding victim.md
		export string                                    // the folder to export into, relative to target's parent
		want   string
	}{
		{"OS file is a link to a file outside", func(t *testing.T, target, victim string) {
			require.NoError(t, os.Symlink(filepath.Join(victim, "victim.md"), filepath.Join(target, "brand.md")))
		}, "target", "in TARGET, brand.md is a symbolic link; export replaces only regular files and never writes through a link"},
		{"style guide is a link", func(t *testing.T, target, victim string) {
			require.NoError(t, os.Mkdir(filepath.Join(target, "style"), 0o755))
			require.NoError(t, os.Symlink(filepath.Join(victim, "victim.md"), filepath.Join(target, "style", "linkedin.md")))
		}, "target", "in TARGET, style/linkedin.md is a symbolic link"},
		{"style folder is a link to a folder outside", func(t *testing.T, target, victim string) {
			require.NoError(t, os.Symlink(victim, filepath.Join(target, "style")))
		}, "target", "in TARGET, style is a symbolic link"},
		{"style guide is a named pipe", func(t *testing.T, target, victim string) {
			require.NoError(t, os.Mkdir(filepath.Join(target, "style"), 0o755))
			fifotest.Make(t, filepath.Join(target, "style", "blog.md"))
		}, "target", "in TARGET, style/blog.md is a named pipe (FIFO)"},
		{"the folder itself is a link", func(t *testing.T, target, victim string) {
			require.NoError(t, os.Symlink(victim, filepath.Join(filepath.Dir(target), "link")))
		}, "link", "LINK is a symbolic link; export never writes through a link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			target, victim := filepath.Join(base, "target"), filepath.Join(base, "victim")
			write(t, victim, "victim.md", "not yours")
			require.NoError(t, os.Mkdir(target, 0o755))
			tc.plant(t, target, victim)
			dir := filepath.Join(base, tc.export)
			var err error
			fifotest.RequireReturns(t, target, func() { _, err = clientos.ExportDir(snap, dir, true) })
			want := strings.NewReplacer("TARGET", target, "LINK", dir).Replace(tc.want)
			require.ErrorContains(t, err, want)
			require.Equal(t, map[string]string{"victim.md": "not yours"}, readTree(t, victim))
			_, statErr := os.Lstat(filepath.Join(target, "strategy.md"))
			require.ErrorIs(t, statErr, os.ErrNotExist, "nothing is written when anything is refused")
		})
	}
}

// TestExportReplacesFilesInsteadOfWritingIntoThem hard-links an OS file of the folder to a victim
// outside: a regular file, so the export goes ahead, but it replaces the folder's entry and leaves
// the victim as it was.
func TestExportReplacesFilesInsteadOfWritingIntoThem(t *testing.T) {
	t.Parallel()
	_, _, snap := storedExample(t)
	base := t.TempDir()
	target := filepath.Join(base, "target")
	write(t, base, "victim.md", "not yours")
	require.NoError(t, os.Mkdir(target, 0o755))
	require.NoError(t, os.Link(filepath.Join(base, "victim.md"), filepath.Join(target, "brand.md")))

	_, err := clientos.ExportDir(snap, target, true)
	require.NoError(t, err)
	require.Equal(t, readTree(t, exampleDir), readTree(t, target), "every file replaced, no temporary file left")
	b, err := os.ReadFile(filepath.Join(base, "victim.md"))
	require.NoError(t, err)
	require.Equal(t, "not yours", string(b))
}

// TestExportListsWhatItLeaves forces an export over an earlier one holding a stale style guide,
// notes and a folder of drafts: they are kept, unchanged, and listed.
func TestExportListsWhatItLeaves(t *testing.T) {
	t.Parallel()
	_, _, snap := storedExample(t)
	target := t.TempDir()
	write(t, target, "style/old.md", "old voice")
	write(t, target, "notes.txt", "call Ana")
	write(t, target, "drafts/one.md", "draft")
	write(t, target, ".git/HEAD", "ref: refs/heads/main")

	res, err := clientos.ExportDir(snap, target, true)
	require.NoError(t, err)
	require.Equal(t, []clientos.KeptFile{
		{Path: "drafts/"}, {Path: "notes.txt"}, {Path: "style/old.md", Document: "style/old"},
	}, res.Kept)
	tree := readTree(t, target)
	require.Equal(t, "old voice", tree["style/old.md"])
	require.Equal(t, "call Ana", tree["notes.txt"])
	require.Equal(t, "draft", tree["drafts/one.md"])
	require.Len(t, res.Written, 6)
}
