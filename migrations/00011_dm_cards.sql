-- +goose Up
-- Approvers' DM cards: one message per piece per approver, updated in place as the piece moves.
-- A row exists once the card was posted; a card that could not be posted has none, and the next
-- change of the piece tries again.
CREATE TABLE dm_cards (
    piece_id   bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    user_id    text NOT NULL,
    channel_id text NOT NULL,
    ts         text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (piece_id, user_id)
);

-- Reminders an approver snoozed: none about the piece reaches them before until.
CREATE TABLE reminder_snoozes (
    piece_id bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    user_id  text NOT NULL,
    until    timestamptz NOT NULL,
    PRIMARY KEY (piece_id, user_id)
);

-- The approver's queue (App Home, reminders) starts from the approvers of a person.
CREATE INDEX approvers_user_idx ON approvers (user_id);

-- +goose Down
DROP INDEX approvers_user_idx;
DROP TABLE reminder_snoozes;
DROP TABLE dm_cards;
