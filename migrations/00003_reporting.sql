-- +goose Up
-- Reporting (DESIGN §6): dated metric snapshots, one report per client per ISO week, proposals.
CREATE TABLE metric_snapshots (
    id            bigserial PRIMARY KEY,
    piece_id      bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    snapshot_date date NOT NULL,
    source        text NOT NULL,          -- modal | xlsx-creator | xlsx-page | csv
    impressions   bigint CHECK (impressions >= 0),   -- NULL means unknown, never zero
    reactions     bigint CHECK (reactions >= 0),
    comments      bigint CHECK (comments >= 0),
    reposts       bigint CHECK (reposts >= 0),
    clicks        bigint CHECK (clicks >= 0),
    follows       bigint CHECK (follows >= 0),
    leads         bigint CHECK (leads >= 0),
    entered_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (piece_id, snapshot_date, source)
);

CREATE TABLE reports (
    id          bigserial PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    week_key    text NOT NULL,             -- ISO week in the client's time zone, e.g. 2026-W48
    channel_id  text NOT NULL,
    message_ts  text,
    content     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, week_key)
);

CREATE TABLE proposals (
    id              bigserial PRIMARY KEY,
    report_id       bigint REFERENCES reports(id) ON DELETE CASCADE,
    client_id       bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    document        text NOT NULL,
    base_version    int NOT NULL,
    new_content     text NOT NULL,
    rule            text NOT NULL,
    rationale       text NOT NULL,
    evidence        jsonb NOT NULL DEFAULT '{}',
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'applied', 'dismissed', 'stale')),
    applied_version int,
    decided_by      text,
    decided_at      timestamptz,
    channel_id      text,
    message_ts      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposals_client_idx ON proposals (client_id, state);

-- +goose Down
DROP TABLE proposals;
DROP TABLE reports;
DROP TABLE metric_snapshots;
