-- Member integrity. A message id is unique per swarm AND sender: a member who copies another
-- member's id no longer blocks that member's own message. SQLite cannot change a UNIQUE constraint
-- in place: the inbox is copied into a new table.

CREATE TABLE inbox_new (
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
    surfaced_at       TEXT,
    wake_note         TEXT,
    UNIQUE (swarm_id, sender_id, message_id)
);
INSERT INTO inbox_new SELECT id, swarm_id, message_id, sender_id, sender_endpoint, recipient, type, content, priority,
    sent_at, received_at, in_reply_to, thread_id, expires_at, references_json, envelope, status, status_changed_at,
    surfaced_at, wake_note FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
CREATE INDEX inbox_by_swarm_status ON inbox (swarm_id, status, id);
CREATE INDEX inbox_by_message ON inbox (message_id);
CREATE INDEX inbox_with_references ON inbox (swarm_id) WHERE references_json IS NOT NULL;
CREATE INDEX inbox_by_reply ON inbox (swarm_id, in_reply_to) WHERE in_reply_to IS NOT NULL;

-- One public key belongs to one member of a swarm. A trigger rather than a UNIQUE index, so that a
-- database holding such a pair from before (older versions accepted it) still upgrades; no new pair can
-- be written.
CREATE INDEX members_by_key ON members (swarm_id, public_key);
CREATE TRIGGER members_one_key_insert BEFORE INSERT ON members
WHEN EXISTS (SELECT 1 FROM members WHERE swarm_id = NEW.swarm_id AND public_key = NEW.public_key
             AND agent_id <> NEW.agent_id)
BEGIN
    SELECT RAISE(ABORT, 'public key belongs to another member of this swarm');
END;
CREATE TRIGGER members_one_key_update BEFORE UPDATE OF public_key ON members
WHEN EXISTS (SELECT 1 FROM members WHERE swarm_id = NEW.swarm_id AND public_key = NEW.public_key
             AND agent_id <> NEW.agent_id)
BEGIN
    SELECT RAISE(ABORT, 'public key belongs to another member of this swarm');
END;

-- Members the master removed: they stay out (a join under the id or with the key is refused) until the
-- master lets them back in. Every node keeps the list, so a later master knows it too.
CREATE TABLE removed_members (
    swarm_id    TEXT NOT NULL REFERENCES swarms (swarm_id) ON DELETE CASCADE,
    agent_id    TEXT NOT NULL,
    public_key  TEXT,
    reason      TEXT,
    removed_at  TEXT NOT NULL,
    PRIMARY KEY (swarm_id, agent_id)
);
CREATE INDEX removed_members_by_key ON removed_members (swarm_id, public_key);

-- On the joiner's side: the invite this node joined each swarm with. A re-join with it returns the
-- master's current member list, which is how a member the master never announced to us is learnt.
ALTER TABLE swarms ADD COLUMN invite_token TEXT;
