-- +goose Up
-- The week's plan per client and platform: a row is claimed (inserted) before the plan is posted,
-- so however many replicas tick, each week's plan posts once; nudged_at is claimed the same way
-- before the one nudge of the week.
CREATE TABLE weekly_plans (
    client_id  bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    platform   text NOT NULL,
    week_key   text NOT NULL CHECK (week_key ~ '^[0-9]{4}-W[0-9]{2}$'),
    planned    int NOT NULL CHECK (planned >= 0),
    posted_at  timestamptz NOT NULL,
    nudged_at  timestamptz,
    PRIMARY KEY (client_id, platform, week_key)
);

-- Channels where `/mos plan off` paused the plan's messages (the weekly plan and the nudge).
CREATE TABLE plan_pauses (
    channel_id text PRIMARY KEY,
    paused_by  text NOT NULL,
    paused_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE plan_pauses;
DROP TABLE weekly_plans;
