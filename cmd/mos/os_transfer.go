package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

func importSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: `mos os import --client <slug> [--name "Acme Corp"] [--timezone Europe/Berlin] <dir>`,
		help: `Usage: mos os import --client <slug> [--name "Acme Corp"] [--timezone Europe/Berlin] <dir>

Lints the folder and stores every changed document as a new version, all in one transaction.
Any lint error refuses the whole import: every finding is listed and nothing is written.
Documents identical to their current version stay unchanged. A new client is created with
--name (default: the slug) and --timezone (default: MOS_TIMEZONE); for an existing client the
flags, when given, update its name and time zone.

The folder holds brand.md, strategy.md, pillars.md, decisions.md and style/<platform>.md;
see examples/northwind for a complete one. Exit status: 0 imported, 1 refused or failed, 2 usage.
`,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("os import", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		name := fs.String("name", "", "client display name")
		tz := fs.String("timezone", "", "client time zone (IANA)")
		pos, err := parseClientArgs(fs, slug, sub, args, stdout, 1, 1)
		if err != nil {
			return err
		}
		if *name != "" {
			if *name, err = clientos.CleanClientName(*name); err != nil {
				return usagef("--name: %v", err)
			}
		}
		return runOSImport(ctx, stdout, clientos.ImportRequest{Slug: *slug, Name: *name, Timezone: *tz, Dir: pos[0], Author: osAuthor()})
	}
	return sub
}

func runOSImport(ctx context.Context, stdout io.Writer, req clientos.ImportRequest) error {
	pool, cfg, err := openOS(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	if req.Timezone == "" {
		if _, err := clientos.ClientBySlug(ctx, pool, req.Slug); errors.Is(err, database.ErrNotFound) {
			req.Timezone = cfg.Timezone
		}
	}
	res, err := clientos.Import(ctx, pool, req)
	var fe *clientos.FindingsError
	if errors.As(err, &fe) {
		_ = printOSFindings(stdout, fe.Findings)
		fmt.Fprintf(stdout, "import refused: fix the errors above and import again; nothing was written\n")
		return errFindings
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s into %s (%s)\n", req.Dir, res.Client.Slug, res.Client.Name)
	for _, d := range res.Documents {
		fmt.Fprintln(stdout, d)
	}
	return printOSFindings(stdout, res.Warnings)
}

func exportSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os export --client <slug> [--force] <dir>",
		help: `Usage: mos os export --client <slug> [--force] <dir>

Writes the client's current OS as a folder of Markdown files, byte for byte as stored, so any
other tool can read it and "mos os import" can take it back. The folder is created if needed;
a folder that is not empty is refused unless --force is given, which replaces the OS files in it
and leaves everything else as it was, listing what it left. Export never writes through a
symbolic link: a link as the folder, as style/ or in place of an OS file is refused, naming it.
`,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("os export", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		force := fs.Bool("force", false, "overwrite files in a non-empty folder")
		pos, err := parseClientArgs(fs, slug, sub, args, stdout, 1, 1)
		if err != nil {
			return err
		}
		pool, _, err := openOS(ctx)
		if err != nil {
			return err
		}
		defer pool.Close()
		snap, err := osCurrent(ctx, pool, *slug)
		if err != nil {
			return err
		}
		res, err := clientos.ExportDir(snap, pos[0], *force)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "exported %s of %s to %s\n", osPlural(len(res.Written), "document"), *slug, pos[0])
		printKept(stdout, *slug, res.Kept)
		return nil
	}
	return sub
}

// printKept lists what an export left in the folder, and what a later import would make of it.
func printKept(w io.Writer, slug string, kept []clientos.KeptFile) {
	for _, k := range kept {
		if k.Document != "" {
			fmt.Fprintf(w, "left %s as it was: it is not in %s's stored OS; delete it if it is stale, or importing this folder will store it\n", k.Path, slug)
			continue
		}
		fmt.Fprintf(w, "left %s as it was: it is not part of a Client OS\n", k.Path)
	}
}

func osCurrent(ctx context.Context, db database.DBTX, slug string) (clientos.Snapshot, error) {
	c, err := clientos.ClientBySlug(ctx, db, slug)
	if err != nil {
		return clientos.Snapshot{}, err
	}
	return clientos.Current(ctx, db, c.ID)
}
