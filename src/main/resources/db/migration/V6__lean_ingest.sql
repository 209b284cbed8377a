-- Every version written costs a write to each index of object_version. This one was redundant:
-- seq is handed out under the collection's row lock, so (collection_id, seq) is unique by
-- construction, and every query that orders by seq orders by (date_added, seq), which the
-- primary key serves.
DROP INDEX object_version_seq;
