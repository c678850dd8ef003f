package main

import (
	"context"
	"fmt"
	"io"

	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/migrations"
)

func migrateCommand() command {
	return command{
		summary: "apply database migrations (safe to run again, or from several replicas at once)",
		help: `Usage: mos migrate

Applies mos's schema and River's job tables to DATABASE_URL. Running it again does nothing;
running it from several places at once is safe (an advisory lock serialises the runs).
`,
		run: runMigrate,
	}
}

func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("migrate takes no arguments (got %q)", args[0])
	}
	c, err := loadConfig(config.NeedDatabase)
	if err != nil {
		return err
	}
	pool, err := database.Open(ctx, c.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	res, err := migrations.Up(ctx, pool)
	if err != nil {
		return err
	}
	if len(res.Applied) == 0 && len(res.RiverApplied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
		return nil
	}
	for _, f := range res.Applied {
		fmt.Fprintf(stdout, "applied %s\n", f)
	}
	if len(res.RiverApplied) > 0 {
		fmt.Fprintf(stdout, "applied River migrations %v\n", res.RiverApplied)
	}
	return nil
}
