package clientos

import (
	"fmt"
	"slices"
	"strings"
)

// briefLongestNamed is how many of an over-long brief's parts the warning names.
const briefLongestNamed = 3

// PlatformReading is how long the brief for one platform takes to read.
type PlatformReading struct {
	Platform string // "" for an OS with no style guide
	Reading
}

// BriefReadings is the reading time of each platform's brief, in platform order; an OS without a
// style guide has one brief, for no platform.
func BriefReadings(o *OS) []PlatformReading {
	if len(o.Styles) == 0 {
		return []PlatformReading{{Reading: ReadingOf(Brief(o, nil))}}
	}
	out := make([]PlatformReading, len(o.Styles))
	for i, s := range o.Styles {
		out[i] = PlatformReading{Platform: s.Platform, Reading: ReadingOf(Brief(o, []Style{s}))}
	}
	return out
}

// FormatReadings is the one line "mos os lint" prints: "blog 88 s, linkedin 87 s".
func FormatReadings(rs []PlatformReading) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%d s (%d words)", r.Seconds, r.Words)
		if r.Platform != "" {
			parts[i] = r.Platform + " " + parts[i]
		}
	}
	return strings.Join(parts, ", ")
}

// briefBudget warns about each platform's brief that takes longer than BriefReadSeconds to read,
// naming its longest parts and the files they come from.
func briefBudget(o *OS) []Finding {
	if len(o.Raw) == 0 {
		return nil
	}
	var fs []Finding
	for _, r := range BriefReadings(o) {
		if !r.Over() {
			continue
		}
		var styles []Style
		what := "the brief"
		if s, ok := o.Style(r.Platform); ok {
			styles, what = []Style{s}, "the "+r.Platform+" brief"
		}
		fs = append(fs, Finding{"", SeverityWarning, fmt.Sprintf(
			"%s takes about %d seconds to read (%d words at %d a minute), over the %d seconds a contractor should need; shorten its longest parts: %s",
			what, r.Seconds, r.Words, ReadingWPM, BriefReadSeconds, longestParts(o, styles))})
	}
	return fs
}

// longestParts names the brief's longest parts, e.g. "sample posts in brand.md (148 words)".
func longestParts(o *OS, styles []Style) string {
	type part struct {
		name  string
		words int
	}
	var parts []part
	for _, s := range briefSections(o, styles) {
		if s.file != "" {
			parts = append(parts, part{s.name + " in " + s.file, ReadingOf(s.text).Words})
		}
	}
	slices.SortStableFunc(parts, func(a, b part) int { return b.words - a.words })
	names := make([]string, 0, briefLongestNamed)
	for _, p := range parts[:min(len(parts), briefLongestNamed)] {
		names = append(names, fmt.Sprintf("%s (%d words)", p.name, p.words))
	}
	return strings.Join(names, ", ")
}
