-- +goose Up
-- The hourly prune of remembered Slack envelope ids deletes by age.
CREATE INDEX slack_envelopes_received_idx ON slack_envelopes (received_at);

-- +goose Down
DROP INDEX slack_envelopes_received_idx;
