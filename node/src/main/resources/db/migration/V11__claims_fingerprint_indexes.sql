-- The presence service asks once a second whether a message naming an issue came or went
-- (PresenceRepository.claimsFingerprint). Without these, max(id) walked the inbox backwards row by
-- row until it met a row with references (the whole inbox when none has any), and the count read
-- every sent message: work that grew with the inbox, every second. Both are kept only for the rows
-- that name issues, so ordinary messages do not pay for them.
CREATE INDEX inbox_references_by_id ON inbox (id) WHERE references_json IS NOT NULL;
CREATE INDEX sent_messages_with_references ON sent_messages (swarm_id) WHERE has_references = 1;
