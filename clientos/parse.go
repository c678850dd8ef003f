package clientos

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Parse reads raw documents (name -> exact content) into an OS. It returns every finding about the
// individual documents; the OS is filled as far as the documents allow. Checks that span documents
// (required files, bound platforms, size) are Lint's.
func Parse(docs map[string]string) (*OS, []Finding) {
	o := &OS{Raw: map[string]string{}, Versions: map[string]int{}}
	var all []Finding
	for _, doc := range sortedKeys(docs) {
		all = append(all, parseDocument(o, doc, docs[doc])...)
	}
	return o, all
}

// LintDocument checks one document on its own, as a save from Slack or the CLI needs.
func LintDocument(doc, content string) []Finding {
	return parseDocument(&OS{Raw: map[string]string{}}, doc, content)
}

// parseDocument checks content's bytes, then parses it into o. A byte order mark at the start,
// which some editors write, is dropped before anything else, and is not kept in o.Raw.
func parseDocument(o *OS, doc, content string) []Finding {
	content = stripBOM(content)
	r := &report{doc: doc}
	if err := CheckDocument(doc); err != nil {
		return []Finding{{Document: doc, Severity: SeverityError, Message: err.Error()}}
	}
	if !checkBytes(r, content) {
		return r.out
	}
	o.Raw[doc] = content
	switch doc {
	case DocBrand:
		o.Brand = parseBrand(r, content)
	case DocStrategy:
		o.Strategy = parseStrategy(r, content)
	case DocPillars:
		o.Pillars, o.PillarNotes = parsePillars(r, content)
	case DocDecisions:
		o.Decisions = parseDecisions(r, content)
	default:
		o.Styles = insertStyle(o.Styles, parseStyle(r, strings.TrimPrefix(doc, stylePrefix), content))
	}
	return r.out
}

// stripBOM drops a UTF-8 byte order mark from the start of content.
func stripBOM(content string) string { return strings.TrimPrefix(content, "\uFEFF") }

// checkBytes reports content that cannot be stored or read: too large, not UTF-8, NUL bytes.
func checkBytes(r *report, content string) bool {
	if len(content) > MaxDocumentBytes {
		r.errorf("is %s, over the 1 MiB limit; a Client OS document must be short enough to read — cut it down", sizeText(len(content)))
		return false
	}
	if !utf8.ValidString(content) {
		off := firstInvalidUTF8(content)
		r.errorf("is not valid UTF-8 (first bad byte at offset %d); save the file as UTF-8", off)
		return false
	}
	if i := strings.IndexByte(content, 0); i >= 0 {
		r.errorf("contains a NUL byte at offset %d; save it as plain UTF-8 text", i)
		return false
	}
	return true
}

func firstInvalidUTF8(s string) int {
	for i, c := range s {
		if c == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		}
	}
	return len(s)
}

func sizeText(n int) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func insertStyle(styles []Style, s Style) []Style {
	for i, have := range styles {
		if s.Platform < have.Platform {
			return append(styles[:i], append([]Style{s}, styles[i:]...)...)
		}
	}
	return append(styles, s)
}

func parseStrategy(r *report, content string) string {
	_, body := parseFrontMatter(r, content)
	body = stripTitle(normalizeNewlines(body))
	switch {
	case body == "":
		r.errorf("is empty; write the goals in numbers for this quarter and this year")
	case !strings.ContainsAny(body, "0123456789"):
		r.warnf("has no numbers; state goals in numbers (e.g. \"40 qualified demos this quarter\")")
	}
	return body
}

func parseDecisions(r *report, content string) []string {
	_, body := parseFrontMatter(r, content)
	ds := bullets(normalizeNewlines(body))
	if len(ds) == 0 {
		r.warnf("lists no locked decisions; write one decision per \"- \" bullet")
	}
	return ds
}

