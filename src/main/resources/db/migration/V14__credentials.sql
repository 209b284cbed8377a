-- Taking access back, and throttling password guessing.
-- A token may expire; NULL means it does not.
ALTER TABLE api_token ADD COLUMN expires_at BIGINT;
CREATE INDEX api_token_account ON api_token (account);
CREATE INDEX web_session_account ON web_session (account);

-- Failed sign-ins, kept in the store so that a restart or another node does not forget them.
-- One row per claimed user name ('user:NAME') and per client address ('addr:ADDRESS'); a
-- client can only add rows as fast as its address's throttle lets it fail. held counts the
-- refusals not yet written to the disclosure record.
CREATE TABLE login_failure (
    subject      TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    held         BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    last_entry   BIGINT NOT NULL
);
CREATE INDEX login_failure_last ON login_failure (last_failure);
