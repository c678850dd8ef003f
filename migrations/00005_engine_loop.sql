-- +goose Up
-- Production engine, issue 4: the full loop — drafts, edits, revisions, rejection, publishing,
-- human-only baseline pieces, reminders.

-- busy: '' or 'revising' while a revise job is queued or running (the message shows it and the
-- piece's buttons wait); busy_since lets a sweep free a piece whose job was lost.
ALTER TABLE pieces ADD COLUMN busy text NOT NULL DEFAULT '' CHECK (busy IN ('', 'revising'));
ALTER TABLE pieces ADD COLUMN busy_since timestamptz;
-- note: the last thing the engine has to say about the piece that is not a version, e.g.
-- "Revision refused: …" or "Revision failed: …". Cleared by the next human action.
ALTER TABLE pieces ADD COLUMN note text NOT NULL DEFAULT '';
-- state_changed_at: when the piece entered its current state (reminders, the approver's queue).
ALTER TABLE pieces ADD COLUMN state_changed_at timestamptz NOT NULL DEFAULT now();
UPDATE pieces SET state_changed_at = updated_at;

-- One piece per published link per client: /mos log and Mark published refuse a duplicate.
CREATE UNIQUE INDEX pieces_published_url_idx ON pieces (client_id, published_url) WHERE published_url IS NOT NULL;
-- Pieces waiting for an approver, oldest first.
CREATE INDEX pieces_waiting_idx ON pieces (state_changed_at, id) WHERE state IN ('outline_ready', 'draft_ready');

-- At-most-once side effects: one row per (piece, what, whom) claimed before the side effect runs,
-- e.g. ('remind:draft_ready:2', '') or ('dm:outline_ready', 'U123').
CREATE TABLE notices (
    piece_id   bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    key        text NOT NULL,
    user_id    text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (piece_id, key, user_id)
);

-- +goose Down
DROP TABLE notices;
DROP INDEX pieces_waiting_idx;
DROP INDEX pieces_published_url_idx;
ALTER TABLE pieces DROP COLUMN state_changed_at;
ALTER TABLE pieces DROP COLUMN note;
ALTER TABLE pieces DROP COLUMN busy_since;
ALTER TABLE pieces DROP COLUMN busy;
