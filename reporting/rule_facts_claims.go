package reporting

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// Claim flags as evidence of factual errors: a claim the engine flagged because the piece's source
// does not back it is evidence for a locked decision when it recurs (flagged in RecurringClaimMin
// pieces or more) or when people rejected a piece that made it.
const (
	RecurringClaimMin = 2
	maxClaimEvidence  = 8
)

// claimFact is one flagged claim of a version generated in the evidence window.
type claimFact struct {
	PieceID int64
	Kind    string
	Claim   string
	Verdict string
}

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

// loadClaims reads the claim flags of the client's versions generated in [start, end).
func loadClaims(ctx context.Context, db database.DBTX, clientID int64, start, end time.Time) ([]claimFact, error) {
	rows, err := db.Query(ctx, `
		SELECT v.piece_id, f.kind, f.claim, f.verdict
		FROM claim_flags f
		JOIN piece_versions v ON v.id = f.version_id
		JOIN pieces p ON p.id = v.piece_id
		WHERE p.client_id = $1 AND v.created_at >= $2 AND v.created_at < $3
		ORDER BY v.piece_id, v.version, f.position`, clientID, start, end)
	if err != nil {
		return nil, fmt.Errorf("reporting: load claim flags: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (claimFact, error) {
		var c claimFact
		err := row.Scan(&c.PieceID, &c.Kind, &c.Claim, &c.Verdict)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting: load claim flags: %w", err)
	}
	return out, nil
}

// claimKey matches the same claim across pieces: case, spacing and end punctuation aside.
func claimKey(s string) string {
	return strings.Trim(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".,;:!?\"'“”‘’ ")
}

// claimsAsEvidence groups the window's flags by claim and keeps those that recur or sat in a
// rejected piece: most pieces first, then most rejected pieces, then by claim.
func claimsAsEvidence(d reportData) []claimEvidence {
	rejected := map[int64]bool{}
	for _, r := range d.reviews {
		if r.Decision == decisionRejected {
			rejected[r.PieceID] = true
		}
	}
	byKey := map[string]*claimEvidence{}
	var keys []string
	for _, c := range d.claims {
		k := claimKey(c.Claim)
		if k == "" {
			continue
		}
		ce, ok := byKey[k]
		if !ok {
			ce = &claimEvidence{Claim: clip(strings.Join(strings.Fields(c.Claim), " "), 200), Kind: c.Kind, Verdict: c.Verdict}
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
	s := fmt.Sprintf("claim %d %s (%s) in %s", c.N, quoteComment(c.Claim), verdictWords(c.Verdict), plural(len(c.Pieces), "piece"))
	s += " " + pieceIDs(c.Pieces)
	if len(c.Rejected) > 0 {
		s += ", rejected: " + pieceIDs(c.Rejected)
	}
	return s
}

func verdictWords(v string) string {
	if v == "unverified" {
		return "could not be checked against its source"
	}
	return "not in its source"
}
