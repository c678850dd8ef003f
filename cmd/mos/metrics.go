package main

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/mos-hq/mos/reporting/metricsimport"
)

const metricsHelp = `Usage: mos metrics import --client <slug> [--unmatched-csv FILE] <file>

Imports post results for the weekly report. Each row is matched to a published piece by the
urn:li:activity id in its post URL (or by the piece's exact published URL), and stored as a dated
snapshot. Importing the same file again changes nothing; a corrected file updates the figures.

Files:
  LinkedIn creator analytics export (.xlsx)   Profile → Analytics → Post impressions → Export;
                                              the top-posts sheet is found by its structure
  LinkedIn page content export (.xlsx)        Page admin → Analytics → Content → Export ("All posts")
  CSV with this exact header:                 url,date,impressions,reactions,comments,reposts,clicks,follows,leads
                                              date is YYYY-MM-DD (blank: today); blank figures are unknown

Snapshots are dated by the CSV's date column, else the export's period, else today in the client's
time zone. Rows whose URL matches no published piece are listed, never dropped silently: mark the
piece published with its URL (or log a human-only piece with /mos log <url>) and import again. The
first 20 unmatched (and refused) rows are printed with a count of the rest; --unmatched-csv FILE
writes every unmatched row to FILE as CSV (row,url), replacing FILE.

Rows whose figures or date cannot be right — more reactions, comments, reposts or clicks than
impressions, a date in the future, before 2003 or before the piece was published — are refused
and listed with the reason; the other rows are stored.

A file over 20 MiB, a workbook that unpacks to more than 64 MiB or has more than 50,000 rows in its
posts sheet, a corrupt or password-protected workbook, a CSV with missing or extra columns, or a
negative or non-numeric figure is refused whole, naming the row and column; nothing is stored.
Exit status: 0 imported, 1 refused or failed, 2 usage.
`

func metricsCommand() command {
	return command{
		summary: "import post results from a LinkedIn export (.xlsx) or a CSV",
		help:    metricsHelp,
		run:     runMetrics,
	}
}

func metricsImportSubcommand() osSubcommand {
	sub := osSubcommand{usage: "mos metrics import --client <slug> [--unmatched-csv FILE] <file>", help: metricsHelp}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("metrics import", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		unmatchedCSV := fs.String("unmatched-csv", "", "write every unmatched row to this file")
		pos, err := parseClientArgs(fs, slug, sub, args, stdout, 1, 1)
		if err != nil {
			return err
		}
		return runMetricsImport(ctx, stdout, *slug, pos[0], *unmatchedCSV)
	}
	return sub
}

func runMetrics(ctx context.Context, args []string, stdout io.Writer) error {
	return runSubcommand(ctx, "metrics", "import", map[string]osSubcommand{"import": metricsImportSubcommand()},
		args, stdout)
}

func runMetricsImport(ctx context.Context, stdout io.Writer, slug, path, unmatchedCSV string) error {
	out, err := createUnmatchedCSV(unmatchedCSV, path)
	if err != nil {
		return err
	}
	res, err := importMetrics(ctx, slug, path)
	if err != nil {
		out.discard()
		return err
	}
	printImport(stdout, slug, res, unmatchedCSV)
	return out.write(res.Unmatched)
}

func importMetrics(ctx context.Context, slug, path string) (metricsimport.Result, error) {
	pool, _, err := openOS(ctx)
	if err != nil {
		return metricsimport.Result{}, err
	}
	defer pool.Close()
	return metricsimport.File(ctx, pool, slug, path, time.Now())
}
