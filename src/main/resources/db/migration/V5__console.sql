-- Console sessions live in the store, so any node serves any signed-in user.
CREATE TABLE web_session (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES account (name),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_session_expires ON web_session (expires_at);
