package source

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EstimateTokens is a provider-independent estimate of a text's token count: about four
// characters per token for English prose.
func EstimateTokens(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }

// gap marks where passages were left out of a budgeted text.
const gap = "[…]"

// Budget cuts text to about maxTokens, keeping the passages (paragraphs) that share the most
// words with the brief, in their original order, with gap where passages were left out. The
// first passage gets a small bonus: a lede usually states what the source is about.
func Budget(text, brief string, maxTokens int) string {
	return BudgetCut(text, brief, maxTokens).Text
}

// BudgetCut is Budget, saying also what it left out.
func BudgetCut(text, brief string, maxTokens int) Cut {
	if EstimateTokens(text) <= maxTokens {
		return Cut{Text: text}
	}
	passages := splitPassages(text, maxTokens)
	want := wordSet(brief)
	order := make([]int, len(passages))
	scores := make([]float64, len(passages))
	for i, p := range passages {
		order[i] = i
		scores[i] = overlap(p, want)
	}
	if len(scores) > 0 {
		scores[0] += 0.5
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	keep := make([]bool, len(passages))
	used := 0
	for _, i := range order {
		if t := EstimateTokens(passages[i]) + 2; used+t <= maxTokens {
			keep[i], used = true, used+t
		}
	}
	return Cut{Text: joinKept(passages, keep), Total: len(strings.Fields(text)), Gaps: gapsOf(passages, keep)}
}

// splitPassages splits on blank lines, then cuts any passage over a quarter of the budget at
// sentence ends so a single huge paragraph cannot crowd out the rest.
func splitPassages(text string, maxTokens int) []string {
	limit := max(maxTokens/4, 50) * 4 // in characters
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		for len(p) > limit {
			cut := strings.LastIndex(p[:limit], ". ")
			if cut < limit/2 {
				cut = strings.LastIndexByte(p[:limit], ' ')
			}
			if cut <= 0 {
				cut = limit
				for cut > 0 && !utf8.RuneStart(p[cut]) {
					cut--
				}
			}
			out = append(out, strings.TrimSpace(p[:cut+1]))
			p = strings.TrimSpace(p[cut+1:])
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinKept(passages []string, keep []bool) string {
	var b strings.Builder
	skipped := false
	for i, p := range passages {
		if !keep[i] {
			skipped = true
			continue
		}
		if b.Len() > 0 || skipped {
			if skipped {
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
				b.WriteString(gap)
			}
			b.WriteString("\n\n")
		}
		b.WriteString(p)
		skipped = false
	}
	if skipped {
		b.WriteString("\n\n" + gap)
	}
	return b.String()
}

// overlap is the share of the brief's words found in a passage.
func overlap(passage string, want map[string]bool) float64 {
	if len(want) == 0 {
		return 0
	}
	have := wordSet(passage)
	hits := 0
	for w := range want {
		if have[w] {
			hits++
		}
	}
	return float64(hits) / float64(len(want))
}

// wordSet is the set of a text's content words: lower-cased, three letters or more, without
// common function words.
func wordSet(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) >= 3 && !stopWords[w] {
			words[w] = true
		}
	}
	return words
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for are but not you all any can had her was one our out has
		have this that with from they will would there their what about which when were been into more
		than them then these some such only other also how its why who may most much very just over`) {
		m[w] = true
	}
	return m
}()
