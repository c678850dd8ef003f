package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mos-hq/mos/reporting/evidence"
)

// Claim flags as evidence of factual errors: a claim the engine flagged because the piece's source
// does not back it is evidence for a locked decision when it recurs (flagged in RecurringClaimMin
// pieces or more) or when people rejected a piece that made it.
const (
	RecurringClaimMin = 2
	maxClaimEvidence  = 8
)

// claimEvidence is one flagged claim, as evidence for a locked decision. N is the number a
// proposed decision cites it by.
type claimEvidence struct {
	N        int     `json:"n"`
	Claim    string  `json:"claim"`
	Kind     string  `json:"kind"`
	Verdict  string  `json:"verdict"`
	Pieces   []int64 `json:"pieces"`
	Rejected []int64 `json:"rejected_pieces,omitempty"`
}

// factualEvidence is the factual-error rule's evidence: the rejections, and the claim flags.
type factualEvidence struct {
	proseEvidence
	Claims []claimEvidence `json:"claim_flags,omitempty"`
}

// claimKey matches the same claim across pieces: case, spacing and end punctuation aside.
func claimKey(s string) string {
	return strings.Trim(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".,;:!?\"'“”‘’ ")
}

// rejectedPieces are the pieces a review rejected.
func rejectedPieces(reviews []evidence.Review) map[int64]bool {
	rejected := map[int64]bool{}
	for _, r := range reviews {
		if r.Decision == evidence.DecisionRejected {
			rejected[r.PieceID] = true
		}
	}
	return rejected
}

// claimsAsEvidence groups the window's flags by claim and keeps those that recur or sat in a
// rejected piece: most pieces first, then most rejected pieces, then by claim.
func claimsAsEvidence(d window) []claimEvidence {
	rejected := rejectedPieces(d.Reviews)
	byKey := map[string]*claimEvidence{}
	var keys []string
	for _, c := range d.Claims {
		k := claimKey(c.Claim)
		if k == "" {
			continue
		}
		ce, ok := byKey[k]
		if !ok {
			ce = &claimEvidence{Claim: evidence.Clip(strings.Join(strings.Fields(c.Claim), " "), 200), Kind: c.Kind, Verdict: c.Verdict}
			byKey[k] = ce
			keys = append(keys, k)
		}
		if !slices.Contains(ce.Pieces, c.PieceID) {
			ce.Pieces = append(ce.Pieces, c.PieceID)
			if rejected[c.PieceID] {
				ce.Rejected = append(ce.Rejected, c.PieceID)
			}
		}
	}
	var out []claimEvidence
	for _, k := range keys {
		if ce := byKey[k]; len(ce.Pieces) >= RecurringClaimMin || len(ce.Rejected) > 0 {
			slices.Sort(ce.Pieces)
			slices.Sort(ce.Rejected)
			out = append(out, *ce)
		}
	}
	slices.SortStableFunc(out, func(a, b claimEvidence) int {
		if n := len(b.Pieces) - len(a.Pieces); n != 0 {
			return n
		}
		if n := len(b.Rejected) - len(a.Rejected); n != 0 {
			return n
		}
		return strings.Compare(claimKey(a.Claim), claimKey(b.Claim))
	})
	if len(out) > maxClaimEvidence {
		out = out[:maxClaimEvidence]
	}
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

// claimsKey is the claims as evidence-key material.
func claimsKey(cs []claimEvidence) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = claimKey(c.Claim) + "@" + idsKey(c.Pieces) + "/" + strconv.Itoa(len(c.Rejected))
	}
	return strings.Join(parts, "|")
}

// claimLine describes a claim for people: the claim, why it is evidence, and its pieces.
func claimLine(c claimEvidence) string {
	s := fmt.Sprintf("claim %d %s (%s) in %s", c.N, quoteComment(c.Claim), verdictWords(c.Verdict), evidence.Plural(len(c.Pieces), "piece"))
	s += " " + evidence.PieceIDs(c.Pieces)
	if len(c.Rejected) > 0 {
		s += ", rejected: " + evidence.PieceIDs(c.Rejected)
	}
	return s
}

func verdictWords(v string) string {
	if v == "unverified" {
		return "could not be checked against its source"
	}
	return "not in its source"
}
