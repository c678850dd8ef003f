package clientos

import (
	"fmt"
	"strings"
)

// The brief is the OS a contractor reads in 90 seconds before writing in the client's voice. It is a
// different rendering from the prompt: the prompt gives the model the whole OS; the brief gives a
// person what they need first (voice do and don't, the ICP in one line, what never to write, the
// pillars in one line each, the platform's rules, two sample posts) and names the files that hold
// the rest.
const (
	BriefSamples     = 2
	BriefReadSeconds = 90
	ReadingWPM       = 238 // an adult's average silent reading speed for non-fiction, in words a minute
)

// briefPillarWords caps the clause of a pillar's description the brief shows.
const briefPillarWords = 10

// briefSection is one part of the brief: its Markdown, heading included, and the file it is read
// from, so lint can name the longest parts.
type briefSection struct {
	name string // how lint names it: "sample posts", "linkedin rules"
	file string // "brand.md"; "" for the brief's own list of files
	text string
}

// Brief is the 90-second brief in Markdown. styles are the style guides to include, in that order
// (one, for a contractor writing for one platform).
func Brief(o *OS, styles []Style) string {
	var body strings.Builder
	for _, s := range briefSections(o, styles) {
		body.WriteString(s.text)
	}
	head := func(r Reading) string {
		return fmt.Sprintf("# Writing for %s: the 90-second brief\n\n_%s._\n",
			displayName(o), r)
	}
	// The reading line's own words count too; a placeholder has as many words as the real line.
	r := ReadingOf(head(Reading{}) + body.String())
	return head(r) + body.String()
}

func displayName(o *OS) string {
	if o.Name == "" {
		return "the client"
	}
	return o.Name
}

func briefSections(o *OS, styles []Style) []briefSection {
	var secs []briefSection
	add := func(name, file, text string) {
		if text != "" {
			secs = append(secs, briefSection{name: name, file: file, text: text})
		}
	}
	brand := FileName(DocBrand)
	add("voice", brand, briefVoice(o.Brand.Voice))
	add("ICP", brand, briefICP(o.Brand.ICP))
	add("never write", brand, briefNeverWrite(o.Brand))
	add("pillars", FileName(DocPillars), briefPillars(o.Pillars))
	for _, s := range styles {
		add(s.Platform+" rules", FileName(StyleDocument(s.Platform)), briefStyle(s))
	}
	add("sample posts", brand, briefSamples(o.Brand.Samples))
	add("the list of files", "", briefRest(o, styles))
	return secs
}

// briefStyle is the style guide as the prompt has it, with its cadence under the heading.
func briefStyle(s Style) string {
	var b strings.Builder
	writeStyle(&b, s)
	heading, rest, _ := strings.Cut(b.String(), "\n")
	if s.Cadence.IsSet() {
		heading += "\n\nCadence: " + s.Cadence.Describe(s.Platform) + "."
	}
	return "\n" + heading + "\n" + rest
}

// briefVoice is each voice item's lead sentence, split into what to do and what not to.
func briefVoice(voice string) string {
	var do, dont []string
	for _, it := range items(voice) {
		switch l := lead(it); {
		case l == "":
		case isNegative(l):
			dont = append(dont, l)
		default:
			do = append(do, l)
		}
	}
	if len(do)+len(dont) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Voice\n\n")
	if len(do) > 0 {
		b.WriteString("- **Do:** " + strings.Join(do, " ") + "\n")
	}
	if len(dont) > 0 {
		b.WriteString("- **Don't:** " + strings.Join(dont, " ") + "\n")
	}
	return b.String()
}

func briefICP(icp string) string {
	its := items(icp)
	if len(its) == 0 {
		return ""
	}
	return "\n## Who we write for\n\n" + lead(its[0]) + "\n"
}

func briefNeverWrite(br Brand) string {
	if len(br.Forbidden)+len(br.Substitutions) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Never write\n\n")
	if len(br.Forbidden) > 0 {
		b.WriteString("- " + strings.Join(quoted(br.Forbidden), ", ") + "\n")
	}
	if len(br.Substitutions) > 0 {
		swaps := make([]string, len(br.Substitutions))
		for i, s := range br.Substitutions {
			swaps[i] = fmt.Sprintf("%q → %q", s.Avoid, s.Prefer)
		}
		b.WriteString("- Swap " + strings.Join(swaps, ", ") + "\n")
	}
	return b.String()
}

func briefPillars(ps []Pillar) string {
	if len(ps) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Pillars (one per piece)\n\n")
	for _, p := range ps {
		fmt.Fprintf(&b, "- **%s** (%s%%)", p.Name, formatWeight(p.Weight))
		if c := clause(p.Description, briefPillarWords); c != "" {
			b.WriteString(": " + c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func briefSamples(samples []Sample) string {
	if len(samples) == 0 {
		return ""
	}
	n := min(len(samples), BriefSamples)
	heading := "Two sample posts"
	if n == 1 {
		heading = "A sample post"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n## %s (match the voice, not the words)\n", heading)
	for _, s := range samples[:n] {
		b.WriteString("\n### " + s.Title + "\n\n" + s.Body + "\n")
	}
	return b.String()
}

// briefRest names the files that hold what the brief leaves out.
func briefRest(o *OS, styles []Style) string {
	var rest []string
	if n := len(o.Decisions); n > 0 {
		rest = append(rest, fmt.Sprintf("%s (%s: final)", FileName(DocDecisions), plural(n, "locked decision")))
	}
	brandHas := "calls to action"
	if n := len(o.Brand.Samples); n > BriefSamples {
		brandHas += fmt.Sprintf(", %d samples", n)
	}
	rest = append(rest, fmt.Sprintf("%s (%s)", FileName(DocBrand), brandHas))
	if len(o.Pillars) > 0 {
		rest = append(rest, FileName(DocPillars))
	}
	if o.Strategy != "" {
		rest = append(rest, FileName(DocStrategy))
	}
	for _, s := range o.Styles {
		if !containsPlatform(styles, s.Platform) {
			rest = append(rest, FileName(StyleDocument(s.Platform)))
		}
	}
	return "\n## The rest of the OS\n\n" + strings.Join(rest, " · ") + "\n"
}

func containsPlatform(styles []Style, platform string) bool {
	for _, s := range styles {
		if s.Platform == platform {
			return true
		}
	}
	return false
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
