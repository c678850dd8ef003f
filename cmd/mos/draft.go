package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/generate"
	"github.com/mos-hq/mos/source"
	"github.com/mos-hq/mos/trouble"
)

const draftUsage = "mos draft (--os <dir> [--name N] | --client <slug>) --platform <p> --source <url> [--type study] [--full] [--json] <brief…>"

func draftCommand() command {
	return command{
		summary: "write an outline (with --full, a draft too) from a Client OS, in the terminal",
		help: fmt.Sprintf(`Usage: %s

Runs the bot's own generation — the Client OS as the system message, the request last, the checks
against the OS and one automatic repair — and prints the outline. With --full it also writes the
draft from that outline; the terminal has no approval gate, so nobody approves the outline first
as in Slack. Nothing is stored and no daily cap is used.

Flags:
  --os <dir>         a Client OS folder: linted first, refused with its findings when broken; no database
  --name N           with --os: the client's name as the prompt says it (default: the folder's name)
  --client <slug>    a client's stored OS instead (needs DATABASE_URL)
  --platform <p>     the platform whose style guide applies (one the OS has a style guide for)
  --source <url>     the real input the piece traces to (http or https)
  --type <t>         the source's type: %s (default other)
  --full             also write the draft (if that fails, the outline is still printed, then the error)
  --json             print JSON instead of text

What the model wrote is printed without terminal escape sequences, control characters or
direction overrides; --json keeps it as written, with those characters escaped.

The model comes from OPENAI_BASE_URL, OPENAI_API_KEY and MOS_MODEL, as for "mos serve".
Exit status: 0 written, 1 the OS is broken or the model failed, 2 usage or configuration.
`, draftUsage, strings.Join(engine.SourceTypes, ", ")),
		run: runDraft,
	}
}

// draftFlags is one "mos draft" invocation.
type draftFlags struct {
	src              osSource
	platform, source string
	kind             string
	full, json       bool
}

func runDraft(ctx context.Context, args []string, stdout io.Writer) error {
	sub := osSubcommand{usage: draftUsage, help: draftCommand().help}
	fs := flag.NewFlagSet("draft", flag.ContinueOnError)
	var f draftFlags
	f.src.register(fs)
	fs.StringVar(&f.platform, "platform", "", "platform")
	fs.StringVar(&f.source, "source", "", "source URL")
	fs.StringVar(&f.kind, "type", "other", "source type")
	fs.BoolVar(&f.full, "full", false, "also write the draft")
	fs.BoolVar(&f.json, "json", false, "print JSON")
	pos, err := parseOSFlags(fs, sub, args, stdout)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	if err != nil {
		return err
	}
	req, err := draftRequest(f, pos)
	if err != nil {
		return err
	}
	if err := f.src.check(sub); err != nil {
		return err
	}
	o, err := f.src.load(ctx)
	if err != nil {
		return err
	}
	if _, err := pickStyle(o, f.platform); err != nil {
		return err
	}
	gen, reader, err := newGenerator()
	if err != nil {
		return err
	}
	read, err := engine.ReadLink(ctx, reader, req.SourceURL, time.Now())
	if err != nil {
		return err
	}
	res, err := writePiece(ctx, gen, o, f.platform, req, &read, f.full)
	if !res.outlineDone {
		return err
	}
	// The outline is printed even when the draft then failed: it was paid for and is worth keeping.
	if perr := printWritten(stdout, f, o, res); perr != nil {
		return perr
	}
	return err
}

func printWritten(w io.Writer, f draftFlags, o *clientos.OS, res written) error {
	if f.json {
		return printDraftJSON(w, o, f.platform, res)
	}
	return printDraftText(w, o, f.platform, res)
}

// draftRequest checks the request as /draft checks it: the source link and type, and the brief
// (the words after the flags), which must be plain text.
func draftRequest(f draftFlags, words []string) (engine.DraftInput, error) {
	brief := strings.Join(words, " ")
	if strings.TrimSpace(brief) == "" {
		return engine.DraftInput{}, usagef("say what the piece should say after the flags, e.g. Why the month-end close still takes 9 days\nusage: %s", draftUsage)
	}
	if f.source == "" {
		return engine.DraftInput{}, usagef("--source <url> is required: every piece traces to a real input (an interview, trend, study or competitor move)\nusage: %s", draftUsage)
	}
	if err := plainText("the brief", brief); err != nil {
		return engine.DraftInput{}, err
	}
	if !slices.Contains(engine.SourceTypes, f.kind) {
		return engine.DraftInput{}, usagef("--type %q is not a source type: use one of %s", f.kind, strings.Join(engine.SourceTypes, ", "))
	}
	req, err := engine.ValidateDraftInput(engine.DraftInput{SourceType: f.kind, SourceURL: f.source, Brief: brief}, nil)
	var ue *engine.UserError
	if errors.As(err, &ue) {
		// The engine names no command; the terminal's is the usage line.
		return req, usagef("%s\nusage: %s", ue.Error(), draftUsage)
	}
	return req, err
}

// newGenerator builds the generator on the model "mos serve" would use, and the source reader it
// would read links with, or says in one line which variables to set when no model is configured.
func newGenerator() (*generate.Generator, *source.Fetcher, error) {
	c, err := loadConfig(config.NeedLLM)
	if err != nil {
		return nil, nil, err
	}
	if u, err := url.Parse(c.OpenAIBaseURL); err == nil && u.Hostname() == "api.openai.com" && c.OpenAIAPIKey == "" {
		return nil, nil, configError{errors.New("no model is configured: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL " +
			"(e.g. http://localhost:11434/v1 for Ollama) and MOS_MODEL for any other OpenAI-compatible server")}
	}
	reader, err := newSourceReader(c, 0)
	if err != nil {
		return nil, nil, configError{err}
	}
	logger := slog.New(slog.DiscardHandler)
	return generate.New(newLLM(c, logger, nil, tuning{}), logger, false), reader, nil
}

// written is what "mos draft" wrote.
type written struct {
	read        *engine.Snapshot // what was read from the source link
	outline     generate.Generation
	outlineDone bool                 // the outline was written
	draft       *generate.Generation // nil without --full, or when writing it failed
}

// writePiece writes the outline and, with full, the draft from it, each bounded like its job: the
// calls the outline and draft jobs make, on the OS and request as the jobs read them.
func writePiece(ctx context.Context, g *generate.Generator, o *clientos.OS, platform string, req engine.DraftInput,
	read *engine.Snapshot, full bool) (written, error) {
	w := written{read: read}
	gos, greq, src := engine.ForGeneration(o, platform), req.Generation(platform), req.SourceOf(read)
	err := step(ctx, g, engine.PhaseOutline, func(ctx context.Context) (err error) {
		w.outline, err = g.Outline(ctx, gos, greq, src)
		return err
	})
	w.outlineDone = err == nil
	if err != nil || !full {
		return w, err
	}
	var d generate.Generation
	err = step(ctx, g, engine.PhaseDraft, func(ctx context.Context) (err error) {
		d, err = g.Draft(ctx, gos, greq, src, w.outline.Outline())
		return err
	})
	if err == nil {
		w.draft = &d
	}
	return w, err
}

// step runs one phase under its job's time bound and turns a failure into the plain words a
// channel would read.
func step(ctx context.Context, g *generate.Generator, phase string, write func(context.Context) error) error {
	sctx, cancel := context.WithTimeout(ctx, engine.StepTimeout(phase))
	defer cancel()
	err := write(sctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("interrupted while writing the %s; nothing was written", phase)
	}
	return errors.New(trouble.CouldNotWrite(phase, engine.GenerationTrouble(g, phase, err)))
}
