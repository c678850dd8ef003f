-- +goose Up
-- Production engine, issue 3: why a piece failed (shown with the Retry offer), and the lookups
-- /mos status and the piece views make.
ALTER TABLE pieces ADD COLUMN failure_reason text NOT NULL DEFAULT '';
CREATE INDEX pieces_channel_state_idx ON pieces (channel_id, state);
CREATE INDEX llm_calls_piece_idx ON llm_calls (piece_id);

-- +goose Down
DROP INDEX llm_calls_piece_idx;
DROP INDEX pieces_channel_state_idx;
ALTER TABLE pieces DROP COLUMN failure_reason;
