package reporting

import (
	"github.com/mos-hq/mos/reporting/evidence"
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

// signedPoints formats a delta with its sign: "+12", "-3.5", "0".
func signedPoints(v float64) string {
	if v > 0 {
		return "+" + evidence.Points(v)
	}
	return evidence.Points(v)
}
