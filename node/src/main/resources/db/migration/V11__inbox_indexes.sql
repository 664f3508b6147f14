-- Indexes of the inbox, for the cost of receiving and of what runs every second.
--
-- 1. A message id is unique per swarm and sender; the unique index now leads with the message id, so
--    it also answers the lookups by message id alone (swarm read ID, replies) and the separate index on
--    message_id goes. Both were written at a random place for every message received (ids are
--    random): one fewer such index is one fewer page dirtied, logged and checkpointed per message.
--    SQLite changes a UNIQUE constraint only by copying the table (as V7 did); ids are kept.
-- 2. The presence service asks once a second whether a message naming an issue came or went
--    (PresenceRepository.claimsFingerprint). Without the two partial indexes, max(id) walked the inbox
--    backwards row by row until it met a row with references (the whole inbox when none has any), and
--    the count read every sent message: work that grew with the node's history, every second.

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
    UNIQUE (message_id, swarm_id, sender_id)
);
INSERT INTO inbox_new SELECT id, swarm_id, message_id, sender_id, sender_endpoint, recipient, type, content, priority,
    sent_at, received_at, in_reply_to, thread_id, expires_at, references_json, envelope, status, status_changed_at,
    surfaced_at, wake_note FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
CREATE INDEX inbox_by_swarm_status ON inbox (swarm_id, status, id);
CREATE INDEX inbox_with_references ON inbox (swarm_id) WHERE references_json IS NOT NULL;
CREATE INDEX inbox_by_reply ON inbox (swarm_id, in_reply_to) WHERE in_reply_to IS NOT NULL;
CREATE INDEX inbox_by_sender ON inbox (swarm_id, sender_id, id);
CREATE INDEX inbox_references_by_id ON inbox (id) WHERE references_json IS NOT NULL;

CREATE INDEX sent_messages_with_references ON sent_messages (swarm_id) WHERE has_references = 1;
