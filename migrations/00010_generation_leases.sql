-- +goose Up
-- A lease per running generation job (outline, draft, revision, a report's model calls). The
-- replica running the job renews expires_at by a heartbeat; a sweeper on every replica hands a
-- job whose lease expired back to the queue, and a result is stored only while the run's token is
-- still the current one.
CREATE TABLE generation_leases (
    job_id      bigint PRIMARY KEY,          -- river_job.id
    kind        text NOT NULL,               -- the River job kind
    piece_id    bigint,                      -- the piece it writes for; NULL for a report
    token       uuid NOT NULL DEFAULT gen_random_uuid(),
    holder      text NOT NULL,               -- the replica running it, for logs and status
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX generation_leases_expires_idx ON generation_leases (expires_at);

-- +goose Down
DROP TABLE generation_leases;
