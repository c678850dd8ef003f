-- +goose Up
-- The durable front door: every inbound event (a Slack envelope) is stored here before it is acked
-- and handled from here, so a replica that dies after the ack leaves the event to another one.
-- It replaces slack_envelopes, which only remembered ids to drop redeliveries.
-- holder/lease_until: the replica handling it and until when; an unfinished row whose lease ran out
-- is taken over. attempts counts the handlings started; done_at is set when one finished, when it
-- was given up, or when it was refused: its insert timed out, the person was told to try again, and
-- it landed after all.
CREATE TABLE inbound_events (
    event_id    text PRIMARY KEY,
    kind        text NOT NULL,
    payload     bytea NOT NULL,          -- the JSON exactly as it arrived (jsonb would refuse \u0000)
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    holder      text NOT NULL,
    lease_until timestamptz NOT NULL,
    attempts    int NOT NULL DEFAULT 0,
    done_at     timestamptz,
    outcome     text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'handled', 'gave_up', 'refused'))
);
CREATE INDEX inbound_events_open_idx ON inbound_events (lease_until) WHERE done_at IS NULL;
CREATE INDEX inbound_events_done_idx ON inbound_events (done_at) WHERE done_at IS NOT NULL;
DROP TABLE slack_envelopes;

-- +goose Down
CREATE TABLE slack_envelopes (
    envelope_id text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_envelopes_received_idx ON slack_envelopes (received_at);
DROP TABLE inbound_events;
