-- +goose Up
-- A quality record per piece (issue 19), kept current as the piece moves: every move and every
-- stored version rewrites the piece's row in the same transaction, from the piece's versions,
-- reviews and claim flags. Reports and `/mos piece` read it; nothing recomputes it per report.
-- NULL means "not decided yet" (a wait, an edit ratio, flags left at approval), never zero.
CREATE TABLE quality_records (
    piece_id             bigint PRIMARY KEY REFERENCES pieces(id) ON DELETE CASCADE,
    client_id            bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    outline_decided      boolean NOT NULL DEFAULT false,
    outline_approved     boolean NOT NULL DEFAULT false,
    outline_first_pass   boolean NOT NULL DEFAULT false, -- approved with no edit, revision or rejection
    outline_revisions    int NOT NULL DEFAULT 0,
    outline_wait_seconds int,                            -- ready for review → decision
    draft_decided        boolean NOT NULL DEFAULT false,
    draft_approved       boolean NOT NULL DEFAULT false,
    draft_first_pass     boolean NOT NULL DEFAULT false,
    draft_revisions      int NOT NULL DEFAULT 0,
    draft_wait_seconds   int,
    rejections           jsonb NOT NULL DEFAULT '[]',    -- [{"phase": "draft", "failure_modes": ["voice_drift"]}]
    edit_ratio           double precision,               -- word edits over the last AI draft's words
    edit_distance        int,
    ai_words             int,
    edit_approximate     boolean NOT NULL DEFAULT false,
    unresolved_flags     int,                            -- claim flags still in the approved text
    warnings_left        int,                            -- check warnings on the approved version
    os_versions          jsonb NOT NULL DEFAULT '{}',    -- the Client OS the outline was written with
    os_hash              text NOT NULL DEFAULT '',
    -- Voice match of the latest outline and draft, computed once per version (version ids) when the
    -- version is stored; the score is NULL when there was nothing to score against.
    outline_voice_version bigint,
    outline_voice_score  smallint CHECK (outline_voice_score BETWEEN 0 AND 100),
    outline_voice        jsonb,
    draft_voice_version  bigint,
    draft_voice_score    smallint CHECK (draft_voice_score BETWEEN 0 AND 100),
    draft_voice          jsonb,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quality_records_client_idx ON quality_records (client_id, piece_id);

-- +goose Down
DROP TABLE quality_records;
