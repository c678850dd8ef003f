package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/mos-hq/mos/clientos"
)

// lintHelp is `mos os lint --help`.
const lintHelp = `Usage: mos os lint <dir>
       mos os lint --client <slug>
       mos os lint <dir> --client <slug>

Checks a client OS and lists what is missing or wrong, each finding with the file it concerns:
required documents, 4 to 6 pillars with weights adding up to 100, at least one forbidden phrase
and one sample post, valid front matter, a style guide for every platform the client's channels
are bound to, a size budget (~6000 prompt tokens, ~2500 words), and each platform's brief readable
in 90 seconds ("mos os brief"; the warning names its longest parts). It ends with each brief's
reading time.

A style guide's cadence (cadence: 3/week) must be 1 to 20 pieces a day, 140 a week or 560 a month;
with --client it must also fit the daily caps of the channels bound to that platform (7 caps a
week, 28 a month), and a cadence on a platform no channel is bound to is a warning.

With <dir>, lints that folder (no database needed unless --client is also given, which adds the
client's bound platforms). With only --client, lints the client's stored OS.

Flags:
  --client <slug>        the client whose stored OS or bound platforms to use
  --platforms a,b        platforms that need a style guide too, besides those the client's channels
                         are bound to (findings say which reason applies)

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage.
`

func lintSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os lint <dir> | mos os lint --client <slug> [--platforms linkedin,blog]",
		help:  lintHelp,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("os lint", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		platforms := fs.String("platforms", "", "comma-separated platforms that need a style guide")
		pos, err := parseOSFlags(fs, sub, args, stdout)
		if err != nil {
			return err
		}
		if len(pos) == 0 && *slug == "" {
			return usagef("give a folder or --client <slug>\nusage: %s", sub.usage)
		}
		if err := osWantArgs(sub, pos, 0, 1); err != nil {
			return err
		}
		if *slug != "" {
			if err := osNeedClient(sub, *slug); err != nil {
				return err
			}
		}
		return runOSLint(ctx, stdout, pos, *slug, osSplitList(*platforms))
	}
	return sub
}

func runOSLint(ctx context.Context, stdout io.Writer, pos []string, slug string, listed []string) error {
	if slug == "" {
		o, fs := clientos.LoadDirFor(pos[0], clientos.Platforms{Listed: listed})
		return osReport(stdout, pos[0], o, fs)
	}
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	bound, err := clientos.BoundPlatforms(ctx, pool, c.ID)
	if err != nil {
		return err
	}
	caps, err := clientos.BoundCaps(ctx, pool, c.ID)
	if err != nil {
		return err
	}
	platforms := clientos.Platforms{Bound: bound, Listed: listed, Caps: caps, WarnUnbound: true, Client: slug}
	if len(pos) == 1 {
		o, fs := clientos.LoadDirFor(pos[0], platforms)
		return osReport(stdout, pos[0], o, fs)
	}
	snap, err := clientos.Current(ctx, pool, c.ID)
	if err != nil {
		return err
	}
	o, _ := clientos.Parse(snap.Contents())
	o.Name = c.Name
	return osReport(stdout, "the stored OS of "+slug, o, snap.LintFor(platforms))
}

// osReport prints the findings, a summary line, and how long each platform's brief takes to read.
func osReport(stdout io.Writer, what string, o *clientos.OS, fs []clientos.Finding) error {
	var err error
	if len(fs) == 0 {
		fmt.Fprintf(stdout, "%s: no findings\n", what)
	} else {
		err = printOSFindings(stdout, fs)
		warnings := len(clientos.Warnings(fs))
		fmt.Fprintf(stdout, "%s: %s, %s\n", what, osPlural(len(fs)-warnings, "error"), osPlural(warnings, "warning"))
	}
	if len(o.Raw) > 0 {
		fmt.Fprintf(stdout, "brief reading time at %d words a minute (aim for %d s): %s\n",
			clientos.ReadingWPM, clientos.BriefReadSeconds, clientos.FormatReadings(clientos.BriefReadings(o)))
	}
	return err
}
