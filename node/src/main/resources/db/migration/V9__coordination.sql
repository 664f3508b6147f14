-- Coordinating agents: presence, roles and the loop guard. Timestamps as everywhere: the protocol's
-- text form, so they sort as text.

-- The latest presence each other member announced in a swarm. roles and claims are JSON arrays of
-- validated names (role names, owner/repo#N).
CREATE TABLE presence (
    swarm_id     TEXT NOT NULL,
    agent_id     TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('idle', 'working', 'away')),
    state_since  TEXT NOT NULL,
    active_at    TEXT,
    client       TEXT,
    roles        TEXT NOT NULL DEFAULT '[]',
    claims       TEXT NOT NULL DEFAULT '[]',
    message_id   TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, agent_id)
);

-- This node's own presence, as its daemon last announced it in each swarm (same columns).
CREATE TABLE own_presence (
    swarm_id     TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('idle', 'working', 'away')),
    state_since  TEXT NOT NULL,
    active_at    TEXT,
    client       TEXT,
    roles        TEXT NOT NULL DEFAULT '[]',
    claims       TEXT NOT NULL DEFAULT '[]',
    message_id   TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    received_at  TEXT NOT NULL
);

-- The roles this node's agent holds in each swarm; its presence announces them.
CREATE TABLE local_roles (
    swarm_id  TEXT NOT NULL,
    role      TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, role)
);

-- How this node's latest presence post to each member went (presence is posted directly, not queued):
-- answered says whether the member's node answered at all, error_code what it refused with, if it did.
CREATE TABLE presence_deliveries (
    swarm_id    TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    at          TEXT NOT NULL,
    answered    INTEGER NOT NULL CHECK (answered IN (0, 1)),
    error_code  TEXT,
    PRIMARY KEY (swarm_id, agent_id)
);

-- Holders of claims whom the master's agent was told are stuck: once per silence (silent_since).
CREATE TABLE stuck_notices (
    swarm_id      TEXT NOT NULL,
    agent_id      TEXT NOT NULL,
    silent_since  TEXT NOT NULL,
    noticed_at    TEXT NOT NULL,
    PRIMARY KEY (swarm_id, agent_id, silent_since)
);

-- The causal chain of each received reply, as this node worked it out (the deeper of what the sender
-- claimed and what this node knows of the message answered).
CREATE TABLE message_chains (
    swarm_id     TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    sender_id    TEXT NOT NULL,
    origin       TEXT NOT NULL,
    hop          INTEGER NOT NULL CHECK (hop >= 0),
    received_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, message_id)
);
CREATE INDEX message_chains_by_message ON message_chains (swarm_id, message_id);
CREATE INDEX message_chains_by_origin ON message_chains (swarm_id, origin, received_at);
CREATE INDEX message_chains_by_sender ON message_chains (swarm_id, sender_id, received_at);

-- Messages the loop guard held back: stored and readable, never woken for, never pushed by hooks.
CREATE TABLE guard_holds (
    swarm_id    TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    sender_id   TEXT NOT NULL,
    origin      TEXT NOT NULL,
    hop         INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('depth', 'thread_burst', 'sender_burst')),
    detail      TEXT NOT NULL,
    held_at     TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, message_id)
);
CREATE INDEX guard_holds_by_time ON guard_holds (held_at);

-- Senders told that a chain of theirs is held here: once per chain, the notice's own message id.
CREATE TABLE guard_notices (
    swarm_id    TEXT NOT NULL,
    sender_id   TEXT NOT NULL,
    origin      TEXT NOT NULL,
    notice_id   TEXT NOT NULL,
    noticed_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, origin)
);
CREATE INDEX guard_notices_by_sender ON guard_notices (swarm_id, sender_id, noticed_at);

-- Peers' notices that they held one of this node's messages.
CREATE TABLE guard_reports (
    swarm_id         TEXT NOT NULL,
    agent_id         TEXT NOT NULL,
    held_message_id  TEXT NOT NULL,
    reason           TEXT NOT NULL CHECK (reason IN ('depth', 'thread_burst', 'sender_burst')),
    hop              INTEGER,
    max_hops         INTEGER,
    reported_at      TEXT NOT NULL,
    PRIMARY KEY (swarm_id, agent_id, held_message_id)
);
CREATE INDEX guard_reports_by_time ON guard_reports (reported_at);

-- Who last wrote from where ("last seen") and how deliveries to a member last went ("reachable").
CREATE INDEX inbox_by_sender ON inbox (swarm_id, sender_id, id);
CREATE INDEX outbox_by_recipient ON outbox (swarm_id, recipient_id, id);
