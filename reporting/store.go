package reporting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// existingReport returns the id of the client's report stored under key, or 0.
func existingReport(ctx context.Context, db database.DBTX, clientID int64, key string) (int64, error) {
	var id int64
	err := db.QueryRow(ctx, `SELECT id FROM reports WHERE client_id = $1 AND week_key = $2`, clientID, key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reporting: look up report %s: %w", key, err)
	}
	return id, nil
}

// storeReportTx inserts the report and its proposals. The reports (client_id, week_key) UNIQUE row is
// the guard: when another replica stored the same key first, that report's id is returned and
// nothing is written. key "" takes the next on-demand key of the report's week.
func storeReportTx(ctx context.Context, tx pgx.Tx, rep *Report, key string) (int64, error) {
	var channel string
	if err := tx.QueryRow(ctx, `SELECT COALESCE(report_channel_id, '') FROM clients WHERE id = $1 FOR NO KEY UPDATE`,
		rep.ClientID).Scan(&channel); err != nil {
		return 0, fmt.Errorf("reporting: lock client %d: %w", rep.ClientID, err)
	}
	if key == "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM reports WHERE client_id = $1 AND week_key LIKE $2`,
			rep.ClientID, rep.Week.Key()+"-now-%").Scan(&n); err != nil {
			return 0, fmt.Errorf("reporting: count on-demand reports: %w", err)
		}
		key = fmt.Sprintf("%s-now-%d", rep.Week.Key(), n+1)
	}
	rep.Key = key
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO reports (client_id, week_key, channel_id) VALUES ($1, $2, $3)
		ON CONFLICT (client_id, week_key) DO NOTHING RETURNING id`, rep.ClientID, key, channel).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return existingReport(ctx, tx, rep.ClientID, key)
	}
	if err != nil {
		return 0, fmt.Errorf("reporting: store report %s: %w", key, err)
	}
	for i := range rep.Proposals {
		if err := insertProposalTx(ctx, tx, id, channel, &rep.Proposals[i]); err != nil {
			return 0, err
		}
	}
	content, err := json.Marshal(rep)
	if err != nil {
		return 0, fmt.Errorf("reporting: encode report: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET content = $2 WHERE id = $1`, id, content); err != nil {
		return 0, fmt.Errorf("reporting: store report %s: %w", key, err)
	}
	return id, nil
}

func insertProposalTx(ctx context.Context, tx pgx.Tx, reportID int64, channel string, p *Proposal) error {
	p.ReportID, p.State = reportID, StateOpen
	if len(p.Evidence) == 0 {
		p.Evidence = json.RawMessage(`{}`)
	}
	err := tx.QueryRow(ctx, `INSERT INTO proposals (report_id, client_id, document, base_version, new_content, rule,
		rationale, evidence, preview, channel_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, ''))
		RETURNING id`, reportID, p.ClientID, p.Document, p.BaseVersion, p.NewContent, p.Rule, p.Rationale,
		p.Evidence, p.Preview, channel).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("reporting: store proposal (%s): %w", p.Rule, err)
	}
	return nil
}

// loadReport reads a stored report and its proposals as they are now.
func loadReport(ctx context.Context, db database.DBTX, id int64) (Report, []Proposal, error) {
	var content []byte
	var key string
	err := db.QueryRow(ctx, `SELECT content, week_key FROM reports WHERE id = $1`, id).Scan(&content, &key)
	if errors.Is(err, pgx.ErrNoRows) {
		return Report{}, nil, fmt.Errorf("reporting: there is no report %d: %w", id, database.ErrNotFound)
	}
	if err != nil {
		return Report{}, nil, fmt.Errorf("reporting: load report %d: %w", id, err)
	}
	var rep Report
	if err := json.Unmarshal(content, &rep); err != nil {
		return Report{}, nil, fmt.Errorf("reporting: decode report %d: %w", id, err)
	}
	rep.Key = key
	ps, err := queryProposals(ctx, db, `WHERE report_id = $1 ORDER BY id`, id)
	if err != nil {
		return Report{}, nil, err
	}
	return rep, ps, nil
}

const proposalColumns = `id, COALESCE(report_id, 0), client_id, document, base_version, new_content, rule, rationale,
	evidence, preview, state, COALESCE(applied_version, 0), COALESCE(decided_by, ''), decided_at,
	COALESCE(channel_id, ''), COALESCE(message_ts, '')`

func scanProposal(row pgx.Row) (Proposal, error) {
	var p Proposal
	err := row.Scan(&p.ID, &p.ReportID, &p.ClientID, &p.Document, &p.BaseVersion, &p.NewContent, &p.Rule, &p.Rationale,
		&p.Evidence, &p.Preview, &p.State, &p.AppliedVersion, &p.DecidedBy, &p.DecidedAt, &p.ChannelID, &p.MessageTS)
	return p, err
}

func queryProposals(ctx context.Context, db database.DBTX, where string, args ...any) ([]Proposal, error) {
	ps, err := database.Collect(ctx, db, func(row pgx.CollectableRow) (Proposal, error) { return scanProposal(row) },
		`SELECT `+proposalColumns+` FROM proposals `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reporting: load proposals: %w", err)
	}
	return ps, nil
}

// ProposalByID loads one proposal as it is now.
func ProposalByID(ctx context.Context, db database.DBTX, id int64) (Proposal, error) {
	p, err := scanProposal(db.QueryRow(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Proposal{}, fmt.Errorf("reporting: there is no proposal #%d: %w", id, database.ErrNotFound)
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("reporting: load proposal #%d: %w", id, err)
	}
	return p, nil
}

// ReportByKey loads a client's stored report by its key ("2026-W48", "2026-W48-now-1") and its
// proposals as they are now; none stored is an error wrapping database.ErrNotFound.
func ReportByKey(ctx context.Context, db database.DBTX, clientID int64, key string) (Report, []Proposal, error) {
	id, err := existingReport(ctx, db, clientID, key)
	if err != nil {
		return Report{}, nil, err
	}
	if id == 0 {
		return Report{}, nil, fmt.Errorf("reporting: no stored report %s: %w", key, database.ErrNotFound)
	}
	return loadReport(ctx, db, id)
}
