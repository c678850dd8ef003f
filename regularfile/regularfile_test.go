package regularfile_test

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/regularfile"
	"github.com/mos-hq/mos/regularfile/fifotest"
)

// tree is a folder with one file of each kind, two of them links, one to a file outside it.
func tree(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "in")
	require.NoError(t, os.Mkdir(dir, 0o755))
	outside := filepath.Join(base, "secret.txt")
	require.NoError(t, os.WriteFile(outside, []byte("secret"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plain.md"), []byte("plain"), 0o600))
	require.NoError(t, os.Symlink("plain.md", filepath.Join(dir, "inside-link.md")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "outside-link.md")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder"), 0o755))
	fifotest.Make(t, filepath.Join(dir, "pipe.md"))
	l, err := net.Listen("unix", filepath.Join(dir, "sock"))
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return dir
}

func TestOpenInRootReadsOnlyRegularFiles(t *testing.T) {
	t.Parallel()
	dir := tree(t)
	root, err := os.OpenRoot(dir)
	require.NoError(t, err)
	defer root.Close()
	for _, tc := range []struct{ name, kind string }{
		{"inside-link.md", "a symbolic link"},
		{"outside-link.md", "a symbolic link"},
		{"folder", "a folder"},
		{"pipe.md", "a named pipe (FIFO)"},
		{"sock", "a socket"},
	} {
		fifotest.RequireReturns(t, dir, func() {
			_, err = regularfile.OpenInRoot(root, tc.name)
		})
		var nr *regularfile.NotRegularError
		require.ErrorAs(t, err, &nr, tc.name)
		require.Equal(t, tc.name+" is "+tc.kind+", not a regular file", err.Error())
		require.Equal(t, tc.kind == "a symbolic link", nr.IsSymlink(), tc.name)
	}
	f, err := regularfile.OpenInRoot(root, "plain.md")
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Equal(t, "plain", string(b))

	_, err = regularfile.OpenInRoot(root, "../secret.txt")
	require.Error(t, err, "a path out of the root is refused")
	_, err = regularfile.OpenInRoot(root, "missing.md")
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestOpenFollowsLinksToRegularFilesOnly(t *testing.T) {
	t.Parallel()
	dir := tree(t)
	for _, name := range []string{"plain.md", "inside-link.md"} {
		f, err := regularfile.Open(filepath.Join(dir, name))
		require.NoError(t, err, name)
		require.NoError(t, f.Close())
	}
	f, err := regularfile.Open(filepath.Join(dir, "outside-link.md"))
	require.NoError(t, err, "a path a person typed may be a link")
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Equal(t, "secret", string(b))

	for _, tc := range []struct{ path, kind string }{
		{filepath.Join(dir, "pipe.md"), "a named pipe (FIFO)"},
		{filepath.Join(dir, "folder"), "a folder"},
		{filepath.Join(dir, "sock"), "a socket"},
		{os.DevNull, "a device"},
	} {
		fifotest.RequireReturns(t, dir, func() {
			_, err = regularfile.Open(tc.path)
		})
		var nr *regularfile.NotRegularError
		require.True(t, errors.As(err, &nr), "%s: %v", tc.path, err)
		require.Equal(t, tc.path+" is "+tc.kind+", not a regular file", err.Error())
	}
}
