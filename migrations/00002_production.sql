-- +goose Up
-- The production engine (DESIGN §5): channel bindings, caps, source signals, pieces and their versions.
CREATE TABLE channel_bindings (
    channel_id text PRIMARY KEY,
    client_id  bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    platform   text NOT NULL CHECK (platform ~ '^[a-z0-9][a-z0-9-]*$'),
    daily_cap  int NOT NULL CHECK (daily_cap >= 0),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per channel per local day; the cap check is a single conditional upsert on it.
CREATE TABLE cap_usage (
    channel_id text NOT NULL,
    day        date NOT NULL,
    used       int NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (channel_id, day)
);

CREATE TABLE source_signals (
    id          bigserial PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    source_type text NOT NULL CHECK (source_type IN ('interview', 'trend', 'study', 'competitor', 'other')),
    url         text NOT NULL,
    excerpt     text NOT NULL DEFAULT '',
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pieces (
    id               bigserial PRIMARY KEY,
    client_id        bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    channel_id       text NOT NULL,
    platform         text NOT NULL,
    pillar           text NOT NULL DEFAULT '',
    state            text NOT NULL CHECK (state IN ('requested', 'outline_ready', 'outline_approved',
                         'draft_ready', 'approved', 'published', 'rejected', 'failed')),
    failed_from      text,              -- the state to resume when a failed piece is retried
    human_only       boolean NOT NULL DEFAULT false,
    source_signal_id bigint REFERENCES source_signals(id),
    brief            text NOT NULL DEFAULT '',
    requested_by     text NOT NULL,
    message_ts       text,              -- the outline message, updated in place
    draft_ts         text,              -- the draft message in the outline's thread
    published_url    text,
    published_at     date,
    activity_urn     text,              -- urn:li:activity:<id> from the published URL, for metric imports
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pieces_client_idx ON pieces (client_id, created_at);
CREATE INDEX pieces_state_idx ON pieces (state);
CREATE UNIQUE INDEX pieces_activity_urn_idx ON pieces (client_id, activity_urn) WHERE activity_urn IS NOT NULL;

CREATE TABLE piece_versions (
    id             bigserial PRIMARY KEY,
    piece_id       bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    phase          text NOT NULL CHECK (phase IN ('outline', 'draft')),
    version        int NOT NULL CHECK (version > 0),
    content        text NOT NULL,
    author_kind    text NOT NULL CHECK (author_kind IN ('ai', 'human')),
    author         text NOT NULL,
    os_versions    jsonb NOT NULL DEFAULT '{}',  -- {"brand": 3, "pillars": 2, ...}
    os_hash        text NOT NULL DEFAULT '',
    warnings       jsonb NOT NULL DEFAULT '[]',  -- check findings left after repair
    instruction    text NOT NULL DEFAULT '',     -- the revise instruction that produced it
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (piece_id, phase, version)
);

CREATE TABLE reviews (
    id            bigserial PRIMARY KEY,
    piece_id      bigint NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
    phase         text NOT NULL CHECK (phase IN ('outline', 'draft')),
    decision      text NOT NULL CHECK (decision IN ('approved', 'rejected', 'edited', 'revised', 'published')),
    failure_modes text[] NOT NULL DEFAULT '{}',
    comment       text NOT NULL DEFAULT '',
    reviewer      text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_piece_idx ON reviews (piece_id);

CREATE TABLE llm_calls (
    id                bigserial PRIMARY KEY,
    piece_id          bigint REFERENCES pieces(id) ON DELETE SET NULL,
    purpose           text NOT NULL,
    model             text NOT NULL,
    prompt_tokens     int NOT NULL DEFAULT 0,
    completion_tokens int NOT NULL DEFAULT 0,
    cached_tokens     int NOT NULL DEFAULT 0,
    latency_ms        int NOT NULL DEFAULT 0,
    attempts          int NOT NULL DEFAULT 1,
    status            text NOT NULL,      -- ok | error
    error             text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Slack delivers at least once: an envelope id seen before is acked and dropped.
CREATE TABLE slack_envelopes (
    envelope_id text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE slack_envelopes;
DROP TABLE llm_calls;
DROP TABLE reviews;
DROP TABLE piece_versions;
DROP TABLE pieces;
DROP TABLE source_signals;
DROP TABLE cap_usage;
DROP TABLE channel_bindings;
