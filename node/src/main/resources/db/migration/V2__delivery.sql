-- Reliable delivery. Rows to one peer go out in id order; a row put back by `swarm outbox retry`
-- counts its age from then, not from when it was first sent.

ALTER TABLE outbox ADD COLUMN requeued_at TEXT;

CREATE INDEX outbox_by_peer ON outbox (target_endpoint, status, id);
