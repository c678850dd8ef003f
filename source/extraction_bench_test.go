package source_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/mos-hq/mos/source"
)

// wordScores is the word-level precision and recall of got against want: the share of got's
// words that are in want, and of want's words that are in got, counted as multisets of
// lower-cased words without the punctuation around them.
func wordScores(got, want string) (precision, recall float64) {
	g, w := words(got), words(want)
	pool := map[string]int{}
	for _, x := range w {
		pool[x]++
	}
	hits := 0
	for _, x := range g {
		if pool[x] > 0 {
			pool[x]--
			hits++
		}
	}
	if len(g) == 0 || len(w) == 0 {
		return 0, 0
	}
	return float64(hits) / float64(len(g)), float64(hits) / float64(len(w))
}

// words splits s into lower-cased words. Han, Hiragana and Katakana are written without spaces,
// so each of their letters counts as a word.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(s)) {
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			out = append(out, splitCJK(w)...)
		}
	}
	return out
}

func splitCJK(w string) []string {
	if !strings.ContainsFunc(w, isCJK) {
		return []string{w}
	}
	var out []string
	for _, r := range w {
		out = append(out, string(r))
	}
	return out
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// extractionRow is one fixture's scores.
type extractionRow struct {
	name, category    string
	precision, recall float64
	refused           bool // the reader refused the file, with a reason
	shouldRefuse      bool // the fixture has no text a person could read
}

// measureExtraction reads every fixture of the corpora and scores its text against the text
// written out by hand. A fixture whose wanted text is empty must be refused.
func measureExtraction(ctx context.Context) []extractionRow {
	var rows []extractionRow
	for _, c := range pdfCorpus() {
		doc, err := source.Read(ctx, c.Body, "application/pdf", nil)
		rows = append(rows, scoreRow("pdf/"+c.Name, "pdf "+c.Category, doc.Text, c.Want, err))
	}
	for _, c := range htmlCorpus() {
		doc, err := source.Read(ctx, []byte(c.HTML), c.contentType(), nil)
		rows = append(rows, scoreRow("html/"+c.Name, "html "+c.Category, doc.Text, c.Want, err))
	}
	return rows
}

func scoreRow(name, category, got, want string, err error) extractionRow {
	row := extractionRow{name: name, category: category, refused: err != nil, shouldRefuse: want == ""}
	if err == nil {
		row.precision, row.recall = wordScores(got, want)
	}
	return row
}

func refusal(r extractionRow) string {
	switch {
	case r.refused && r.shouldRefuse:
		return "refused, rightly"
	case r.refused:
		return "refused, WRONGLY"
	}
	return "read, SHOULD REFUSE"
}

// extractionTable prints the rows and the mean per category.
func extractionTable(rows []extractionRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-32s %-16s %9s %7s\n", "fixture", "category", "precision", "recall")
	sums := map[string][3]float64{}
	var order []string
	for _, r := range rows {
		if r.refused || r.shouldRefuse {
			fmt.Fprintf(&b, "%-32s %-16s %17s\n", r.name, r.category, refusal(r))
			continue
		}
		fmt.Fprintf(&b, "%-32s %-16s %9.3f %7.3f\n", r.name, r.category, r.precision, r.recall)
		s, seen := sums[r.category]
		if !seen {
			order = append(order, r.category)
		}
		sums[r.category] = [3]float64{s[0] + r.precision, s[1] + r.recall, s[2] + 1}
	}
	fmt.Fprintf(&b, "\n%-49s %9s %7s\n", "category (mean)", "precision", "recall")
	for _, c := range order {
		s := sums[c]
		fmt.Fprintf(&b, "%-49s %9.3f %7.3f\n", c, s[0]/s[2], s[1]/s[2])
	}
	return b.String()
}

// BenchmarkExtraction reads the PDF and HTML corpora and prints word-level precision and recall
// per fixture and per category:
//
//	go test -run '^$' -bench BenchmarkExtraction -benchtime 1x ./source
func BenchmarkExtraction(b *testing.B) {
	var rows []extractionRow
	for b.Loop() {
		rows = measureExtraction(b.Context())
	}
	fmt.Print(extractionTable(rows)) // b.Log cuts a benchmark's log to ten lines
}
