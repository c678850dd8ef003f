package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/config"
)

// osSubcommand is one "mos os <name>" command.
type osSubcommand struct {
	usage string // one line, shown with usage errors
	help  string // full text for --help
	run   func(ctx context.Context, args []string, stdout io.Writer) error
}

func osSubcommands() map[string]osSubcommand {
	return map[string]osSubcommand{
		"import":  importSubcommand(),
		"export":  exportSubcommand(),
		"lint":    lintSubcommand(),
		"show":    showSubcommand(),
		"history": historySubcommand(),
		"revert":  revertSubcommand(),
		"prompt":  promptSubcommand(),
		"brief":   briefSubcommand(),
	}
}

const osHelp = `Usage: mos os <subcommand> [flags] [arguments]

Manage each client's OS: brand, strategy, pillars, decisions and one style guide per platform, kept
in Postgres as versioned documents and exchanged as a folder of Markdown files.

Subcommands:
  import   --client <slug> [--name N] [--timezone TZ] <dir>   store a folder as new versions
  export   --client <slug> [--force] <dir>                    write the current OS as a folder
  lint     <dir> | --client <slug>                            check an OS folder or a stored OS
  show     --client <slug> [doc]                              list documents, or print one
  history  --client <slug> <doc>                              list a document's versions
  revert   --client <slug> <doc> <version>                    make an old version current again
  prompt   (--os <dir> | --client <slug>) --platform <p>      print exactly what the model is given
  brief    (--os <dir> | --client <slug>) [--platform <p>]    print the 90-second contractor brief

Documents: brand, strategy, pillars, decisions, style/<platform>.
Run "mos os <subcommand> --help" for details.
`

func osCommand() command {
	return command{
		summary: "manage a client's OS documents (import, export, lint, show, history, revert, prompt, brief)",
		help:    osHelp,
		run:     runOS,
	}
}

func runOS(ctx context.Context, args []string, stdout io.Writer) error {
	return runSubcommand(ctx, "os", "import, export, lint, show, history, revert, prompt or brief", osSubcommands(),
		args, stdout)
}

// runSubcommand runs the subcommand of command that args name, one of subs (listed names them in
// words, "add, list or remove"); a --help it printed is not a failure.
func runSubcommand(ctx context.Context, command, listed string, subs map[string]osSubcommand,
	args []string, stdout io.Writer) error {
	sub, err := subcommandOf(command, command, listed, subs, args)
	if err != nil {
		return err
	}
	err = sub.run(ctx, args[1:], stdout)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// subcommandOf is the subcommand of command that args[0] names, one of subs (listed names them in
// words); a missing or unknown one is a usage error pointing at "mos <help> --help".
func subcommandOf(command, help, listed string, subs map[string]osSubcommand, args []string) (osSubcommand, error) {
	if len(args) == 0 {
		return osSubcommand{}, usagef("%s needs a subcommand: %s (see \"mos %s --help\")", command, listed, help)
	}
	sub, ok := subs[args[0]]
	if !ok {
		return osSubcommand{}, usagef("%s: unknown subcommand %q; use %s (see \"mos %s --help\")", command, args[0], listed, help)
	}
	return sub, nil
}

// errHelpShown ends a subcommand whose --help was printed; it exits 0.
var errHelpShown = errors.New("help shown")

// parseOSFlags parses a subcommand's flags, which may come before, between or after its positional
// arguments ("mos os lint dir --client acme"); everything after "--" is positional.
func parseOSFlags(fs *flag.FlagSet, sub osSubcommand, args []string, stdout io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, sub.help)
			return nil, errHelpShown
		}
		if err != nil {
			return nil, usagef("%s: %v\nusage: %s", fs.Name(), err, sub.usage)
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// osWantArgs checks the number of positional arguments.
func osWantArgs(sub osSubcommand, pos []string, minArgs, maxArgs int) error {
	switch {
	case len(pos) < minArgs:
		return usagef("missing argument\nusage: %s", sub.usage)
	case len(pos) > maxArgs:
		return usagef("unexpected argument %q\nusage: %s", pos[maxArgs], sub.usage)
	}
	return nil
}

// osNeedClient checks the --client flag before anything touches the database.
func osNeedClient(sub osSubcommand, slug string) error {
	if slug == "" {
		return usagef("--client <slug> is required\nusage: %s", sub.usage)
	}
	if err := clientos.ValidateSlug(slug); err != nil {
		return usagef("%v", err)
	}
	return nil
}

func osNeedDocument(doc string) error {
	if err := clientos.CheckDocument(doc); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// openOS loads the configuration and opens a migrated database.
func openOS(ctx context.Context) (*pgxpool.Pool, config.Config, error) {
	c, err := loadConfig(config.NeedDatabase)
	if err != nil {
		return nil, c, err
	}
	pool, err := openMigrated(ctx, c)
	return pool, c, err
}

// openClient opens a migrated database and finds the client; on error nothing is left open.
func openClient(ctx context.Context, slug string) (*pgxpool.Pool, clientos.Client, error) {
	pool, _, err := openOS(ctx)
	if err != nil {
		return nil, clientos.Client{}, err
	}
	c, err := clientos.ClientBySlug(ctx, pool, slug)
	if err != nil {
		pool.Close()
		return nil, c, err
	}
	return pool, c, nil
}

// osAuthor is who CLI changes are recorded as.
func osAuthor() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

// printOSFindings writes findings one per line and a summary; it returns errFindings if any is an error.
func printOSFindings(w io.Writer, fs []clientos.Finding) error {
	errs := 0
	for _, f := range fs {
		fmt.Fprintln(w, f)
		if f.Severity == clientos.SeverityError {
			errs++
		}
	}
	if errs > 0 {
		return errFindings
	}
	return nil
}

func osPlural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// osSplitList turns "a,b, c" into sorted, de-duplicated items.
func osSplitList(s string) []string {
	seen := map[string]bool{}
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// parseDocArgs parses the arguments of a subcommand called name that takes --client, a document
// and n-1 more arguments; it returns the client's slug and the arguments, the document first.
func parseDocArgs(name string, sub osSubcommand, args []string, stdout io.Writer, n int) (string, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	slug := fs.String("client", "", "client slug")
	pos, err := parseClientArgs(fs, slug, sub, args, stdout, n, n)
	if err != nil {
		return "", nil, err
	}
	if err := osNeedDocument(pos[0]); err != nil {
		return "", nil, err
	}
	return *slug, pos, nil
}

// parseClientArgs parses a subcommand that needs --client and between minArgs and maxArgs
// positional arguments: flags may come before or after them, and every mistake is a usage error
// before anything touches the database.
func parseClientArgs(fs *flag.FlagSet, slug *string, sub osSubcommand, args []string, stdout io.Writer,
	minArgs, maxArgs int) ([]string, error) {
	pos, err := parseOSFlags(fs, sub, args, stdout)
	if err != nil {
		return nil, err
	}
	if err := osNeedClient(sub, *slug); err != nil {
		return nil, err
	}
	if err := osWantArgs(sub, pos, minArgs, maxArgs); err != nil {
		return nil, err
	}
	return pos, nil
}
