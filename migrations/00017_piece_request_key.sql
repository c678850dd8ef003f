-- +goose Up
-- The delivery that asked for a piece (a Slack envelope id): a request handled again — its replica
-- died after the piece was stored but before the envelope was marked done — finds the piece it
-- started instead of starting a second one.
ALTER TABLE pieces ADD COLUMN request_key text;
CREATE UNIQUE INDEX pieces_request_key_idx ON pieces (request_key) WHERE request_key IS NOT NULL;

-- +goose Down
DROP INDEX pieces_request_key_idx;
ALTER TABLE pieces DROP COLUMN request_key;
