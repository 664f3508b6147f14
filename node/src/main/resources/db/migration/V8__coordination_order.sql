-- The order of coordination events (issue claims and their updates), set by the swarm master's
-- acknowledgements rather than by the time a message says it was written.

-- Every coordination event this node stored, received or sent: what a node that becomes master
-- acknowledges at once if nobody has yet. sent_at is the time the message says it was first written,
-- kept only to acknowledge a backlog in a sensible order.
CREATE TABLE coordination_events (
    swarm_id    TEXT NOT NULL,
    sender_id   TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    stored_at   TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, message_id)
);

-- The master's acknowledgement of each event: its epoch (when it became master) and the sequence
-- number it gave. One per event, the earliest; one event per (epoch, seq).
CREATE TABLE coordination_acks (
    swarm_id     TEXT NOT NULL,
    sender_id    TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    epoch        TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq > 0),
    master       TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, sender_id, message_id)
);
CREATE UNIQUE INDEX coordination_acks_by_position ON coordination_acks (swarm_id, epoch, seq);

-- On the master: the last sequence number given in each swarm.
CREATE TABLE coordination_sequence (
    swarm_id  TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL
);

-- Events stored before this version, so that a master acknowledges them too: messages with a
-- github_issue or github_pr reference that say claimed, completed, blocked, unblocked or released
-- (IssueEvents.coordinates says the same in Java).
INSERT OR IGNORE INTO coordination_events (swarm_id, sender_id, message_id, sent_at, stored_at)
SELECT swarm_id, sender_id, message_id, coalesce(json_extract(envelope, '$.metadata.sent_at'), sent_at), received_at
FROM inbox
WHERE references_json IS NOT NULL AND json_valid(envelope) AND EXISTS (
    SELECT 1 FROM json_each(inbox.references_json) AS r
    WHERE json_extract(r.value, '$.type') IN ('github_issue', 'github_pr')
      AND (json_extract(r.value, '$.action') IN ('claimed', 'completed', 'blocked', 'unblocked')
           OR json_extract(inbox.envelope, '$.metadata.issue_event')
              IN ('claimed', 'completed', 'blocked', 'unblocked', 'released')));

INSERT OR IGNORE INTO coordination_events (swarm_id, sender_id, message_id, sent_at, stored_at)
SELECT swarm_id, json_extract(envelope, '$.sender.agent_id'), message_id,
       coalesce(json_extract(envelope, '$.metadata.sent_at'), json_extract(envelope, '$.timestamp')), created_at
FROM sent_messages
WHERE has_references = 1 AND json_valid(envelope) AND EXISTS (
    SELECT 1 FROM json_each(json_extract(sent_messages.envelope, '$.references')) AS r
    WHERE json_extract(r.value, '$.type') IN ('github_issue', 'github_pr')
      AND (json_extract(r.value, '$.action') IN ('claimed', 'completed', 'blocked', 'unblocked')
           OR json_extract(sent_messages.envelope, '$.metadata.issue_event')
              IN ('claimed', 'completed', 'blocked', 'unblocked', 'released')));
