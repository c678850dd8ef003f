// Package claim finds the checkable claims in a text — numbers with their units, percentages,
// money, dates, quoted speech and named studies — and says which of them a source does not
// contain. It is deterministic: no model decides what counts as supported.
package claim

import (
	"context"
	"sort"
	"strings"
)

// Kinds of claim.
const (
	KindPercent = "percent"
	KindMoney   = "money"
	KindNumber  = "number"
	KindDate    = "date"
	KindQuote   = "quote"
	KindStudy   = "study"
)

// Why the sources do not back a claim.
const (
	// ReasonMissing: nothing in the sources says it.
	ReasonMissing = "missing"
	// ReasonElsewhere: the figure is in the sources, but about something else (Source says what).
	ReasonElsewhere = "elsewhere"
	// ReasonDirection: the figure is in the sources about the same thing, going the other way
	// ("fell 7%" where the source says it rose).
	ReasonDirection = "direction"
)

// Claim is one checkable statement found in a text.
type Claim struct {
	Kind string `json:"kind"`
	Text string `json:"text"` // as written, with a little context ("87% of CFOs")
	// Reason and Source are set on the claims Unsupported returns: why the sources do not back
	// it, and for a figure they give about something else or the other way, their sentence.
	Reason string `json:"reason,omitempty"`
	Source string `json:"source,omitempty"`

	value   float64  // numbers, percentages, money: the value with its scale applied
	alt     float64  // value with a lone separator before three digits read the other way
	unit    string   // numbers: a known unit ("day", "hour"); money: the currency
	key     string   // dates: y-m-d parts; quotes and studies: normalised words
	parts   []string // quotes: the normalised words of each part between ellipses
	context []string // figures: the content words around it, stemmed ("cfo", "day", "clos")
	dir     int8     // figures: the way the words beside it say it goes (up, down or 0)
	start   int      // byte offsets in the normalised text
	end     int
}

// Extract lists the claims of text in the order they appear.
func Extract(text string) []Claim { return extract(normalize(text)) }

func extract(norm string) []Claim {
	masked := []byte(norm)
	var out []Claim
	out = append(out, extractQuotes(norm)...)
	out = append(out, extractStudies(norm)...)
	maskNoise(masked)
	maskTimes(masked)
	out = append(out, dropTitleYears(norm, extractDates(string(masked), masked))...)
	out = append(out, extractNumbers(string(masked))...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return dedupe(dropInner(out))
}

// dropInner drops figures and dates inside a quote or a study's name: the quote or name is
// checked whole, and "2025" in "Deloitte's 2025 CFO Signals report" is not a claim of its own.
// cs is in text order, a span before the claims that start where it starts, so one pass keeping
// how far the spans begun so far reach finds them.
func dropInner(cs []Claim) []Claim {
	out := make([]Claim, 0, len(cs))
	reach := -1
	for _, c := range cs {
		if c.Kind == KindQuote || c.Kind == KindStudy {
			reach = max(reach, c.end)
			out = append(out, c)
		} else if c.end > reach {
			out = append(out, c)
		}
	}
	return out
}

func dedupe(cs []Claim) []Claim {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		k := c.Kind + "\x00" + strings.ToLower(c.Text)
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// Unsupported returns the claims of text that none of the sources back, each with its Reason.
// Sources are the text the piece may rest on: the source text the model was given, a pasted
// excerpt, the Client OS. A figure is backed where the sources give it about the same thing (one
// of the words around it in text is in the source's sentence or the next), going the same way. The
// work grows linearly with the sources and stops with ctx's error when ctx is done.
func Unsupported(ctx context.Context, text string, sources ...string) ([]Claim, error) {
	ix, err := newIndex(ctx, sources)
	if err != nil {
		return nil, err
	}
	norm := normalize(text)
	claims := extract(norm)
	setContexts(norm, claims)
	var out []Claim
	for _, c := range claims {
		if c, ok := ix.check(c); !ok {
			out = append(out, c)
		}
	}
	return out, ctx.Err()
}

// normalizer makes spellings comparable: curly quotes become straight, dashes hyphens,
// non-breaking and thin spaces spaces; soft hyphens and zero-width characters, which PDFs and
// web pages scatter inside words and figures, go.
var normalizer = strings.NewReplacer(
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u00ab", `"`, "\u00bb", `"`, "\u2033", `"`,
	"\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u2007", " ",
	"\u2212", "-", "\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", " - ", "\u2015", " - ",
	"\u00ad", "", "\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "",
)

func normalize(s string) string { return normalizer.Replace(s) }
