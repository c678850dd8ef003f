-- +goose Up
-- Clients and their versioned Client OS documents (DESIGN §4).
CREATE TABLE clients (
    id              bigserial PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
    name            text NOT NULL,
    timezone        text NOT NULL DEFAULT 'UTC',
    report_schedule text,               -- cron expression; NULL means the deployment default
    report_channel_id text,             -- Slack channel for the weekly report
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Append-only: a change is always a new row with the next version number.
CREATE TABLE os_versions (
    id           bigserial PRIMARY KEY,
    client_id    bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    document     text NOT NULL CHECK (document ~ '^(brand|strategy|pillars|decisions|style/[a-z0-9][a-z0-9-]*)$'),
    version      int NOT NULL CHECK (version > 0),
    content      text NOT NULL,
    content_hash text NOT NULL,
    author       text NOT NULL,
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, document, version)
);

CREATE TABLE approvers (
    client_id  bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id    text NOT NULL,
    added_by   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, user_id)
);

-- Who did what, for changes people will later ask about (OS edits, caps, approvers, applied proposals).
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    client_id  bigint REFERENCES clients(id) ON DELETE CASCADE,
    actor      text NOT NULL,
    action     text NOT NULL,
    detail     jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_client_idx ON audit_log (client_id, created_at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE approvers;
DROP TABLE os_versions;
DROP TABLE clients;
