package reporting

import (
	"fmt"
	"slices"
)

// EngagementFormula is stated in every report's footer: one pinned definition, since tools differ.
const EngagementFormula = "engagement rate = (reactions + comments + reposts + clicks) / impressions, " +
	"from each piece's latest snapshot"

// EngagementRate computes the pinned formula from one snapshot. LinkedIn's combined Engagements
// stands in for reactions + comments + reposts when none of the three is known; unknown figures are
// left out, never counted as zero. It is nil without impressions or without any interaction figure.
func EngagementRate(m Metrics) *float64 {
	if m.Impressions == nil || *m.Impressions <= 0 {
		return nil
	}
	var sum int64
	known := false
	for _, p := range []*int64{m.Reactions, m.Comments, m.Reposts} {
		if p != nil {
			sum += *p
			known = true
		}
	}
	if !known && m.Engagements != nil {
		sum, known = *m.Engagements, true
	}
	if m.Clicks != nil {
		sum += *m.Clicks
		known = true
	}
	if !known {
		return nil
	}
	r := float64(sum) / float64(*m.Impressions)
	return &r
}

// median of xs (the mean of the middle two for an even count); nil for none.
func median(xs []float64) *float64 {
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

// pct formats a rate as a percentage with one decimal, or "–" when unknown.
func pct(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", *r*100)
}

// points formats a share or weight in percentage points without trailing zeros.
func points(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// signedPoints formats a delta with its sign: "+12", "-3.5", "0".
func signedPoints(v float64) string {
	if v > 0 {
		return "+" + points(v)
	}
	return points(v)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
