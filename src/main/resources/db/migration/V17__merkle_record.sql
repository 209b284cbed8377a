-- The disclosure record as an RFC 9162 Merkle tree: each entry's leaf hash, the frontier of the
-- tree at the head (the roots of its perfect subtrees, hex joined; NULL until the server has
-- verified the old hash chain once and anchored it in the first signed tree head), the roots of
-- large perfect subtrees (so proofs read a few rows, not every leaf) and the signed tree heads.
ALTER TABLE audit_entry ADD COLUMN leaf_hash TEXT;
ALTER TABLE audit_head ADD COLUMN frontier TEXT;
UPDATE audit_head SET frontier = '' WHERE seq = 0;

CREATE TABLE IF NOT EXISTS audit_tree_node (
    level INTEGER NOT NULL,
    idx   BIGINT NOT NULL,
    hash  TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);

-- One head per tree size: while the record does not grow, the last head is signed again in
-- place (a fresh time), so the series grows with the record, not with the clock.
CREATE TABLE IF NOT EXISTS audit_tree_head (
    size          BIGINT PRIMARY KEY,
    root_hash     TEXT NOT NULL,
    at            BIGINT NOT NULL,
    previous_size BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL
);
