-- Taking access back, and throttling password guessing.
-- Written to run again harmlessly, as tests that replay earlier migrations make it do (so the
-- expiry is a table of its own: SQLite cannot add a column only if it is missing).

-- When a token stops working; a token without a row here does not expire.
CREATE TABLE IF NOT EXISTS api_token_expiry (
    token_id   TEXT PRIMARY KEY REFERENCES api_token (id),
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_token_account ON api_token (account);
CREATE INDEX IF NOT EXISTS web_session_account ON web_session (account);

-- Failed sign-ins, kept in the store so that a restart or another node does not forget them.
-- One row per claimed user name ('user:NAME') and per client address ('addr:ADDRESS'); a
-- client can only add rows as fast as its address's own throttle lets it fail. held counts
-- the refusals not yet written to the disclosure record.
CREATE TABLE IF NOT EXISTS login_failure (
    subject      TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    held         BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    last_entry   BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failure_last ON login_failure (last_failure);
