-- +goose Up
-- Why a claim was flagged, and what the source says instead: a figure the source gives about
-- something else, or going the other way, carries the source's sentence. Flags stored before this
-- keep '' in both, and are shown as they always were.
ALTER TABLE claim_flags
    ADD COLUMN reason text NOT NULL DEFAULT '' CHECK (reason IN ('', 'missing', 'elsewhere', 'direction')),
    ADD COLUMN source_says text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE claim_flags DROP COLUMN source_says, DROP COLUMN reason;
