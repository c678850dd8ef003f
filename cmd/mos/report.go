package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/mos-hq/mos/bot"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting"
)

const reportHelp = `Usage: mos report --client <slug> [--week 2026-W48] [--json]
       mos report --client <slug> --pieces [--format csv|json]

Prints a client's weekly report: the same content as the Slack report thread — the headline, pillar
mix against the target weights with results per pillar, AI-assisted against the human-only
baseline, the source types that work, the top failure modes with the OS document each points to,
and the proposed OS edits.

--week is an ISO week in the client's time zone, from 2000-W01 to a year from now; the default is
the last complete week, which is what the scheduled report covers. When that report was stored (posted), it is printed as stored,
with each proposal's current state; otherwise it is computed now and nothing is stored or posted
(proposals the model words are listed by rule and evidence only).

With --pieces it prints every piece's quality record instead, one row per piece (ids, dates,
pillar, platform, the OS versions its outline was written with and every measure: first-pass
approval, revisions, rejections with their failure modes, edit ratio, claim flags and warnings left
at approval, minutes to each decision, voice match); unknown values are empty (CSV) or null (JSON).
Rows are streamed as they are read. Pieces from before records were kept get theirs built first, once.

Flags:
  --client <slug>   the client
  --week YYYY-Www   the ISO week, e.g. 2026-W48
  --json            print the report as JSON
  --pieces          print the quality record of every piece instead of the report
  --format csv|json the format of --pieces (default csv)

Exit status: 0 printed, 1 failed, 2 usage.
`

func reportCommand() command {
	sub := osSubcommand{usage: "mos report --client <slug> [--week 2026-W48] [--json]", help: reportHelp}
	run := func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("report", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		weekFlag := fs.String("week", "", "ISO week")
		asJSON := fs.Bool("json", false, "print JSON")
		pieces := fs.Bool("pieces", false, "print every piece's quality record")
		format := fs.String("format", "", "csv or json, with --pieces")
		_, err := parseClientArgs(fs, slug, sub, args, stdout, 0, 0)
		if errors.Is(err, errHelpShown) {
			return nil
		}
		if err != nil {
			return err
		}
		if *pieces || *format != "" {
			f, err := piecesFormat(*pieces, *format, *asJSON, *weekFlag)
			if err != nil {
				return err
			}
			return runPieces(ctx, stdout, *slug, f)
		}
		now := time.Now()
		var week *reporting.Week
		if *weekFlag != "" {
			w, err := reporting.ParseReportWeek(*weekFlag, now)
			if err != nil {
				return usagef("--week: %v", err)
			}
			week = &w
		}
		return runReport(ctx, stdout, *slug, week, *asJSON, now)
	}
	return command{summary: "print a client's weekly report", help: reportHelp, run: run}
}

func runReport(ctx context.Context, stdout io.Writer, slug string, week *reporting.Week, asJSON bool, now time.Time) error {
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	if week == nil {
		w := reporting.WeekOf(now, location(c.Timezone)).Prev()
		week = &w
	}
	rep, ps, err := reporting.ReportByKey(ctx, pool, c.ID, week.Key())
	stored := err == nil
	switch {
	case errors.Is(err, database.ErrNotFound):
		rep, err = reporting.Build(ctx, pool, c.ID, *week, now)
		if err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		rep.Proposals = ps
	}
	rep = rep.WithCommands(bot.ReportCommands) // the same hints as the Slack thread
	if asJSON {
		b, err := reporting.JSON(rep)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	if stored {
		fmt.Fprintf(stdout, "Stored report %s, made %s.\n\n", rep.Key, rep.GeneratedAt.In(location(c.Timezone)).Format("Mon 2 Jan 2006 15:04 MST"))
	} else {
		fmt.Fprintf(stdout, "Report for %s computed now (not stored or posted; the weekly job does that).\n\n", week.Key())
	}
	_, err = io.WriteString(stdout, reporting.RenderText(rep))
	return err
}

func location(tz string) *time.Location {
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	return time.UTC
}
