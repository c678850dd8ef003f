// Package clientos is the Client OS: the small set of versioned documents every prompt reads (brand,
// strategy, pillars, locked decisions, one style guide per platform). It parses and lints the folder
// format, stores append-only versions per client and document in Postgres, imports and exports
// folders byte for byte, and renders the OS into a deterministic prompt prefix.
package clientos

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Document names. Style guides are "style/<platform>".
const (
	DocBrand     = "brand"
	DocStrategy  = "strategy"
	DocPillars   = "pillars"
	DocDecisions = "decisions"
	stylePrefix  = "style/"
)

// MaxDocumentBytes is the largest document accepted: an OS is read by people and by every prompt.
const MaxDocumentBytes = 1 << 20

// Budgets behind the size warnings: what fits cheaply in a prompt and what a contractor reads in minutes.
const (
	TokenBudget = 6000
	WordBudget  = 2500
)

var (
	platformRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`) // at most 40 characters
	slugRE     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,40}$`)
)

// requiredDocs are the documents every OS has, in the order they are rendered and listed.
var requiredDocs = []string{DocBrand, DocStrategy, DocPillars, DocDecisions}

// OS is one client's parsed Client OS. Raw keeps each document's exact text, which is what is stored
// and exported; the typed fields are read from it.
type OS struct {
	Name        string // the client's display name, used in the rendered prompt
	Brand       Brand
	Strategy    string // strategy.md body
	Pillars     []Pillar
	PillarNotes string // pillars.md body, if any
	Decisions   []string
	Styles      []Style // sorted by platform

	Raw      map[string]string // document name -> exact content
	Versions map[string]int    // document name -> version, when loaded from storage
}

// Brand is brand.md: the guard rails in front matter, the voice and audience in the body.
type Brand struct {
	Forbidden     []string
	Substitutions []Substitution // in file order
	CTAs          []string
	Intro         string    // text before the first section, without a leading title
	Voice         string    // ## Voice
	ICP           string    // ## ICP
	Services      string    // ## Services
	Other         []Section // any other ## sections, in file order
	Samples       []Sample  // ### entries under ## Sample posts
	AITellList    []string  // ai_tells in front matter, as written; read through AITells
	HasAITells    bool      // ai_tells was given (an empty list then means "check for none")
}

// Substitution says: write Prefer where a draft would say Avoid.
type Substitution struct {
	Avoid  string
	Prefer string
}

// Section is a "## Title" part of a Markdown body.
type Section struct {
	Title string
	Body  string
}

// Sample is one approved sample post.
type Sample struct {
	Title string
	Body  string
}

// Pillar is one content pillar with its target share of output, in percent.
type Pillar struct {
	Name        string
	Weight      float64
	Description string
}

// Style is style/<platform>.md: the platform's limits and voice rules.
type Style struct {
	Platform       string
	MaxChars       int  // 0: no limit
	MaxHashtags    int  // applies only when HasMaxHashtags
	HasMaxHashtags bool // max_hashtags was given; 0 then means "no hashtags"
	// Format is FormatPlain (the platform renders no Markdown, so drafts are stored without it),
	// FormatMarkdown, or "" when the guide does not say.
	Format  string
	Cadence Cadence // how many pieces the platform is meant to get; not set when Count is 0
	Rules   string
}

// The formats a style guide's `format` front matter may name.
const (
	FormatPlain    = "plain"
	FormatMarkdown = "markdown"
)

// Style returns the style guide for platform.
func (o *OS) Style(platform string) (Style, bool) {
	for _, s := range o.Styles {
		if s.Platform == platform {
			return s, true
		}
	}
	return Style{}, false
}

// ValidDocument reports whether name is a document name: brand, strategy, pillars, decisions or
// style/<platform>.
func ValidDocument(name string) bool {
	if slices.Contains(requiredDocs, name) {
		return true
	}
	p, ok := strings.CutPrefix(name, stylePrefix)
	return ok && platformRE.MatchString(p)
}

// CheckDocument returns nil for a valid document name, else an error saying which names exist.
func CheckDocument(name string) error {
	if ValidDocument(name) {
		return nil
	}
	return fmt.Errorf("%s is not a Client OS document: use brand, strategy, pillars, decisions or style/<platform>, the platform being up to 40 lowercase letters, digits and dashes (e.g. style/linkedin)", Quote(name))
}

// StyleDocument is the document name of platform's style guide.
func StyleDocument(platform string) string { return stylePrefix + platform }

// FileName is where a document lives in the folder format, e.g. "style/linkedin.md".
func FileName(doc string) string { return doc + ".md" }

// SortDocuments orders document names the way they are rendered: brand, strategy, pillars,
// decisions, then style guides by platform.
func SortDocuments(docs []string) {
	slices.SortFunc(docs, func(a, b string) int {
		ra, rb := docRank(a), docRank(b)
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
}

func docRank(doc string) int {
	if i := slices.Index(requiredDocs, doc); i >= 0 {
		return i
	}
	return len(requiredDocs)
}

// sortedKeys returns the document names of m in render order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	SortDocuments(keys)
	return keys
}
