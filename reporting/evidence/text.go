package evidence

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mos-hq/mos/clientos"
)

// Weeks is how far back proposals look for evidence: a phrase deleted or a rejection counts if it
// happened in the report's week or the Weeks-1 weeks before it.
const Weeks = 4

// Needed is how many rejections of a failure mode over the window make its proposal rule fire (its
// row in clientos.FailureModes).
func Needed(mode string) int {
	m, _ := clientos.FailureModeByID(mode)
	return m.Needed
}

// PillarKey matches a piece's pillar to pillars.md ignoring case and surrounding space.
func PillarKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Median of xs (the mean of the middle two for an even count); nil for none.
func Median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return &m
}

// Points formats a share or weight in percentage points without trailing zeros.
func Points(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// Plural counts: "1 piece", "3 pieces".
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// PieceIDs lists ids as "#12, #15, #19".
func PieceIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("#%d", id)
	}
	return strings.Join(parts, ", ")
}

// Clip trims s and cuts it to n characters, ending in "…" when cut.
func Clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Rates returns the engagement rates of the pieces that have one.
func Rates(ps []Piece) []float64 {
	var out []float64
	for _, p := range ps {
		if p.ER != nil {
			out = append(out, *p.ER)
		}
	}
	return out
}

// Pct formats a rate as a percentage with one decimal, or "–" when unknown.
func Pct(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", *r*100)
}

// Round1 rounds a share to one decimal, as the report and the rules show it.
func Round1(v float64) float64 { return math.Round(v*10) / 10 }
