-- Swarm lifecycle. master_since: when this node learnt who the current master is (the join, or the
-- timestamp of the transfer proof it last accepted); a transfer proof signed before that moment is
-- stale and refused, so a former master cannot replay an old, genuinely signed proof.
ALTER TABLE swarms ADD COLUMN master_since TEXT;
UPDATE swarms SET master_since = joined_at;

-- The capabilities a joiner announced, kept while its request waits for the master's approval.
ALTER TABLE join_requests ADD COLUMN capabilities TEXT NOT NULL DEFAULT '[]';
