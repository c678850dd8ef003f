package reporting

import (
	"context"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm"
	"github.com/mos-hq/mos/reporting/evidence"
	"github.com/mos-hq/mos/reporting/rules"
)

// PurposeProposal labels the model calls that word proposals.
const PurposeProposal = "proposal"

// draft has the model word a prose proposal (rules.Word); every call is recorded in llm_calls.
func (r *Reporter) draft(ctx context.Context, db database.DBTX, snap clientos.Snapshot, p *Proposal) error {
	if r.llm == nil {
		return rules.ErrNoModel
	}
	return rules.Word(ctx, proposalModel{r: r, db: db}, snap, &p.Change)
}

// proposalModel is the model as the rules ask it: the Reporter's client, each call recorded on db.
type proposalModel struct {
	r  *Reporter
	db database.DBTX
}

func (m proposalModel) Complete(ctx context.Context, system, user string, schema *llm.Schema, out any) error {
	return m.r.complete(ctx, m.db, system, user, schema, out)
}

// complete makes one structured model call and records it in llm_calls.
func (r *Reporter) complete(ctx context.Context, db database.DBTX, system, user string, schema *llm.Schema, out any) error {
	zero := float32(0)
	resp, err := r.llm.CompleteJSON(ctx, llm.Request{Purpose: PurposeProposal, System: system, User: user,
		Schema: schema, MaxTokens: 1200, Temperature: &zero}, out)
	status, msg := "ok", ""
	if err != nil {
		status, msg = "error", evidence.Clip(err.Error(), 1000)
	}
	if _, rerr := db.Exec(ctx, `INSERT INTO llm_calls (purpose, model, prompt_tokens, completion_tokens, cached_tokens,
		latency_ms, attempts, status, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		PurposeProposal, resp.Model, resp.Usage.PromptTokens, resp.Usage.CompletionTokens, resp.Usage.CachedTokens,
		resp.Latency.Milliseconds(), resp.Attempts, status, msg); rerr != nil {
		r.log.WarnContext(ctx, "record llm call", "error", rerr)
	}
	return err
}
