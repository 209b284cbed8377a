-- Peers: other organisations' TAXII 2.1 servers this instance pulls from, what it subscribes
-- to there, where each subscription stands (its cursor), what it received (the provenance of
-- every version that came from a peer) and what it refused (the quarantine).
-- Written to run again harmlessly, as tests that replay earlier migrations make it do.

-- A peer's credential is stored sealed (AES-GCM, under a key file in the data directory that
-- the database never holds), so a copy of the database alone does not give it away.
CREATE TABLE IF NOT EXISTS peer (
    name           TEXT PRIMARY KEY,
    discovery_url  TEXT NOT NULL,
    api_root_url   TEXT,
    username       TEXT,
    sealed_secret  TEXT,
    ca_file        TEXT,
    created_at     BIGINT NOT NULL,
    -- the peer's state as the last pull or test found it
    last_ok_at     BIGINT,
    failing_since  BIGINT,
    last_error     TEXT,
    last_error_at  BIGINT
);

-- The cursor (next token, or the server's own added_after, or the manifest's) is updated in
-- the transaction that stores the objects it covers: a crash loses and repeats nothing.
CREATE TABLE IF NOT EXISTS peer_subscription (
    id                 TEXT PRIMARY KEY,
    peer               TEXT NOT NULL REFERENCES peer (name),
    remote_collection  TEXT NOT NULL,
    local_collection   TEXT NOT NULL REFERENCES collection (id),
    every_seconds      BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    cursor_next        TEXT,
    cursor_added_after BIGINT,
    cursor_mode        TEXT NOT NULL,
    received           BIGINT NOT NULL,
    quarantined        BIGINT NOT NULL,
    errors             BIGINT NOT NULL,
    last_pull_at       BIGINT,
    newest_added       BIGINT,
    last_error         TEXT,
    last_error_at      BIGINT
);
CREATE UNIQUE INDEX IF NOT EXISTS peer_subscription_target
    ON peer_subscription (peer, remote_collection, local_collection);

-- Where a stored version came from, when it came from a peer. remote_date_added is null when
-- the peer did not say (a page whose objects span several date_added values).
CREATE TABLE IF NOT EXISTS peer_received (
    collection_id     TEXT NOT NULL,
    object_id         TEXT NOT NULL,
    version           TEXT NOT NULL,
    peer              TEXT NOT NULL,
    remote_collection TEXT NOT NULL,
    remote_date_added BIGINT,
    received_at       BIGINT NOT NULL,
    PRIMARY KEY (collection_id, object_id, version)
);
CREATE INDEX IF NOT EXISTS peer_received_object ON peer_received (object_id);

-- Objects a peer sent that failed validation or conflicted with a stored version: kept with
-- the reasons, never stored as valid, never dropped silently. One row per distinct body per
-- subscription, so a page pulled again (an overlap, a restart) adds nothing.
CREATE TABLE IF NOT EXISTS peer_quarantine (
    subscription_id   TEXT NOT NULL,
    digest            TEXT NOT NULL,
    peer              TEXT NOT NULL,
    remote_collection TEXT NOT NULL,
    object_id         TEXT,
    body              TEXT NOT NULL,
    reasons           TEXT NOT NULL,
    received_at       BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, digest)
);
CREATE INDEX IF NOT EXISTS peer_quarantine_peer ON peer_quarantine (peer, received_at);
