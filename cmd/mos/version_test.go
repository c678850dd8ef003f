package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVersion: `mos version` and `mos --version` print the module version Go stamped into the
// binary, and a release build's -X version and commit.
func TestVersion(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "version", "-m", mosBin).Output()
	require.NoError(t, err)
	var moduleVersion string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/mos-hq/mos" {
			moduleVersion = f[2]
		}
	}
	require.NotEmpty(t, moduleVersion, "go version -m names the main module:\n%s", out)

	dir := t.TempDir()
	res := runMosIn(t, mosBin, dir, nil, "version")
	require.Equal(t, exitOK, res.code, res.stderr)
	require.True(t, strings.HasPrefix(res.stdout, "mos "+moduleVersion+", commit "), res.stdout)
	require.Contains(t, res.stdout, runtime.Version())
	require.Equal(t, res, runMosIn(t, mosBin, dir, nil, "--version"))

	stamped := filepath.Join(dir, "mos-release")
	build := exec.Command("go", "build", "-o", stamped,
		"-ldflags", "-X main.version=v9.8.7 -X main.commit=0123abcd", ".")
	out, err = build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	res = runMosIn(t, stamped, dir, nil, "version")
	require.Equal(t, exitOK, res.code)
	require.True(t, strings.HasPrefix(res.stdout, "mos v9.8.7, commit 0123abcd, built with go"), res.stdout)
}
