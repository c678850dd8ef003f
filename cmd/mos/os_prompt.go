package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

func promptSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os prompt (--os <dir> [--name N] | --client <slug>) --platform <platform>",
		help: `Usage: mos os prompt --os <dir> [--name "Acme Corp"] --platform <platform>
       mos os prompt --client <slug> --platform <platform>

Prints exactly the context the model receives for that client and platform: the Client OS rendered
with that platform's style guide, the same bytes "mos serve" and "mos draft" send first in every
request. Paste it into a custom GPT, Jasper or a contractor's brief.

With --os, reads and lints a folder (no database needed); a broken OS is refused with its findings.
--name is the client's name as the prompt says it (default: the folder's name). With --client,
reads the client's stored OS (needs DATABASE_URL).

Exit status: 0 printed, 1 the OS is broken or unreadable, 2 usage.
`,
	}
	sub.run = readOSAndPrint(sub, "os prompt", "the platform whose style guide to include",
		func(w io.Writer, o *clientos.OS, platform string) error {
			if _, err := pickStyle(o, platform); err != nil {
				return err
			}
			_, err := io.WriteString(w, engine.SystemPrompt(o, platform).Text)
			return err
		})
	return sub
}

func briefSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os brief (--os <dir> [--name N] | --client <slug>) [--platform <platform>]",
		help: fmt.Sprintf(`Usage: mos os brief --os <dir> [--name "Acme Corp"] [--platform <platform>]
       mos os brief --client <slug> [--platform <platform>]

Prints the 90-second brief a contractor reads before writing for the client, in Markdown: what
they need first — voice do and don't, the ICP in one line, what never to write, the pillars in one
line each, the platform's rules (every platform's without --platform), %d sample posts — then the
files that hold the rest. It says how long it takes to read, at %d words a minute; aim for %d
seconds. The brief is not the prompt: the model is always given the whole OS (see "mos os prompt").

With --os, reads and lints a folder (no database needed); with --client, the client's stored OS
(needs DATABASE_URL).

Exit status: 0 printed, 1 the OS is broken or unreadable, 2 usage.
`, clientos.BriefSamples, clientos.ReadingWPM, clientos.BriefReadSeconds),
	}
	sub.run = readOSAndPrint(sub, "os brief", "only this platform's style guide",
		func(w io.Writer, o *clientos.OS, platform string) error {
			styles := o.Styles
			if platform != "" {
				s, err := pickStyle(o, platform)
				if err != nil {
					return err
				}
				styles = []clientos.Style{s}
			}
			_, err := io.WriteString(w, clientos.Brief(o, styles))
			return err
		})
	return sub
}

// readOSAndPrint is the run of a subcommand that reads one Client OS (--os or --client) and prints
// something of it for --platform.
func readOSAndPrint(sub osSubcommand, name, platformUsage string,
	print func(w io.Writer, o *clientos.OS, platform string) error) func(context.Context, []string, io.Writer) error {
	return func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		var src osSource
		src.register(fs)
		platform := fs.String("platform", "", platformUsage)
		o, err := parseOSSource(ctx, fs, &src, sub, args, stdout)
		if err != nil {
			return err
		}
		return print(stdout, o, *platform)
	}
}

// parseOSSource parses a subcommand that takes no positional arguments and reads one Client OS.
func parseOSSource(ctx context.Context, fs *flag.FlagSet, src *osSource, sub osSubcommand, args []string,
	stdout io.Writer) (*clientos.OS, error) {
	pos, err := parseOSFlags(fs, sub, args, stdout)
	if err != nil {
		return nil, err
	}
	if err := osWantArgs(sub, pos, 0, 0); err != nil {
		return nil, err
	}
	if err := src.check(sub); err != nil {
		return nil, err
	}
	return src.load(ctx)
}
