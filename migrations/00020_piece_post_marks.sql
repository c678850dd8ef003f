-- +goose Up
-- When a replica first set out to post a piece's channel message and its draft reply. A replica
-- that dies after Slack made the message but before recording its ts leaves the mark behind: the
-- next one to post looks for that message (by its metadata, or as the bot's reply in the piece's
-- thread) and adopts it instead of posting a second.
ALTER TABLE pieces ADD COLUMN message_post_at timestamptz, ADD COLUMN draft_post_at timestamptz;

-- +goose Down
ALTER TABLE pieces DROP COLUMN message_post_at, DROP COLUMN draft_post_at;
