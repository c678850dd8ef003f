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

-- trouble: while a piece's generation retries after a failed attempt, what went wrong and when it
-- tries again (engine.Trouble as JSON); NULL otherwise.
ALTER TABLE pieces ADD COLUMN trouble jsonb;
CREATE INDEX pieces_trouble_idx ON pieces (id) WHERE trouble IS NOT NULL;
-- cap_day: the day whose cap the piece counts against (a cancelled piece without an outline gives
-- its slot back); NULL for pieces that took none.
ALTER TABLE pieces ADD COLUMN cap_day date;

-- cancelled: a person stopped a generation that kept failing (and the review that records who).
ALTER TABLE pieces DROP CONSTRAINT pieces_state_check;
ALTER TABLE pieces ADD CONSTRAINT pieces_state_check CHECK (state IN ('requested', 'outline_ready',
    'outline_approved', 'draft_ready', 'approved', 'published', 'rejected', 'failed', 'cancelled'));
ALTER TABLE reviews DROP CONSTRAINT reviews_decision_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_decision_check CHECK (decision IN ('approved', 'rejected',
    'edited', 'revised', 'published', 'cancelled'));

-- +goose Down
DELETE FROM reviews WHERE decision = 'cancelled';
ALTER TABLE reviews DROP CONSTRAINT reviews_decision_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_decision_check CHECK (decision IN ('approved', 'rejected',
    'edited', 'revised', 'published'));
UPDATE pieces SET state = 'failed', failed_from = 'requested', failure_reason = 'cancelled'
    WHERE state = 'cancelled';
ALTER TABLE pieces DROP CONSTRAINT pieces_state_check;
ALTER TABLE pieces ADD CONSTRAINT pieces_state_check CHECK (state IN ('requested', 'outline_ready',
    'outline_approved', 'draft_ready', 'approved', 'published', 'rejected', 'failed'));
ALTER TABLE pieces DROP COLUMN cap_day;
DROP INDEX pieces_trouble_idx;
ALTER TABLE pieces DROP COLUMN trouble;
DROP TABLE generation_leases;
