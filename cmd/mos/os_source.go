package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mos-hq/mos/clientos"
)

// osSource names the Client OS a terminal command reads: a folder (no database needed) or a
// client's stored OS.
type osSource struct {
	dir, slug, name string
}

func (s *osSource) register(fs *flag.FlagSet) {
	fs.StringVar(&s.dir, "os", "", "a Client OS folder")
	fs.StringVar(&s.slug, "client", "", "a client whose stored OS to read")
	fs.StringVar(&s.name, "name", "", "with --os: the client's name as prompts say it")
}

// check catches every mistake in the flags before anything is read.
func (s osSource) check(sub osSubcommand) error {
	switch {
	case s.dir == "" && s.slug == "":
		return usagef("give --os <dir> (a Client OS folder) or --client <slug> (a stored client)\nusage: %s", sub.usage)
	case s.dir != "" && s.slug != "":
		return usagef("give --os <dir> or --client <slug>, not both\nusage: %s", sub.usage)
	case s.slug != "" && s.name != "":
		return usagef("--name goes with --os: a stored client already has its name")
	case s.slug != "":
		return osNeedClient(sub, s.slug)
	}
	return plainText("--name", s.name)
}

// load reads the OS. A folder is linted first and refused with its findings when broken; a
// stored client's current documents come from the database.
func (s osSource) load(ctx context.Context) (*clientos.OS, error) {
	if s.dir != "" {
		return loadOSDir(s.dir, s.name)
	}
	return loadStoredOS(ctx, s.slug)
}

func loadOSDir(dir, name string) (*clientos.OS, error) {
	o, findings := clientos.LoadDir(dir, nil)
	if len(o.Raw) == 0 {
		return nil, notAnOS(dir, findings)
	}
	if clientos.HasErrors(findings) {
		return nil, brokenOS(dir, findings)
	}
	o.Name = name
	if o.Name == "" {
		o.Name = folderName(dir)
	}
	return o, nil
}

// notAnOS is the one line for a folder that holds no Client OS document at all.
func notAnOS(dir string, findings []clientos.Finding) error {
	for _, f := range findings {
		if f.Severity == clientos.SeverityError && f.Document == "" {
			return errors.New(f.Message) // the folder itself could not be read
		}
	}
	return fmt.Errorf("%s is not a Client OS folder: it has none of brand.md, strategy.md, pillars.md, "+
		"decisions.md or style/<platform>.md; see examples/northwind for a complete one", dir)
}

// brokenOS lists every finding of an OS that does not pass lint.
func brokenOS(what string, findings []clientos.Finding) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not a usable Client OS yet; fix these and run again:", what)
	for _, f := range findings {
		b.WriteString("\n" + f.String())
	}
	return errors.New(b.String())
}

// folderName is the name a folder's OS goes by when --name is not given, as import names a new
// client after its slug.
func folderName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(dir)
}

func loadStoredOS(ctx context.Context, slug string) (*clientos.OS, error) {
	pool, c, err := openClient(ctx, slug)
	var ce configError
	if errors.As(err, &ce) {
		return nil, configError{fmt.Errorf("%w (--client reads the stored OS; --os <dir> reads a folder without a database)", ce.err)}
	}
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	snap, err := clientos.Current(ctx, pool, c.ID)
	if err != nil {
		return nil, err
	}
	o, err := snap.OS()
	var fe *clientos.FindingsError
	if errors.As(err, &fe) {
		return nil, brokenOS("the stored OS of "+slug, fe.Findings)
	}
	return o, err
}

// pickStyle returns the OS's style guide for platform, or says which platforms it has.
func pickStyle(o *clientos.OS, platform string) (clientos.Style, error) {
	if s, ok := o.Style(platform); ok {
		return s, nil
	}
	names := make([]string, len(o.Styles))
	for i, s := range o.Styles {
		names[i] = s.Platform
	}
	have := strings.Join(names, ", ")
	if platform == "" {
		return clientos.Style{}, usagef("--platform <name> is required: this Client OS has style guides for %s", have)
	}
	return clientos.Style{}, usagef("this Client OS has no style guide for %q: use one of %s (or add style/<platform>.md to the OS)",
		platform, have)
}

// plainText refuses terminal input that would reach a prompt with control characters (escape
// sequences, NUL, …) or broken UTF-8 in it; line breaks and tabs are text.
func plainText(what, s string) error {
	if !utf8.ValidString(s) {
		return usagef("%s is not valid UTF-8 text; type it again as plain text", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return usagef("%s contains the control character %U; type it as plain text, without escape sequences", what, r)
		}
	}
	return nil
}
