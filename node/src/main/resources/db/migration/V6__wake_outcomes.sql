-- The wake types only at a safe moment and confirms what it typed, so an attempt can also end as
-- hooked (a hook had already put the messages into the agent's context), not_delivered (no safe
-- moment came; nothing typed) or unconfirmed (typed, submission not seen, erased). SQLite cannot
-- change a CHECK constraint in place: the table is copied into a new one.

CREATE TABLE wake_log_new (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    method       TEXT NOT NULL,
    target       TEXT,
    level        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('typed', 'deferred', 'suppressed', 'failed', 'skipped', 'hooked',
                                                  'not_delivered', 'unconfirmed')),
    reason       TEXT,
    message_ids  TEXT NOT NULL DEFAULT '[]',
    senders      TEXT NOT NULL DEFAULT '[]',
    line         TEXT
);
INSERT INTO wake_log_new (id, at, method, target, level, outcome, reason, message_ids, senders, line)
SELECT id, at, method, target, level, outcome, reason, message_ids, senders, line FROM wake_log;
DROP TABLE wake_log;
ALTER TABLE wake_log_new RENAME TO wake_log;
CREATE INDEX wake_log_by_time ON wake_log (at);
