-- File and path leases: every lease message this node stored (received or sent), as read and checked
-- on arrival. The lease table is folded from these rows and the master's acknowledgements
-- (coordination_acks), like the issue board from messages. paths holds the globs one per line; repo,
-- mode and paths are set on a take only, expires_at on a take and a renewal. at is the time the
-- message says it was written, as the board believes it.
CREATE TABLE lease_events (
    swarm_id    TEXT NOT NULL,
    sender_id   TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('taken', 'renewed', 'released')),
    lease_id    TEXT NOT NULL,
    repo        TEXT,
    mode        TEXT CHECK (mode IN ('exclusive', 'shared')),
    paths       TEXT,
    expires_at  TEXT,
    at          TEXT NOT NULL,
    stored_at   TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, message_id)
);
CREATE INDEX lease_events_by_swarm ON lease_events (swarm_id, at);
