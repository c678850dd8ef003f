-- +goose Up
-- What a piece's source said when it was read, so a link that dies later still shows what the
-- piece was built from; and the claims of each generated version that its source does not contain.
CREATE TABLE source_snapshots (
    id           bigserial PRIMARY KEY,
    client_id    bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    url          text NOT NULL,                  -- the link as given
    final_url    text NOT NULL DEFAULT '',       -- where redirects ended
    kind         text NOT NULL DEFAULT '',       -- html | text | markdown | pdf
    title        text NOT NULL DEFAULT '',
    body_text    text NOT NULL DEFAULT '',       -- the extracted main text
    content_hash text NOT NULL DEFAULT '',       -- sha256 of body_text
    outcome      text NOT NULL CHECK (outcome IN ('read', 'unreadable')),
    reason       text NOT NULL DEFAULT '',       -- why it was unreadable, in plain words
    fetched_at   timestamptz NOT NULL
);
-- "The same URL is read once a day": the latest read of a link for a client.
CREATE INDEX source_snapshots_url_idx ON source_snapshots (client_id, url, fetched_at DESC);

ALTER TABLE source_signals ADD COLUMN snapshot_id bigint REFERENCES source_snapshots(id) ON DELETE SET NULL;

CREATE TABLE claim_flags (
    id         bigserial PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES piece_versions(id) ON DELETE CASCADE,
    position   int NOT NULL,                     -- order in the text
    kind       text NOT NULL,                    -- percent | money | number | date | quote | study
    claim      text NOT NULL,                    -- as written, e.g. 87% of CFOs
    verdict    text NOT NULL CHECK (verdict IN ('not_in_source', 'unverified')),
    UNIQUE (version_id, position)
);

-- +goose Down
DROP TABLE claim_flags;
ALTER TABLE source_signals DROP COLUMN snapshot_id;
DROP TABLE source_snapshots;
