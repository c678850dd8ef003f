package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// printHelp answers "mos help [command [subcommand]]": the top-level help without a command, else
// that command's (or subcommand's) own help. An unknown name is a usage error that lists the names
// it could have been.
func printHelp(cmds map[string]command, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stdout, topHelp, listCommands(cmds))
		return nil
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return usagef("help: unknown command %q; the commands are %s", args[0], strings.Join(commandNames(cmds), ", "))
	}
	subs := helpSubcommands(args[0])
	switch {
	case len(args) == 1:
		fmt.Fprint(stdout, cmd.help)
	case len(args) > 2 || subs == nil:
		return usagef("help: %q has no subcommand %q; run \"mos help %s\"", args[0], strings.Join(args[1:], " "), args[0])
	default:
		sub, ok := subs[args[1]]
		if !ok {
			return usagef("help: %q has no subcommand %q; its subcommands are %s", args[0], args[1], strings.Join(slices.Sorted(maps.Keys(subs)), ", "))
		}
		fmt.Fprint(stdout, sub.help)
	}
	return nil
}

// helpSubcommands is the subcommands of a command that has them; nil for one that has none.
func helpSubcommands(name string) map[string]osSubcommand {
	switch name {
	case "os":
		return osSubcommands()
	case "metrics":
		return map[string]osSubcommand{"import": metricsImportSubcommand()}
	}
	return nil
}

// commandNames is the commands in the order the top-level help lists them.
func commandNames(cmds map[string]command) []string {
	var names []string
	for _, name := range commandOrder {
		if _, ok := cmds[name]; ok {
			names = append(names, name)
		}
	}
	return names
}
