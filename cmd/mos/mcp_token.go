package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/mos-hq/mos/mcpserver"
)

func mcpTokenSubcommands() map[string]osSubcommand {
	return map[string]osSubcommand{
		"create": {usage: "mos mcp token create --client <slug> --scope read|request|report --name <who>", help: mcpHelp},
		"list":   {usage: "mos mcp token list --client <slug>", help: mcpHelp},
		"revoke": {usage: "mos mcp token revoke --client <slug> --name <who>", help: mcpHelp},
	}
}

func runMCPToken(ctx context.Context, args []string, stdout io.Writer) error {
	sub, err := subcommandOf("mcp token", "mcp", "create, list or revoke", mcpTokenSubcommands(), args)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("mcp token "+args[0], flag.ContinueOnError)
	slug := fs.String("client", "", "client slug")
	name := fs.String("name", "", "who uses the token")
	scope := fs.String("scope", "", "read, request or report")
	_, err = parseClientArgs(fs, slug, sub, args[1:], stdout, 0, 0)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		return createMCPToken(ctx, stdout, sub, *slug, *name, *scope)
	case "list":
		return listMCPTokens(ctx, stdout, *slug)
	default:
		return revokeMCPToken(ctx, stdout, sub, *slug, *name)
	}
}

func createMCPToken(ctx context.Context, stdout io.Writer, sub osSubcommand, slug, name, scopeText string) error {
	if scopeText == "" {
		return usagef("--scope is required: read, request or report\nusage: %s", sub.usage)
	}
	scope, err := mcpserver.ParseScope(scopeText)
	if err != nil {
		return usagef("%v", err)
	}
	if err := mcpserver.ValidateTokenName(name); err != nil {
		return usagef("%v\nusage: %s", err, sub.usage)
	}
	pool, _, err := openOS(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	secret, tok, err := mcpserver.CreateToken(ctx, pool, slug, name, scope, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created token %q for %s, scope %s:\n%s\n", tok.Name, tok.ClientName, tok.Scope, secret)
	fmt.Fprintf(stdout, "It is shown only this once: put it in the agent's secret settings now. "+
		"Revoke it with: mos mcp token revoke --client %s --name %q\n", slug, name)
	return nil
}

func listMCPTokens(ctx context.Context, stdout io.Writer, slug string) error {
	pool, _, err := openOS(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	toks, err := mcpserver.ListTokens(ctx, pool, slug)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		fmt.Fprintf(stdout, "%s has no agent tokens; create one with: mos mcp token create --client %s --scope read --name <who>\n",
			slug, slug)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSCOPE\tCREATED\tSTATUS")
	for _, t := range toks {
		status := "live"
		if t.RevokedAt != nil {
			status = "revoked " + t.RevokedAt.UTC().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", fmt.Sprintf("%q", t.Name), t.Scope, t.CreatedAt.UTC().Format(time.DateTime), status)
	}
	return tw.Flush()
}

func revokeMCPToken(ctx context.Context, stdout io.Writer, sub osSubcommand, slug, name string) error {
	if name == "" {
		return usagef("--name is required: the token's name, as \"mos mcp token list\" shows it\nusage: %s", sub.usage)
	}
	pool, _, err := openOS(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	tok, err := mcpserver.RevokeToken(ctx, pool, slug, name, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked token %q of %s: every call with it is refused from now on\n", tok.Name, tok.ClientName)
	return nil
}
