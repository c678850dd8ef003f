-- +goose Up
-- Inputs that are not public pages: a transcript or notes pasted in the /draft form and a file
-- attached to it. Each is kept as a snapshot of its own signal (signal_id), next to the snapshot of
-- the link (source_signals.snapshot_id), which several pieces may share.
ALTER TABLE source_signals
    ADD COLUMN file_id   text NOT NULL DEFAULT '',   -- the attached file's id in Slack
    ADD COLUMN file_name text NOT NULL DEFAULT '';
ALTER TABLE source_snapshots
    ADD COLUMN origin    text NOT NULL DEFAULT 'link' CHECK (origin IN ('link', 'transcript', 'file')),
    ADD COLUMN signal_id bigint REFERENCES source_signals(id) ON DELETE CASCADE;
CREATE INDEX source_snapshots_signal_idx ON source_snapshots (signal_id) WHERE signal_id IS NOT NULL;

-- +goose Down
DROP INDEX source_snapshots_signal_idx;
ALTER TABLE source_snapshots DROP COLUMN signal_id, DROP COLUMN origin;
ALTER TABLE source_signals DROP COLUMN file_name, DROP COLUMN file_id;
