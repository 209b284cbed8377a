-- Intake: documents taken in, kept as drafts apart from every collection until an analyst
-- accepts (into a source collection) or rejects them. Nothing here is released.
-- Written to run again harmlessly, as tests that replay earlier migrations make it do.

CREATE TABLE IF NOT EXISTS intake_draft (
    id               TEXT PRIMARY KEY,
    state            TEXT NOT NULL,
    title            TEXT NOT NULL,
    media_type       TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    published        BIGINT NOT NULL,
    published_given  INTEGER NOT NULL,
    source           TEXT,
    url              TEXT,
    author           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    -- The pages' text as a JSON array of strings: read back whole, never queried into.
    pages            TEXT NOT NULL,
    report           TEXT NOT NULL,
    candidates       TEXT NOT NULL,
    candidate_count  INTEGER NOT NULL,
    decided_by       TEXT,
    decided_at       BIGINT,
    reason           TEXT,
    collection_id    TEXT REFERENCES collection (id)
);
CREATE INDEX IF NOT EXISTS intake_draft_created ON intake_draft (created_at);
