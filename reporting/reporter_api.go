package reporting

import (
	"context"
)

// The Reporter's methods below are what the adapters call: they hold no database pool of their
// own, and every rule (who may apply, posting once, what counts as a result) stays here.

// Apply is Apply on the Reporter's database.
func (r *Reporter) Apply(ctx context.Context, proposalID int64, userID string) (ApplyResult, error) {
	return Apply(ctx, r.pool, proposalID, userID)
}

// Dismiss is Dismiss on the Reporter's database.
func (r *Reporter) Dismiss(ctx context.Context, proposalID int64, userID string) (ApplyResult, error) {
	return Dismiss(ctx, r.pool, proposalID, userID)
}

// Proposal loads one proposal as it is now.
func (r *Reporter) Proposal(ctx context.Context, id int64) (Proposal, error) {
	return ProposalByID(ctx, r.pool, id)
}

// ClaimPost reserves a stored report for posting (ClaimReportPost).
func (r *Reporter) ClaimPost(ctx context.Context, reportID int64) (string, bool, error) {
	return ClaimReportPost(ctx, r.pool, reportID)
}

// FinishPost records the posted thread's parent message (FinishReportPost).
func (r *Reporter) FinishPost(ctx context.Context, reportID int64, ts string) error {
	return FinishReportPost(ctx, r.pool, reportID, ts)
}

// ReleasePost gives a claim back when posting failed before anything was posted (ReleaseReportPost).
func (r *Reporter) ReleasePost(ctx context.Context, reportID int64) error {
	return ReleaseReportPost(ctx, r.pool, reportID)
}

// SetProposalMessage records where a proposal's message is, so a decision can update it in place.
func (r *Reporter) SetProposalMessage(ctx context.Context, proposalID int64, channelID, ts string) error {
	return SetProposalMessage(ctx, r.pool, proposalID, channelID, ts)
}

// SaveResults stores a piece's results as of today on the Reporter's clock (SaveResults).
func (r *Reporter) SaveResults(ctx context.Context, pieceID int64, source, enteredBy string, m Metrics) error {
	return SaveResults(ctx, r.pool, pieceID, r.now(), source, enteredBy, m)
}
