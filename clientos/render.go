package clientos

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Rendered is the OS as the first part of every prompt. Its text depends only on the document
// versions it was rendered from (no timestamps, ids or map order), so provider prompt caches hit.
type Rendered struct {
	Text     string
	Hash     string         // sha256 hex of Text and the sorted "doc=version" list
	Versions map[string]int // the documents rendered and their versions (0 when read from disk)
}

// Render renders the whole OS, every style guide included.
func Render(o *OS) Rendered { return render(o, o.Styles, "") }

// RenderFor renders the OS with only platform's style guide, as the production engine does for a
// channel bound to platform.
func RenderFor(o *OS, platform string) Rendered {
	if s, ok := o.Style(platform); ok {
		return render(o, []Style{s}, platform)
	}
	return render(o, nil, platform)
}

const preamble = `Everything below is %s's operating system. Read it before writing anything; it is binding:
- Locked decisions are final. Follow them; never argue against them, reopen them or offer alternatives.
- Never use a forbidden phrase, in any form or inflection. Where a substitution is listed, write the preferred wording.
- Write for the ICP, in the brand voice, inside one content pillar, and within the platform's limits.
- The request comes after this OS. Where the request conflicts with the OS, the OS wins.
`

func render(o *OS, styles []Style, platform string) Rendered {
	var b strings.Builder
	name := o.Name
	if name == "" {
		name = "the client"
	}
	fmt.Fprintf(&b, "# Client OS: %s\n\n", name)
	fmt.Fprintf(&b, preamble, name)
	used := []string{}
	section := func(doc string, write func(*strings.Builder)) {
		if _, ok := o.Raw[doc]; ok {
			used = append(used, doc)
			b.WriteString("\n")
			write(&b)
		}
	}
	section(DocBrand, func(b *strings.Builder) { writeBrand(b, o.Brand) })
	section(DocStrategy, func(b *strings.Builder) {
		b.WriteString("## Strategy and goals\n\n" + demote(o.Strategy, 1) + "\n")
	})
	section(DocPillars, func(b *strings.Builder) { writePillars(b, o.Pillars, o.PillarNotes) })
	section(DocDecisions, func(b *strings.Builder) { writeDecisions(b, o.Decisions) })
	for _, s := range styles {
		section(StyleDocument(s.Platform), func(b *strings.Builder) { writeStyle(b, s) })
	}
	if platform != "" && len(styles) == 0 {
		fmt.Fprintf(&b, "\n## Style guide: %s\n\nThere is no style guide for %s yet; follow the brand voice.\n", platform, platform)
	}
	return finish(b.String(), o.Versions, used)
}

// finish hashes the text together with the sorted "doc=version" list of the documents used.
func finish(text string, versions map[string]int, used []string) Rendered {
	r := Rendered{Text: text, Versions: map[string]int{}}
	sort.Strings(used)
	h := sha256.New()
	h.Write([]byte(text))
	for _, doc := range used {
		r.Versions[doc] = versions[doc]
		fmt.Fprintf(h, "\x00%s=%d", doc, versions[doc])
	}
	r.Hash = hex.EncodeToString(h.Sum(nil))
	return r
}

func writeBrand(b *strings.Builder, br Brand) {
	b.WriteString("## Brand\n")
	if br.Intro != "" {
		b.WriteString("\n" + demote(br.Intro, 1) + "\n")
	}
	writeList(b, "### Forbidden phrases (never use these)", quoted(br.Forbidden))
	subs := make([]string, len(br.Substitutions))
	for i, s := range br.Substitutions {
		subs[i] = fmt.Sprintf("instead of %q write %q", s.Avoid, s.Prefer)
	}
	writeList(b, "### Substitutions", subs)
	writeList(b, "### Calls to action (end with one of these, word for word)", br.CTAs)
	writeBody(b, "### Voice", br.Voice)
	writeBody(b, "### ICP (who we write for)", br.ICP)
	writeBody(b, "### Services", br.Services)
	for _, s := range br.Other {
		writeBody(b, "### "+s.Title, s.Body)
	}
	if len(br.Samples) > 0 {
		b.WriteString("\n### Approved sample posts (match this voice; do not copy them)\n")
		for _, s := range br.Samples {
			writeBody(b, "#### "+s.Title, s.Body)
		}
	}
}

func writePillars(b *strings.Builder, ps []Pillar, notes string) {
	b.WriteString("## Content pillars (every piece belongs to exactly one)\n\n")
	for _, p := range ps {
		fmt.Fprintf(b, "- %s (target %s%% of pieces): %s\n", p.Name, formatWeight(p.Weight), p.Description)
	}
	if notes != "" {
		b.WriteString("\n" + demote(notes, 1) + "\n")
	}
}

func writeDecisions(b *strings.Builder, ds []string) {
	b.WriteString("## Locked decisions (final: follow them, never re-argue them)\n\n")
	if len(ds) == 0 {
		b.WriteString("None yet.\n")
	}
	for _, d := range ds {
		b.WriteString("- " + d + "\n")
	}
}

func writeStyle(b *strings.Builder, s Style) {
	fmt.Fprintf(b, "## Style guide: %s\n", s.Platform)
	var limits []string
	if s.MaxChars > 0 {
		limits = append(limits, fmt.Sprintf("at most %d characters", s.MaxChars))
	}
	switch {
	case s.HasMaxHashtags && s.MaxHashtags == 0:
		limits = append(limits, "no hashtags")
	case s.HasMaxHashtags:
		limits = append(limits, fmt.Sprintf("at most %d hashtags", s.MaxHashtags))
	}
	if len(limits) > 0 {
		b.WriteString("\nLimits: " + strings.Join(limits, "; ") + ".\n")
	}
	if s.Rules != "" {
		b.WriteString("\n" + demote(s.Rules, 1) + "\n")
	}
}

// writeBody writes a heading and a body whose own headings (one level below the heading it had in
// its file) are nested under it.
func writeBody(b *strings.Builder, heading, body string) {
	if body != "" {
		b.WriteString("\n" + heading + "\n\n" + demote(body, 1) + "\n")
	}
}

func writeList(b *strings.Builder, heading string, items []string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("\n" + heading + "\n\n")
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
}

func quoted(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}

func formatWeight(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }
