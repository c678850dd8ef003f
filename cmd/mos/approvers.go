package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/config"
)

const approversHelp = `Usage: mos approvers <subcommand> --client <slug> [who]

Who may approve a client's pieces and change its OS, changed from the terminal by an operator
with access to the database. This is how a client's first approver is named when no workspace
admin (or anyone in MOS_ADMINS) is at hand; after that, approvers add approvers in Slack with
/mos approvers add @who.

Subcommands:
  add     --client <slug> <who>   make who an approver
  list    --client <slug>         list the client's approvers
  remove  --client <slug> <who>   take the role away (the last approver stays)

who is a Slack member id (U024BE7LH; in Slack: a profile → ⋮ → Copy member ID), an @name, or
the email address of a person in the workspace. An @name or an email is looked up with
SLACK_BOT_TOKEN (an email needs the app's users:read.email scope), and a member id is checked
there; without a token only a member id is accepted, unchecked.
Exit status: 0 done, 1 refused or failed, 2 usage.
`

func approversCommand() command {
	return command{
		summary: "name who approves a client's pieces, from the terminal (add, list, remove)",
		help:    approversHelp,
		run:     runApprovers,
	}
}

func approversSubcommands() map[string]osSubcommand {
	return map[string]osSubcommand{
		"add":    approverChangeSubcommand("add"),
		"remove": approverChangeSubcommand("remove"),
		"list":   approversListSubcommand(),
	}
}

func runApprovers(ctx context.Context, args []string, stdout io.Writer) error {
	return runSubcommand(ctx, "approvers", "add, list or remove", approversSubcommands(), args, stdout)
}

func approverChangeSubcommand(verb string) osSubcommand {
	sub := osSubcommand{usage: "mos approvers " + verb + " --client <slug> <member id, @name or email>", help: approversHelp}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("approvers "+verb, flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		pos, err := parseClientArgs(fs, slug, sub, args, stdout, 1, 1)
		if err != nil {
			return err
		}
		if err := checkApproverForm(pos[0]); err != nil {
			return err
		}
		return runApproverChange(ctx, stdout, verb, *slug, pos[0])
	}
	return sub
}

func approversListSubcommand() osSubcommand {
	sub := osSubcommand{usage: "mos approvers list --client <slug>", help: approversHelp}
	sub.run = func(ctx context.Context, args []string, stdout io.Writer) error {
		fs := flag.NewFlagSet("approvers list", flag.ContinueOnError)
		slug := fs.String("client", "", "client slug")
		if _, err := parseClientArgs(fs, slug, sub, args, stdout, 0, 0); err != nil {
			return err
		}
		pool, c, err := openClient(ctx, *slug)
		if err != nil {
			return err
		}
		defer pool.Close()
		ids, err := clientos.Approvers(ctx, pool, c.ID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			fmt.Fprintf(stdout, "%s has no approvers yet; name the first with \"mos approvers add --client %s <member id or email>\"\n",
				c.Slug, c.Slug)
		}
		for _, id := range ids {
			fmt.Fprintln(stdout, id)
		}
		return nil
	}
	return sub
}

func runApproverChange(ctx context.Context, stdout io.Writer, verb, slug, who string) error {
	cfg, err := loadConfig(config.NeedDatabase)
	if err != nil {
		return err
	}
	person, err := resolvePerson(ctx, cfg, who, verb == "add")
	if err != nil {
		return err
	}
	pool, c, err := openClient(ctx, slug)
	if err != nil {
		return err
	}
	defer pool.Close()
	if person.note != "" {
		fmt.Fprintln(stdout, person.note)
	}
	if verb == "remove" {
		err = clientos.RemoveApproverAs(ctx, pool, c.ID, person.id, osAuthor(), clientos.AsOperator)
		if err != nil {
			return approverCLIError(err, c, person)
		}
		fmt.Fprintf(stdout, "%s is no longer an approver of %s\n", person, c.Slug)
		return nil
	}
	if err := clientos.AddApproverAs(ctx, pool, c.ID, person.id, osAuthor(), clientos.AsOperator); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is an approver of %s; they approve pieces and change its OS in Slack, and add approvers with /mos approvers add @who\n",
		person, c.Slug)
	return nil
}

func approverCLIError(err error, c clientos.Client, p person) error {
	switch {
	case errors.Is(err, clientos.ErrNoSuchApprover):
		return fmt.Errorf("%s is not an approver of %s, so nothing was removed; see \"mos approvers list --client %s\"", p, c.Slug, c.Slug)
	case errors.Is(err, clientos.ErrLastApprover):
		return fmt.Errorf("%s is the last approver of %s and stays: add another first with \"mos approvers add --client %s <who>\"", p, c.Slug, c.Slug)
	}
	return err
}
