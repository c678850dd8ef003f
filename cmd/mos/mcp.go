package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/mcpserver"
)

const mcpHelp = `Usage: mos mcp [--token <token>]
       mos mcp token create --client <slug> --scope read|request|report --name <who>
       mos mcp token list --client <slug>
       mos mcp token revoke --client <slug> --name <who>

Serves one client's OS to an AI agent over the Model Context Protocol on stdin and stdout, for a
desktop assistant that starts mos itself (Claude Desktop, Claude Code). A hosted agent connects to
/mcp on MOS_HTTP_ADDR of "mos serve" instead, with the token as a bearer token.

The token (from --token or MOS_MCP_TOKEN; prefer the variable, which other users cannot see in the
process list) decides the client and what the agent may do:
  read      read the OS documents, the system prompt per platform and the contractor brief; use the
            prompts; check_text and piece_status
  request   read, and request_piece: a piece in the client's channel, through the same rules as
            /draft (a source, the daily cap, people approve the outline and the draft)
  report    read, and log_published (a post written without mos, as /mos log) and record_results
            (today's figures of a published piece)
Requested pieces are written by a running "mos serve" on the same database.

Needs DATABASE_URL. Calls are logged to stderr with the token's name, never the token.
Exit status: 0 the agent hung up, 1 a bad token or a failure, 2 usage.
`

func mcpCommand() command {
	return command{
		summary: "serve a client's OS to an AI agent over MCP (stdio); manage agent tokens",
		help:    mcpHelp,
		run:     runMCP,
	}
}

func mcpServeSubcommand() osSubcommand {
	return osSubcommand{usage: "mos mcp [--token <token>]", help: mcpHelp}
}

func runMCP(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "token" {
		return runMCPToken(ctx, args[1:], stdout)
	}
	sub := mcpServeSubcommand()
	fs := flag.NewFlagSet("mcp", flag.ContinueOnError)
	token := fs.String("token", "", "the agent's token (default: MOS_MCP_TOKEN)")
	pos, err := parseOSFlags(fs, sub, args, stdout)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := osWantArgs(sub, pos, 0, 0); err != nil {
		return err
	}
	secret := *token
	if secret == "" {
		secret = os.Getenv("MOS_MCP_TOKEN")
	}
	if secret == "" {
		return usagef("mcp needs a token: set MOS_MCP_TOKEN (or pass --token); create one with " +
			"\"mos mcp token create --client <slug> --scope read --name <who>\"")
	}
	return serveMCPStdio(ctx, secret, os.Stdin, stdout)
}

// serveMCPStdio serves the token's client on in and out until the agent hangs up or ctx ends.
func serveMCPStdio(ctx context.Context, secret string, in io.Reader, out io.Writer) error {
	c, err := loadConfig(config.NeedDatabase)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, c)
	if err != nil {
		return err
	}
	defer pool.Close()
	logger := newLogger(c.LogLevel)
	eng, err := enqueueOnlyEngine(c, pool, logger)
	if err != nil {
		return err
	}
	svc, err := mcpserver.New(mcpserver.Deps{Pool: pool, Engine: eng, Logger: logger, Version: versionLine()})
	if err != nil {
		return err
	}
	return svc.ServeStdio(ctx, secret, in, out)
}

// enqueueOnlyEngine is an engine whose jobs are only enqueued, with an insert-only River client:
// the replicas of "mos serve" work them and post the piece in Slack, as for a /draft.
func enqueueOnlyEngine(c config.Config, pool *pgxpool.Pool, logger *slog.Logger) (*engine.Engine, error) {
	jobs, err := engine.NewJobClient(pool, logger)
	if err != nil {
		return nil, err
	}
	return engine.New(engine.Deps{Pool: pool, Logger: logger, DefaultCap: c.DailyCap, DefaultTimezone: c.Timezone,
		ReminderAfter: c.ReminderAfter, GiveUpAfter: c.GiveUpAfter, Jobs: jobs}), nil
}

// mcpHandler is /mcp on the serve listener: the same server as "mos mcp", over streamable HTTP,
// with the replica's engine.
func mcpHandler(a *app, pool *pgxpool.Pool, logger *slog.Logger, reg prometheus.Registerer, tune tuning) (http.Handler, error) {
	svc, err := mcpserver.New(mcpserver.Deps{Pool: pool, Engine: a.engine, Logger: logger, Registerer: reg,
		Now: tune.now, Version: versionLine()})
	if err != nil {
		return nil, fmt.Errorf("mcp: %w", err)
	}
	return svc.Handler(), nil
}
