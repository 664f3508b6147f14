-- Waking the coding agent. Every wake attempt is logged with the messages it covered and how it
-- ended; inbox rows remember when a wake surfaced them and why one was suppressed; the sender keeps
-- the receipts its recipients sent back.

CREATE TABLE wake_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    method       TEXT NOT NULL,
    target       TEXT,
    level        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('typed', 'deferred', 'suppressed', 'failed', 'skipped')),
    reason       TEXT,
    message_ids  TEXT NOT NULL DEFAULT '[]',
    senders      TEXT NOT NULL DEFAULT '[]',
    line         TEXT
);
CREATE INDEX wake_log_by_time ON wake_log (at);

ALTER TABLE inbox ADD COLUMN surfaced_at TEXT;
ALTER TABLE inbox ADD COLUMN wake_note TEXT;

CREATE TABLE receipts (
    message_id    TEXT NOT NULL,
    recipient_id  TEXT NOT NULL,
    surfaced_at   TEXT,
    read_at       TEXT,
    PRIMARY KEY (message_id, recipient_id)
);
