-- GitHub coordination. Every message this node sends is kept once (the outbox has a row per
-- recipient, none when the node is alone in its swarm), so its own claims count on the issue board.

CREATE TABLE sent_messages (
    message_id      TEXT PRIMARY KEY,
    swarm_id        TEXT NOT NULL,
    envelope        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    has_references  INTEGER NOT NULL DEFAULT 0 CHECK (has_references IN (0, 1))
);
CREATE INDEX sent_messages_by_swarm ON sent_messages (swarm_id, has_references);

INSERT OR IGNORE INTO sent_messages (message_id, swarm_id, envelope, created_at, has_references)
SELECT message_id, swarm_id, envelope, min(created_at),
       CASE WHEN instr(envelope, '"references"') > 0 THEN 1 ELSE 0 END
FROM outbox GROUP BY message_id;

CREATE INDEX inbox_with_references ON inbox (swarm_id) WHERE references_json IS NOT NULL;

-- The issue watcher: per repository and feed, the ETag and the point reached; every GitHub event
-- turned into a message, so none is sent twice.
CREATE TABLE github_cursors (
    repo        TEXT NOT NULL,
    feed        TEXT NOT NULL,
    etag        TEXT,
    since       TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (repo, feed)
);

CREATE TABLE github_seen (
    event_key  TEXT PRIMARY KEY,
    repo       TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);

-- Claims of this node's agent that lost to an earlier one, and were told to it (once).
CREATE TABLE issue_notices (
    message_id  TEXT PRIMARY KEY,
    issue       TEXT NOT NULL,
    noticed_at  TEXT NOT NULL
);
