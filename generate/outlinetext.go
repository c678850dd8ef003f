package generate

import (
	"fmt"
	"strings"
	"unicode"
)

// MaxOutlineChars bounds an outline a person submits as text (runes).
const MaxOutlineChars = 6000

// Outline text keys, in the order OutlineText writes them.
const (
	keyTitle    = "Title"
	keyHook     = "Hook"
	keyPillar   = "Pillar"
	keySections = "Sections"
	keyCTA      = "CTA"
)

var outlineKeys = []string{keyTitle, keyHook, keyPillar, keySections, keyCTA}

// OutlineText is the plain-text form of an outline that people edit and that revisions and checks
// read, one field per line:
//
//	Title: …
//	Hook: …
//	Pillar: …
//	Sections:
//	- …
//	CTA: …
//
// ParseOutlineText reads it back losslessly. Line breaks inside a field become spaces.
func OutlineText(o Outline) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", keyTitle, oneLine(o.Title))
	fmt.Fprintf(&b, "%s: %s\n", keyHook, oneLine(o.Hook))
	fmt.Fprintf(&b, "%s: %s\n", keyPillar, oneLine(o.Pillar))
	b.WriteString(keySections + ":\n")
	for _, s := range o.Sections {
		fmt.Fprintf(&b, "- %s\n", oneLine(s))
	}
	fmt.Fprintf(&b, "%s: %s\n", keyCTA, oneLine(o.CTA))
	return b.String()
}

// oneLine collapses every run of whitespace, line breaks included, into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TextError is a mistake in an outline a person wrote as text, as data the adapters word: what
// was wrong (one of the Text… problems) and where.
type TextError struct {
	Problem string
	Keys    []string // the keys concerned: missing ("Hook:"), repeated or left empty ("Title")
	Line    string   // the line that belongs to no key, cut to 60 characters
	Got     int      // the sections there are, for TextSections
	Min     int      // the sections an outline needs at least
	Max     int      // the sections an outline may have at most
}

// The mistakes ParseOutlineText reports (the same codes as engine.Problem's).
const (
	TextMissing   = "missing"    // keys not there at all (Keys, with their colons)
	TextNoKey     = "no_key"     // text before the first key line (Line)
	TextEmptyLine = "empty_line" // a key line with nothing after it (Keys[0])
	TextDuplicate = "duplicate"  // a key given twice (Keys[0])
	TextSections  = "count"      // too few or too many sections (Got, Min, Max)
)

func (e *TextError) Error() string {
	return fmt.Sprintf("generate: outline text: %s %v %q (%d sections, %d to %d)", e.Problem, e.Keys, e.Line,
		e.Got, e.Min, e.Max)
}

// ParseOutlineText reads an outline in OutlineText's form. It is forgiving about what people type
// (keys in any case and order, "*", "•" or "1." bullets, a long field wrapped over several lines)
// and strict about what an outline needs: every error is a *TextError saying what is wrong.
func ParseOutlineText(s string) (Outline, error) {
	var o Outline
	fields := map[string]*string{keyTitle: &o.Title, keyHook: &o.Hook, keyPillar: &o.Pillar, keyCTA: &o.CTA}
	seen := map[string]bool{}
	current := ""
	for _, raw := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if key, value, ok := outlineKeyLine(line); ok {
			if seen[key] {
				return o, &TextError{Problem: TextDuplicate, Keys: []string{key}}
			}
			seen[key], current = true, key
			if key == keySections {
				if value != "" {
					o.Sections = append(o.Sections, value)
				}
				continue
			}
			*fields[key] = value
			continue
		}
		switch {
		case current == "":
			return o, &TextError{Problem: TextNoKey, Line: truncate(line, 60)}
		case current == keySections:
			if item, ok := bulletText(line); ok {
				o.Sections = append(o.Sections, item)
			} else if n := len(o.Sections); n > 0 {
				o.Sections[n-1] = oneLine(o.Sections[n-1] + " " + line)
			} else {
				o.Sections = append(o.Sections, line)
			}
		default:
			*fields[current] = oneLine(*fields[current] + " " + line)
		}
	}
	return o, checkOutlineText(o, seen)
}

// outlineKeyLine recognises "Key: value" for the outline's keys, ignoring case.
func outlineKeyLine(line string) (key, value string, ok bool) {
	name, value, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	name = strings.TrimSpace(name)
	for _, k := range outlineKeys {
		if strings.EqualFold(name, k) {
			return k, oneLine(value), true
		}
	}
	return "", "", false
}

// bulletText strips a list marker: "- ", "* ", "• " or "1. " / "1) ".
func bulletText(line string) (string, bool) {
	for _, m := range []string{"- ", "* ", "• "} {
		if rest, ok := strings.CutPrefix(line, m); ok {
			return oneLine(rest), true
		}
	}
	digits := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsDigit(r) })
	if digits > 0 && digits+1 < len(line) && (line[digits] == '.' || line[digits] == ')') && line[digits+1] == ' ' {
		return oneLine(line[digits+2:]), true
	}
	return "", false
}

func checkOutlineText(o Outline, seen map[string]bool) error {
	var missing []string
	for _, k := range outlineKeys {
		if !seen[k] {
			missing = append(missing, k+":")
		}
	}
	if len(missing) > 0 {
		return &TextError{Problem: TextMissing, Keys: missing}
	}
	for _, f := range []struct{ key, value string }{
		{keyTitle, o.Title}, {keyHook, o.Hook}, {keyPillar, o.Pillar}, {keyCTA, o.CTA},
	} {
		if f.value == "" {
			return &TextError{Problem: TextEmptyLine, Keys: []string{f.key}}
		}
	}
	if n := len(o.Sections); n < MinSections || n > MaxSections {
		return &TextError{Problem: TextSections, Got: n, Min: MinSections, Max: MaxSections}
	}
	return nil
}
