-- +goose Up
-- Reporting, issue 5: LinkedIn's combined "Engagements" figure, proposal previews, imported files
-- (deduplicated by SHA-256, so a re-import reuses the first import's snapshot date) and the lookups
-- the weekly report makes.
ALTER TABLE metric_snapshots ADD COLUMN engagements bigint CHECK (engagements >= 0);

ALTER TABLE proposals ADD COLUMN preview text NOT NULL DEFAULT '';
CREATE INDEX proposals_report_idx ON proposals (report_id);

CREATE TABLE metric_imports (
    id            bigserial PRIMARY KEY,
    client_id     bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    sha256        text NOT NULL,
    file_name     text NOT NULL,
    format        text NOT NULL,          -- linkedin-creator | linkedin-page | csv
    snapshot_date date NOT NULL,          -- for rows without a date of their own; reused on re-import
    rows          int NOT NULL,
    matched       int NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, sha256)
);

CREATE INDEX pieces_client_published_idx ON pieces (client_id, published_at) WHERE published_at IS NOT NULL;
CREATE INDEX reviews_created_idx ON reviews (created_at);
CREATE INDEX piece_versions_created_idx ON piece_versions (created_at);

-- +goose Down
DROP INDEX piece_versions_created_idx;
DROP INDEX reviews_created_idx;
DROP INDEX pieces_client_published_idx;
DROP TABLE metric_imports;
DROP INDEX proposals_report_idx;
ALTER TABLE proposals DROP COLUMN preview;
ALTER TABLE metric_snapshots DROP COLUMN engagements;
