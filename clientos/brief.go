package clientos

import (
	"fmt"
	"strings"
)

// Brief limits: a contractor should read the brief in about 90 seconds, so it carries only the
// first locked decisions (listed most important first) and two sample posts, says how much more
// there is, and says how long it takes to read.
const (
	BriefDecisions   = 5
	BriefSamples     = 2
	BriefReadSeconds = 90
	readingWPM       = 240 // an adult's silent reading speed for non-fiction, in words a minute
)

// Brief is the one-page brief a contractor reads before writing for the client, in Markdown:
// voice, ICP, pillars with weights, the first locked decisions, what never to write, each style
// guide's rules and two sample posts. styles are the style guides to include, in that order.
func Brief(o *OS, styles []Style) string {
	var b strings.Builder
	writeBody(&b, "## Voice", o.Brand.Voice)
	writeBody(&b, "## Who we write for", o.Brand.ICP)
	b.WriteString("\n## Pillars (every piece belongs to exactly one)\n\n")
	for _, p := range o.Pillars {
		fmt.Fprintf(&b, "- **%s** (%s%%): %s\n", p.Name, formatWeight(p.Weight), p.Description)
	}
	writeBriefDecisions(&b, o.Decisions)
	writeNeverWrite(&b, o.Brand)
	for _, s := range styles {
		b.WriteString("\n")
		writeStyle(&b, s)
	}
	writeBriefSamples(&b, o.Brand.Samples)
	body := b.String()
	name := o.Name
	if name == "" {
		name = "the client"
	}
	return fmt.Sprintf("# Writing for %s: the one-page brief\n\n%s\n", name, readingTime(body)) + body
}

func writeBriefDecisions(b *strings.Builder, ds []string) {
	b.WriteString("\n## Locked decisions (final: follow them, never argue with them)\n\n")
	if len(ds) == 0 {
		b.WriteString("None yet.\n")
	}
	for i, d := range ds {
		if i == BriefDecisions {
			fmt.Fprintf(b, "- …and %d more in decisions.md.\n", len(ds)-i)
			break
		}
		b.WriteString("- " + d + "\n")
	}
}

func writeNeverWrite(b *strings.Builder, br Brand) {
	b.WriteString("\n## Never write\n\n")
	if len(br.Forbidden) > 0 {
		b.WriteString("- " + strings.Join(quoted(br.Forbidden), ", ") + "\n")
	}
	for _, s := range br.Substitutions {
		fmt.Fprintf(b, "- %q: write %q instead\n", s.Avoid, s.Prefer)
	}
}

func writeBriefSamples(b *strings.Builder, samples []Sample) {
	if len(samples) == 0 {
		return
	}
	n := min(len(samples), BriefSamples)
	heading := "Two sample posts"
	if n == 1 {
		heading = "A sample post"
	}
	fmt.Fprintf(b, "\n## %s (match this voice; do not copy them)\n", heading)
	for _, s := range samples[:n] {
		b.WriteString("\n### " + s.Title + "\n\n" + s.Body + "\n")
	}
}

// readingTime says how long the brief takes to read, in seconds up to the target, else in minutes.
func readingTime(body string) string {
	words := len(strings.Fields(body))
	seconds := (words*60 + readingWPM - 1) / readingWPM
	if seconds <= BriefReadSeconds {
		return fmt.Sprintf("_%d words: about %d seconds to read._", words, seconds)
	}
	return fmt.Sprintf("_%d words: about %d minutes to read._", words, (seconds+59)/60)
}
