package reporting

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mos-hq/mos/database"
)

// OpenProposal is a proposal an earlier report made that is still open: a report whose rule fires
// again on the same version of the document links it instead of proposing the same edit twice.
type OpenProposal struct {
	ProposalID  int64  `json:"proposal_id"`
	Rule        string `json:"rule"`
	Document    string `json:"document"`
	BaseVersion int    `json:"base_version"`
	ReportKey   string `json:"report_key"` // the report it was posted with, e.g. "2026-W48-now-1"
}

// priorProposal is an earlier proposal of a client, as far as deciding on a new one needs it.
type priorProposal struct {
	OpenProposal
	State          ProposalState
	Key            string // the evidence key, "" for proposals stored before keys existed
	NewContent     string
	AppliedVersion int
	DecidedBy      string
	DecidedAt      *time.Time
}

// priorSet holds a client's open, applied and dismissed proposals, oldest first.
type priorSet []priorProposal

func loadPrior(ctx context.Context, db database.DBTX, clientID int64) (priorSet, error) {
	rows, err := db.Query(ctx, `SELECT p.id, p.rule, p.document, p.base_version, COALESCE(r.week_key, ''), p.state,
			COALESCE(p.evidence->>'key', ''), p.new_content, COALESCE(p.applied_version, 0), COALESCE(p.decided_by, ''),
			p.decided_at
		FROM proposals p LEFT JOIN reports r ON r.id = p.report_id
		WHERE p.client_id = $1 AND p.state = ANY($2) ORDER BY p.id`, clientID,
		[]string{string(StateOpen), string(StateApplied), string(StateDismissed)})
	if err != nil {
		return nil, fmt.Errorf("reporting: load earlier proposals: %w", err)
	}
	defer rows.Close()
	var out priorSet
	for rows.Next() {
		var p priorProposal
		if err := rows.Scan(&p.ProposalID, &p.Rule, &p.Document, &p.BaseVersion, &p.ReportKey, &p.State, &p.Key,
			&p.NewContent, &p.AppliedVersion, &p.DecidedBy, &p.DecidedAt); err != nil {
			return nil, fmt.Errorf("reporting: load earlier proposals: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reporting: load earlier proposals: %w", err)
	}
	return out, nil
}

// openFor is the open proposal p would repeat: the same rule on the same version of the same
// document. Its evidence may have grown since; it is still the one to decide on.
func (ps priorSet) openFor(p Proposal) *OpenProposal {
	for _, q := range ps {
		if q.State == StateOpen && q.Rule == p.Rule && q.Document == p.Document && q.BaseVersion == p.BaseVersion {
			open := q.OpenProposal
			return &open
		}
	}
	return nil
}

// covers says why p is not proposed again: the same evidence was applied or dismissed before, or
// (for a dismissal) the same change or the same rule on the same version of the document.
func (ps priorSet) covers(p Proposal) string {
	key := evidenceKeyOf(p.Evidence)
	for _, q := range ps {
		if q.Document != p.Document || q.Rule != p.Rule {
			continue
		}
		sameEvidence := key != "" && q.Key == key
		switch q.State {
		case StateApplied:
			if sameEvidence {
				return fmt.Sprintf("not proposed again: the same evidence was applied as %s v%d by %s (proposal #%d)",
					q.Document, q.AppliedVersion, q.DecidedBy, q.ProposalID)
			}
		case StateDismissed:
			sameChange := !p.NeedsDraft && q.NewContent == p.NewContent ||
				p.NeedsDraft && q.BaseVersion == p.BaseVersion
			if sameEvidence || sameChange {
				return fmt.Sprintf("not proposed again: the same change to %s v%d was dismissed by %s%s (proposal #%d)",
					q.Document, q.BaseVersion, q.DecidedBy, onDate(q.DecidedAt), q.ProposalID)
			}
		}
	}
	return ""
}

func onDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " on " + t.UTC().Format(time.DateOnly)
}

// evidenceKeyOf reads the key every rule stores in its evidence.
func evidenceKeyOf(evidence json.RawMessage) string {
	var k struct {
		Key string `json:"key"`
	}
	if json.Unmarshal(evidence, &k) != nil {
		return ""
	}
	return k.Key
}
