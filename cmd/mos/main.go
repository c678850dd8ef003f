// Command mos is the AI Marketing OS: one binary whose subcommands run the Slack bot, migrate the
// database and manage each client's OS from the terminal.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes: 0 ok, 1 findings or failure, 2 usage or configuration.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a mistake in how mos was called; it exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errFindings means the command worked and found problems (lint); it exits 1 without more text.
var errFindings = errors.New("findings")

// command is one subcommand: its help text and what it does.
type command struct {
	summary string
	help    string
	run     func(ctx context.Context, args []string, stdout io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"approvers": approversCommand(),
		"draft":     draftCommand(),
		"mcp":       mcpCommand(),
		"metrics":   metricsCommand(),
		"migrate":   migrateCommand(),
		"os":        osCommand(),
		"report":    reportCommand(),
		"serve":     serveCommand(),
		"version":   versionCommand(),
	}
}

const topHelp = `mos — the AI Marketing OS, run from Slack.

Usage: mos <command> [arguments]

Commands:
%s
Run "mos help <command>" (or "mos <command> --help") for details. Settings come from the environment and from .env in the
current directory (the environment wins); see the README.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 {
		fmt.Fprintf(stdout, topHelp, listCommands(cmds))
		return exitUsage
	}
	if isHelp(args[0]) {
		return exitCode(printHelp(cmds, args[1:], stdout), stderr)
	}
	if args[0] == "--version" {
		args[0] = "version"
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "mos: unknown command %q; run \"mos --help\" for the list\n", args[0])
		return exitUsage
	}
	if len(args) > 1 && isHelp(args[1]) {
		fmt.Fprint(stdout, cmd.help)
		return exitOK
	}
	return exitCode(cmd.run(ctx, args[1:], stdout), stderr)
}

func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "mos: %s\n", ue.msg)
		return exitUsage
	case errors.As(err, new(configError)):
		fmt.Fprintf(stderr, "mos: %s\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "mos: %s\n", err)
		return exitFailure
	}
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "help" }

// commandOrder is the order the top-level help lists the commands in.
var commandOrder = []string{"serve", "migrate", "os", "approvers", "draft", "mcp", "metrics", "report", "version"}

func listCommands(cmds map[string]command) string {
	out := ""
	for _, name := range commandNames(cmds) {
		out += fmt.Sprintf("  %-8s %s\n", name, cmds[name].summary)
	}
	return out
}
