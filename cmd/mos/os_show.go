package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mos-hq/mos/clientos"
)

func showSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os show --client <slug> [--version N] [doc]",
		help: `Usage: mos os show --client <slug> [--version N] [doc]

Without a document, lists the client's documents with their current version, author and date.
With a document (brand, strategy, pillars, decisions, style/<platform>), prints its current
content exactly as stored, or version N with --version.
`,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("os show", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		version := fs.Int("version", 0, "print this version instead of the current one")
		pos, err := parseClientArgs(fs, slug, sub, args, stdout, 0, 1)
		if err != nil {
			return err
		}
		if len(pos) == 0 && *version != 0 {
			return usagef("--version needs a document\nusage: %s", sub.usage)
		}
		if len(pos) == 1 {
			if err := osNeedDocument(pos[0]); err != nil {
				return err
			}
			return runOSShowDocument(ctx, stdout, *slug, pos[0], *version)
		}
		return runOSShowList(ctx, stdout, *slug)
	}
	return sub
}

func runOSShowList(ctx context.Context, stdout io.Writer, slug string) error {
	pool, _, err := openOS(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	snap, err := osCurrent(ctx, pool, slug)
	if err != nil {
		return err
	}
	c := snap.Client
	fmt.Fprintf(stdout, "%s — %s (time zone %s)\n", c.Slug, c.Name, c.Timezone)
	if len(snap.Docs) == 0 {
		fmt.Fprintf(stdout, "no OS documents yet; import a folder with \"mos os import --client %s <dir>\"\n", slug)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tVERSION\tAUTHOR\tDATE\tREASON")
	for _, doc := range snap.Documents() {
		v := snap.Docs[doc]
		fmt.Fprintf(tw, "%s\tv%d\t%s\t%s\t%s\n", doc, v.Version, v.Author, osDate(v.CreatedAt, c), v.Reason)
	}
	return tw.Flush()
}

func runOSShowDocument(ctx context.Context, stdout io.Writer, slug, doc string, version int) error {
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	if version == 0 {
		hist, err := clientos.History(ctx, pool, c.ID, doc)
		if err != nil {
			return err
		}
		if len(hist) == 0 {
			return fmt.Errorf("%s has no %s yet; add it with \"mos os import --client %s <dir>\" or /mos os edit %s in Slack", slug, doc, slug, doc)
		}
		version = hist[0].Version
	}
	v, err := clientos.GetVersion(ctx, pool, c.ID, doc, version)
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, v.Content)
	return err
}

func historySubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os history --client <slug> <doc>",
		help: `Usage: mos os history --client <slug> <doc>

Lists every version of a document, newest first: version, date, author and reason.
Print one with "mos os show --client <slug> --version N <doc>"; make it current again with
"mos os revert --client <slug> <doc> N".
`,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		slug, pos, err := parseDocArgs("os history", sub, args, stdout, 1)
		if err != nil {
			return err
		}
		return runOSHistory(ctx, stdout, slug, pos[0])
	}
	return sub
}

func runOSHistory(ctx context.Context, stdout io.Writer, slug, doc string) error {
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	hist, err := clientos.History(ctx, pool, c.ID, doc)
	if err != nil {
		return err
	}
	if len(hist) == 0 {
		fmt.Fprintf(stdout, "%s has no versions of %s yet\n", slug, doc)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tDATE\tAUTHOR\tREASON")
	for _, v := range hist {
		fmt.Fprintf(tw, "v%d\t%s\t%s\t%s\n", v.Version, osDate(v.CreatedAt, c), v.Author, v.Reason)
	}
	return tw.Flush()
}

func revertSubcommand() osSubcommand {
	sub := osSubcommand{
		usage: "mos os revert --client <slug> <doc> <version>",
		help: `Usage: mos os revert --client <slug> <doc> <version>

Makes an old version current again by saving its content as a new version (reason
"revert to vN"); history is never rewritten. <version> is a number such as 3 or v3;
"mos os history" lists them.
`,
	}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		slug, pos, err := parseDocArgs("os revert", sub, args, stdout, 2)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(strings.TrimPrefix(pos[1], "v"))
		if err != nil || n < 1 {
			return usagef("version %q is not a version number such as 3 or v3", pos[1])
		}
		return runOSRevert(ctx, stdout, slug, pos[0], n)
	}
	return sub
}

func runOSRevert(ctx context.Context, stdout io.Writer, slug, doc string, version int) error {
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	before, err := clientos.History(ctx, pool, c.ID, doc)
	if err != nil {
		return err
	}
	v, err := clientos.Revert(ctx, pool, c.ID, doc, version, osAuthor())
	if err != nil {
		return err
	}
	if len(before) > 0 && v.Version == before[0].Version {
		fmt.Fprintf(stdout, "%s: already has the content of v%d (current v%d); nothing changed\n", doc, version, v.Version)
		return nil
	}
	fmt.Fprintf(stdout, "%s: v%d (content of v%d)\n", doc, v.Version, version)
	return nil
}

// osDate shows a time in the client's time zone, to the minute.
func osDate(t time.Time, c clientos.Client) string {
	if loc, err := time.LoadLocation(c.Timezone); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02 15:04 MST")
}
