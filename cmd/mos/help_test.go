package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHelpNamesACommand: "mos help <command>" prints that command's help, as "<command> --help"
// does, and "mos help os <subcommand>" the subcommand's.
func TestHelpNamesACommand(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"draft"}, {"os"}, {"os", "lint"}, {"os", "import"}, {"metrics"}, {"metrics", "import"}, {"report"}, {"serve"},
	} {
		want := runMos(t, "", append(args, "--help")...)
		requireExit(t, want, 0)
		for _, help := range []string{"help", "--help", "-h"} {
			r := runMos(t, "", append([]string{help}, args...)...)
			requireExit(t, r, 0)
			require.Equal(t, want.stdout, r.stdout, "mos %s %v", help, args)
			require.Empty(t, r.stderr)
		}
	}
	r := runMos(t, "", "help", "draft")
	require.Contains(t, r.stdout, "Usage: mos draft (--os <dir>")
	require.NotContains(t, r.stdout, "Commands:")
	top := runMos(t, "", "help")
	requireExit(t, top, 0)
	require.Contains(t, top.stdout, "Commands:\n  serve")
}

// TestHelpUnknownName: a name that is not a command (or subcommand) says so and lists the real ones.
func TestHelpUnknownName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "publish"}, `mos: help: unknown command "publish"; the commands are serve, migrate, os, approvers, draft, mcp, metrics, report, version` + "\n"},
		{[]string{"help", "os", "delete"}, `mos: help: "os" has no subcommand "delete"; its subcommands are brief, export, history, import, lint, prompt, revert, show` + "\n"},
		{[]string{"help", "draft", "full"}, `mos: help: "draft" has no subcommand "full"; run "mos help draft"` + "\n"},
	} {
		r := runMos(t, "", tc.args...)
		requireExit(t, r, 2)
		require.Equal(t, tc.want, r.stderr)
		require.Empty(t, r.stdout)
	}
}
