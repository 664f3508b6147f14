-- Swarm node state, version 1. Timestamps are the protocol's text form (UTC, millisecond,
-- lexicographically sortable). Keys are raw Ed25519 public keys in standard base64.

CREATE TABLE swarms (
    swarm_id          TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    master            TEXT NOT NULL,
    -- active: we are a member; left, kicked, dissolved: kept for history, refuses traffic
    state             TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'left', 'kicked', 'dissolved')),
    require_approval  INTEGER NOT NULL DEFAULT 0 CHECK (require_approval IN (0, 1)),
    created_at        TEXT NOT NULL,
    joined_at         TEXT NOT NULL,
    state_changed_at  TEXT
);

CREATE TABLE members (
    swarm_id      TEXT NOT NULL REFERENCES swarms (swarm_id) ON DELETE CASCADE,
    agent_id      TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    capabilities  TEXT NOT NULL DEFAULT '[]',
    joined_at     TEXT NOT NULL,
    PRIMARY KEY (swarm_id, agent_id)
);

CREATE TABLE inbox (
    id                INTEGER PRIMARY KEY,
    swarm_id          TEXT NOT NULL,
    message_id        TEXT NOT NULL,
    sender_id         TEXT NOT NULL,
    sender_endpoint   TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    type              TEXT NOT NULL,
    content           TEXT NOT NULL,
    priority          TEXT NOT NULL DEFAULT 'normal',
    sent_at           TEXT NOT NULL,
    received_at       TEXT NOT NULL,
    in_reply_to       TEXT,
    thread_id         TEXT,
    expires_at        TEXT,
    references_json   TEXT,
    envelope          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'read', 'archived', 'deleted')),
    status_changed_at TEXT,
    UNIQUE (swarm_id, message_id)
);
CREATE INDEX inbox_by_swarm_status ON inbox (swarm_id, status, id);
CREATE INDEX inbox_by_message ON inbox (message_id);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT NOT NULL,
    swarm_id         TEXT NOT NULL,
    recipient_id     TEXT NOT NULL,
    target_endpoint  TEXT NOT NULL,
    envelope         TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    last_attempt_at  TEXT,
    delivered_at     TEXT,
    last_error_code  TEXT,
    last_error       TEXT,
    claimed_by       TEXT,
    claimed_until    TEXT,
    UNIQUE (message_id, recipient_id)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_swarm ON outbox (swarm_id, id);

CREATE TABLE mutes (
    kind        TEXT NOT NULL CHECK (kind IN ('agent', 'swarm')),
    target      TEXT NOT NULL,
    reason      TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (kind, target)
);

CREATE TABLE invites (
    invite_id     TEXT PRIMARY KEY,
    swarm_id      TEXT NOT NULL REFERENCES swarms (swarm_id) ON DELETE CASCADE,
    token_sha256  TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    max_uses      INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
    uses          INTEGER NOT NULL DEFAULT 0,
    revoked_at    TEXT
);

CREATE TABLE join_requests (
    swarm_id      TEXT NOT NULL REFERENCES swarms (swarm_id) ON DELETE CASCADE,
    agent_id      TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    invite_id     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
    requested_at  TEXT NOT NULL,
    decided_at    TEXT,
    PRIMARY KEY (swarm_id, agent_id)
);

-- On the joiner's side: a join the master has not yet approved.
CREATE TABLE pending_joins (
    swarm_id         TEXT PRIMARY KEY,
    master           TEXT NOT NULL,
    master_endpoint  TEXT NOT NULL,
    invite_token     TEXT NOT NULL,
    requested_at     TEXT NOT NULL
);
