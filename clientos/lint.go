package clientos

import (
	"fmt"
	"slices"
	"strings"
)

// Plausible limits in a style guide's front matter; a limit outside them is a typo (max_chars: 1
// would refuse every draft).
const (
	MinStyleChars    = 100
	MaxStyleChars    = 100_000
	MaxStyleHashtags = 30
)

// Platforms says which platforms need a style guide, and why: Bound ones have channels bound to
// them; Listed ones were named by whoever runs the lint (mos os lint --platforms). Caps, when the
// client's bindings are known, maps each bound platform to the daily caps of its channels, summed;
// each style guide's cadence must fit them. WarnUnbound also warns about a cadence on a platform
// no channel is bound to (an import does not: the OS usually comes before the channels); Client is
// the client's slug, for that warning's advice.
type Platforms struct {
	Bound       []string
	Listed      []string
	Caps        map[string]int
	WarnUnbound bool
	Client      string
}

// Lint checks a client OS given as raw documents (name -> content), as stored. platforms are the
// platforms the client's channels are bound to; each needs a style guide.
func Lint(docs map[string]string, platforms []string) []Finding {
	return LintFor(docs, Platforms{Bound: platforms})
}

// LintFor is Lint with platforms that need a style guide for either reason.
func LintFor(docs map[string]string, p Platforms) []Finding {
	present := map[string]bool{}
	for doc := range docs {
		present[doc] = true
	}
	_, fs := lintDocs(docs, present, p)
	return fs
}

// LintFor checks the snapshot's documents; see Platforms.
func (s Snapshot) LintFor(p Platforms) []Finding { return LintFor(s.Contents(), p) }

// LintDir checks a client OS folder on disk; platforms are the client's bound ones.
func LintDir(dir string, platforms []string) []Finding {
	return LintDirFor(dir, Platforms{Bound: platforms})
}

// LintDirFor checks a client OS folder on disk; see Platforms.
func LintDirFor(dir string, p Platforms) []Finding {
	_, fs := loadDir(dir, p)
	return fs
}

// LoadDir reads and parses a client OS folder, returning the OS (as far as it could be read) and
// every finding about it. platforms are the client's bound ones.
func LoadDir(dir string, platforms []string) (*OS, []Finding) {
	return loadDir(dir, Platforms{Bound: platforms})
}

// LoadDirFor is LoadDir with platforms that need a style guide for either reason; see Platforms.
func LoadDirFor(dir string, p Platforms) (*OS, []Finding) { return loadDir(dir, p) }

func loadDir(dir string, p Platforms) (*OS, []Finding) {
	f := readDir(dir)
	if f.missing {
		return &OS{Raw: map[string]string{}, Versions: map[string]int{}}, f.findings
	}
	o, fs := lintDocs(f.docs, f.present, p)
	return o, append(f.findings, fs...)
}

// lintDocs parses docs and adds the checks that span documents. present names the documents that
// exist, even if unreadable, so they are not reported missing as well.
func lintDocs(docs map[string]string, present map[string]bool, p Platforms) (*OS, []Finding) {
	fs := missingDocs(present, p)
	o, parsed := Parse(docs)
	fs = append(fs, parsed...)
	fs = append(fs, cadenceFindings(o, p)...)
	fs = append(fs, sizeBudget(o)...)
	return o, append(fs, briefBudget(o)...)
}

func missingDocs(present map[string]bool, p Platforms) []Finding {
	var fs []Finding
	for _, doc := range requiredDocs {
		if !present[doc] {
			fs = append(fs, Finding{doc, SeverityError, fmt.Sprintf("%s is missing; %s", FileName(doc), whatGoesIn[doc])})
		}
	}
	styles := 0
	for doc := range present {
		if strings.HasPrefix(doc, stylePrefix) {
			styles++
		}
	}
	if styles == 0 {
		fs = append(fs, Finding{"style", SeverityError,
			"style/ has no style guide; add one per platform as style/<platform>.md (e.g. style/linkedin.md) with that platform's voice rules"})
	}
	bound := sortedUnique(p.Bound)
	for _, pl := range sortedUnique(append(slices.Clone(p.Bound), p.Listed...)) {
		doc := StyleDocument(pl)
		if present[doc] {
			continue
		}
		why := fmt.Sprintf("you listed %s among the platforms to check", pl)
		if slices.Contains(bound, pl) {
			why = fmt.Sprintf("%s is one of the client's platforms (its channels are bound to it)", pl)
		}
		fs = append(fs, Finding{doc, SeverityError, fmt.Sprintf("%s is missing, but %s; add a style guide for it", FileName(doc), why)})
	}
	return fs
}

var whatGoesIn = map[string]string{
	DocBrand:     "add it with forbidden/substitutions/ctas front matter and ## Voice, ## ICP, ## Services and ## Sample posts sections",
	DocStrategy:  "add it with the goals in numbers for this quarter and this year",
	DocPillars:   "add it with 4 to 6 pillars in the front matter: pillars: [{name, weight, description}], weights adding up to 100",
	DocDecisions: "add it with one locked decision per \"- \" bullet",
}

func sortedUnique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	SortDocuments(out)
	return out
}

// EstimateTokens is the rough prompt cost of text: one token per four bytes, rounded up.
func EstimateTokens(text string) int { return (len(text) + 3) / 4 }

// sizeBudget warns when the OS costs too much in every prompt or takes too long to read.
func sizeBudget(o *OS) []Finding {
	if len(o.Raw) == 0 {
		return nil
	}
	text := Render(o).Text
	var fs []Finding
	if tokens := EstimateTokens(text); tokens > TokenBudget {
		fs = append(fs, Finding{"", SeverityWarning, fmt.Sprintf(
			"the whole OS renders to about %d prompt tokens, over the ~%d budget every prompt pays for; shorten it, starting with %s",
			tokens, TokenBudget, largestDoc(o, func(s string) int { return len(s) }))})
	}
	if words := len(strings.Fields(text)); words > WordBudget {
		fs = append(fs, Finding{"", SeverityWarning, fmt.Sprintf(
			"the whole OS is %d words, over the ~%d a contractor reads in a few minutes; shorten it, starting with %s",
			words, WordBudget, largestDoc(o, func(s string) int { return len(strings.Fields(s)) }))})
	}
	return fs
}

// largestDoc names the document with the most of measure, e.g. "brand.md (1200)".
func largestDoc(o *OS, measure func(string) int) string {
	best, bestN := "", -1
	for _, doc := range sortedKeys(o.Raw) {
		if n := measure(o.Raw[doc]); n > bestN {
			best, bestN = doc, n
		}
	}
	return FileName(best)
}
