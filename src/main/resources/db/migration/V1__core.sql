-- Tearline core schema. Portable SQL: the same migrations run on SQLite and PostgreSQL.
-- Times are microseconds since the epoch (BIGINT); flags are INTEGER 0/1 so that partial
-- indexes can name them with a literal both databases understand.

CREATE TABLE api_root (
    name               TEXT PRIMARY KEY,
    title              TEXT NOT NULL,
    description        TEXT,
    max_content_length BIGINT NOT NULL,
    created_at         BIGINT NOT NULL
);

CREATE TABLE collection (
    id          TEXT PRIMARY KEY,
    api_root    TEXT NOT NULL REFERENCES api_root (name),
    title       TEXT NOT NULL,
    description TEXT,
    alias       TEXT,
    kind        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    -- Writers lock this row; seq and date_added are handed out under that lock, so collection
    -- order (date_added, seq) is also commit order, on one node or many.
    last_seq    BIGINT NOT NULL,
    last_added  BIGINT NOT NULL
);

CREATE UNIQUE INDEX collection_alias ON collection (api_root, alias);

CREATE TABLE object_version (
    collection_id TEXT NOT NULL REFERENCES collection (id),
    date_added    BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    object_id     TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    -- fixed-width timestamp key (StixTimestamp.key): modified, else created, else date_added
    version       TEXT NOT NULL,
    spec_version  TEXT NOT NULL,
    is_first      INTEGER NOT NULL,
    is_latest     INTEGER NOT NULL,
    -- SHA-256 of the canonical JSON: tells an identical re-post from a conflicting one
    digest        TEXT NOT NULL,
    body          TEXT NOT NULL,
    -- provenance: how the version arrived (taxii, import, release, feed) and from whom
    prov_channel  TEXT NOT NULL,
    prov_source   TEXT NOT NULL,
    PRIMARY KEY (collection_id, date_added, seq)
);

CREATE UNIQUE INDEX object_version_identity ON object_version (collection_id, object_id, version);
CREATE UNIQUE INDEX object_version_seq ON object_version (collection_id, seq);
CREATE INDEX object_version_latest ON object_version (collection_id, date_added, seq)
    WHERE is_latest = 1;
CREATE INDEX object_version_type_latest ON object_version (collection_id, object_type, date_added, seq)
    WHERE is_latest = 1;

CREATE TABLE status (
    id                TEXT PRIMARY KEY,
    api_root          TEXT NOT NULL,
    collection_id     TEXT NOT NULL,
    owner             TEXT NOT NULL,
    request_timestamp BIGINT NOT NULL,
    status            TEXT NOT NULL,
    total_count       INTEGER NOT NULL,
    success_count     INTEGER NOT NULL,
    failure_count     INTEGER NOT NULL,
    pending_count     INTEGER NOT NULL,
    -- {"successes": [...], "failures": [...], "pendings": [...]}
    details           TEXT NOT NULL
);

CREATE TABLE account (
    name          TEXT PRIMARY KEY,
    password_hash TEXT,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled      INTEGER NOT NULL
);

CREATE TABLE api_token (
    id          TEXT PRIMARY KEY,
    account     TEXT NOT NULL REFERENCES account (name),
    secret_hash TEXT NOT NULL,
    label       TEXT,
    created_at  BIGINT NOT NULL,
    revoked     INTEGER NOT NULL
);

CREATE TABLE collection_grant (
    account       TEXT NOT NULL REFERENCES account (name),
    collection_id TEXT NOT NULL REFERENCES collection (id),
    can_read      INTEGER NOT NULL,
    can_write     INTEGER NOT NULL,
    PRIMARY KEY (account, collection_id)
);

CREATE TABLE server_secret (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
