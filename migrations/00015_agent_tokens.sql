-- +goose Up
-- Tokens for agents reading and writing a client's OS over MCP (mos mcp). Each token belongs to one
-- client and carries one scope; only the sha256 of the token is stored, so a leaked database holds
-- nothing to connect with. A revoked token stays listed (who had access, until when).
CREATE TABLE agent_tokens (
    id         bigserial PRIMARY KEY,
    client_id  bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (name <> '' AND char_length(name) <= 64),
    scope      text NOT NULL CHECK (scope IN ('read', 'request', 'report')),
    token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
-- A name names one live token of a client, so revoke --name is unambiguous.
CREATE UNIQUE INDEX agent_tokens_live_name ON agent_tokens (client_id, name) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE agent_tokens;