func parseStyle(r *report, platform, content string) Style {
	s := Style{Platform: platform}
	fm, body := parseFrontMatter(r, content, "max_chars", "max_hashtags", "format", "cadence")
	if n := fm.get("max_chars"); !isNull(n) {
		v, err := wholeNumber(n)
		switch {
		case err != nil:
			r.errorf("max_chars %v", err)
		case v < MinStyleChars || v > MaxStyleChars:
			r.errorf("max_chars is %d; it must be between %d and %d characters (LinkedIn allows 3000), or left out for no limit",
				v, MinStyleChars, MaxStyleChars)
		default:
			s.MaxChars = v
		}
	}
	if n := fm.get("max_hashtags"); !isNull(n) {
		v, err := wholeNumber(n)
		switch {
		case err != nil:
			r.errorf("max_hashtags %v", err)
		case v < 0 || v > MaxStyleHashtags:
			r.errorf("max_hashtags is %d; it must be between 0 and %d, or left out for no limit", v, MaxStyleHashtags)
		default:
			s.MaxHashtags, s.HasMaxHashtags = v, true
		}
	}
	s.Format = parseFormat(r, fm.get("format"))
	s.Cadence = parseCadence(r, fm.get("cadence"))
	s.Rules = stripTitle(normalizeNewlines(body))
	if s.Rules == "" {
		r.warnf("has no voice rules; describe how %s posts should read below the front matter", platform)
	}
	return s
}

// parsePillars reads the pillars list; its body, if any, is kept as notes.
func parsePillars(r *report, content string) ([]Pillar, string) {
	fm, body := parseFrontMatter(r, content, "pillars")
	notes := stripTitle(normalizeNewlines(body))
	n := fm.get("pillars")
	if isNull(n) {
		if !fm.broken {
			r.errorf("has no pillars; list 4 to 6 in the front matter as pillars: [{name, weight, description}]")
		}
		return nil, notes
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf("pillars must be a list of {name, weight, description}, not %s", describeNode(n))
		return nil, notes
	}
	ps := make([]Pillar, 0, len(n.Content))
	numeric := true
	for i, item := range n.Content {
		p, ok := parsePillar(r, i+1, item)
		numeric = numeric && ok
		ps = append(ps, p)
	}
	lintPillars(r, ps, numeric)
	return ps, notes
}

func parsePillar(r *report, pos int, n *yaml.Node) (Pillar, bool) {
	var p Pillar
	if n.Kind != yaml.MappingNode {
		r.errorf("pillar %d must be a mapping with name, weight and description, not %s", pos, describeNode(n))
		return p, false
	}
	var weight *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch k {
		case "name":
			p.Name = strings.TrimSpace(v.Value)
		case "description":
			p.Description = strings.TrimSpace(v.Value)
		case "weight":
			weight = v
		default:
			r.warnf("pillar %d has unknown key %q, which is ignored; use name, weight and description", pos, k)
		}
	}
	label := fmt.Sprintf("pillar %d", pos)
	if p.Name == "" {
		r.errorf("%s has no name; give every pillar a name", label)
	} else {
		label = fmt.Sprintf("pillar %q", p.Name)
	}
	if isNull(weight) {
		r.errorf("%s has no weight; give it a number, with all weights adding up to 100", label)
		return p, false
	}
	w, err := number(weight)
	if err != nil {
		r.errorf("%s weight %v", label, err)
		return p, false
	}
	if w <= 0 {
		r.errorf("%s has weight %s; weights must be positive and add up to 100", label, formatWeight(w))
	}
	if p.Description == "" {
		r.warnf("%s has no description; say what belongs in it so writers and the model can tell", label)
	}
	p.Weight = w
	return p, true
}

func lintPillars(r *report, ps []Pillar, numeric bool) {
	if len(ps) < 4 || len(ps) > 6 {
		r.errorf("has %d pillars; a focused strategy has 4 to 6 — merge or split pillars", len(ps))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		key := strings.ToLower(p.Name)
		if p.Name != "" && seen[key] {
			r.errorf("has a duplicate pillar name %q (names are compared ignoring case); rename or merge them", p.Name)
		}
		seen[key] = true
	}
	if !numeric {
		return
	}
	sum := 0.0
	for _, p := range ps {
		sum += p.Weight
	}
	if d := sum - 100; d > 1e-9 || d < -1e-9 {
		r.errorf("pillar weights sum to %s, not 100; adjust them so they add up to exactly 100", formatWeight(sum))
	}
}

// parseFormat reads a style guide's format: plain or markdown; "" when not given.
func parseFormat(r *report, n *yaml.Node) string {
	if isNull(n) {
		return ""
	}
	if v := strings.ToLower(strings.TrimSpace(n.Value)); n.Kind == yaml.ScalarNode && (v == FormatPlain || v == FormatMarkdown) {
		return v
	}
	r.errorf("format is %s; write plain (the platform shows no Markdown, e.g. LinkedIn) or markdown (e.g. a blog), or leave it out", describeNode(n))
	return ""
}
