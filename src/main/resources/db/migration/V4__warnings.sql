-- Warnings: the duty to warn, from draft to retirement, and partners' feedback on them.

CREATE TABLE warning (
    id               TEXT PRIMARY KEY,
    collection_id    TEXT NOT NULL REFERENCES collection (id),
    state            TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    decision         TEXT,
    audiences        TEXT,
    public_audience  TEXT,
    waiver_reason    TEXT,
    waiver_text      TEXT,
    decided_by       TEXT,
    decided_at       BIGINT,
    approved_by      TEXT,
    approved_at      BIGINT,
    window_end       BIGINT,
    lapsed_at        BIGINT,
    retired_reason   TEXT,
    retired_by       TEXT,
    retired_at       BIGINT,
    -- Bumped by every transition; a transition names the version it starts from, so two nodes
    -- racing to make the same one (a window lapsing) make it exactly once.
    revision         INTEGER NOT NULL
);
CREATE INDEX warning_state ON warning (state);

-- The audiences an approved warning is released to.
CREATE TABLE warning_audience (
    warning_id TEXT NOT NULL REFERENCES warning (id),
    audience   TEXT NOT NULL REFERENCES audience (name),
    PRIMARY KEY (warning_id, audience)
);
CREATE INDEX warning_audience_audience ON warning_audience (audience);

-- An audience's feedback collection, where its members post opinions and notes.
CREATE TABLE audience_feedback (
    audience      TEXT PRIMARY KEY REFERENCES audience (name),
    collection_id TEXT NOT NULL REFERENCES collection (id)
);

-- Feedback mapped back to what it is about, as the producer knows it.
CREATE TABLE feedback (
    object_id     TEXT NOT NULL,
    version       TEXT NOT NULL,
    audience      TEXT NOT NULL,
    account       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    opinion       TEXT,
    target_id     TEXT NOT NULL,
    released_id   TEXT NOT NULL,
    posted_at     BIGINT NOT NULL,
    PRIMARY KEY (object_id, version, target_id)
);
CREATE INDEX feedback_target ON feedback (target_id, posted_at);

CREATE INDEX release_state_released_id ON release_state (audience, released_id);
