-- The disclosure record: an append-only, hash-chained log, signed checkpoints of its head, the
-- public keys that verify them, and partners' receipts (first retrieval of each version).

-- One row: the head of the chain. Appenders lock it, so entries are numbered and chained in
-- commit order on any number of nodes.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_entry (
    seq       BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    audience  TEXT,
    subject   TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_entry_audience ON audit_entry (audience, seq);
CREATE INDEX audit_entry_subject ON audit_entry (subject, seq);
CREATE INDEX audit_entry_at ON audit_entry (at);

-- An object an entry concerns, for finding entries by object (a release batch names many).
CREATE TABLE audit_object (
    object_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (object_id, seq)
);

CREATE TABLE audit_checkpoint (
    seq       BIGINT PRIMARY KEY,
    head_hash TEXT NOT NULL,
    at        BIGINT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE audit_key (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

-- The first time each user retrieved each version of an object of a collection.
CREATE TABLE receipt (
    account       TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    version       TEXT NOT NULL,
    digest        TEXT NOT NULL,
    retrieved_at  BIGINT NOT NULL,
    PRIMARY KEY (account, collection_id, object_id, version)
);
CREATE INDEX receipt_account_time ON receipt (account, retrieved_at);
CREATE INDEX receipt_object ON receipt (collection_id, object_id);
