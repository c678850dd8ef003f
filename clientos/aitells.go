package clientos

import "strings"

// DefaultAITells are phrases that mark text as machine-written to most readers. A brand.md without
// an ai_tells list in its front matter is measured against these; a brand that lists its own
// replaces them (copy the ones to keep).
var DefaultAITells = []string{
	"delve",
	"delves",
	"delving",
	"in today's fast-paced world",
	"in today's digital landscape",
	"ever-evolving",
	"game-changer",
	"unlock the power of",
	"navigate the complexities",
	"it's important to note",
	"it is important to note",
	"in conclusion",
	"tapestry",
	"testament to",
	"elevate your",
	"harness the power",
	"seamless",
	"robust",
	"leverage",
	"embark on",
	"let's dive in",
	"dive deep",
	"here's the thing",
	"whether you're",
	"look no further",
	"revolutionize",
	"cutting-edge",
	"empower",
	"foster",
	"streamline",
	"pivotal",
}

// MaxAITells bounds the ai_tells list: it is matched against every draft.
const MaxAITells = 200

// AITells is the list of AI tells this brand is measured against: its own ai_tells when given,
// else DefaultAITells. Phrases are lowercased.
func (b Brand) AITells() []string {
	src := DefaultAITells
	if b.HasAITells {
		src = b.AITellList
	}
	out := make([]string, 0, len(src))
	for _, t := range src {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// parseAITells reads brand.md's ai_tells front matter into b, reporting a malformed or oversized list.
func parseAITells(r *report, fm frontMatter, b *Brand) {
	n := fm.get("ai_tells")
	if n == nil {
		return
	}
	list, err := stringList(n)
	if err != nil {
		r.errorf("ai_tells %v", err)
		return
	}
	if len(list) > MaxAITells {
		r.errorf("ai_tells lists %d phrases; keep it to the %d that matter most, since every draft is checked against each", len(list), MaxAITells)
		return
	}
	for _, t := range list {
		if t == "" {
			r.errorf("the ai_tells list has an empty phrase; remove it")
			return
		}
	}
	b.AITellList, b.HasAITells = list, true
}
