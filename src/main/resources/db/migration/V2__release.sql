-- Audiences, their versioned release policies, and what each audience has been released.

CREATE TABLE audience (
    name               TEXT PRIMARY KEY,
    view_collection_id TEXT NOT NULL REFERENCES collection (id),
    policy_version     INTEGER NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

-- Every policy ever applied is kept: who applied what, when.
CREATE TABLE policy_version (
    audience   TEXT NOT NULL REFERENCES audience (name),
    version    INTEGER NOT NULL,
    policy     TEXT NOT NULL,
    digest     TEXT NOT NULL,
    applied_at BIGINT NOT NULL,
    applied_by TEXT NOT NULL,
    PRIMARY KEY (audience, version)
);

CREATE TABLE audience_source (
    audience      TEXT NOT NULL REFERENCES audience (name),
    collection_id TEXT NOT NULL REFERENCES collection (id),
    PRIMARY KEY (audience, collection_id)
);
CREATE INDEX audience_source_collection ON audience_source (collection_id);

-- Per audience and source object: what the view holds of it. status is released, withheld,
-- kept (a takeback refused: the audience keeps the last version it got) or revoked.
CREATE TABLE release_state (
    audience       TEXT NOT NULL,
    original_id    TEXT NOT NULL,
    released_id    TEXT NOT NULL,
    status         TEXT NOT NULL,
    view_version   TEXT,
    view_digest    TEXT,
    PRIMARY KEY (audience, original_id)
);

-- References among the latest versions of source objects, read backwards: who refers to a
-- target. Lets a change to one object update exactly the view objects that depend on it.
CREATE TABLE source_ref (
    collection_id TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    referrer_id   TEXT NOT NULL,
    required      INTEGER NOT NULL,
    PRIMARY KEY (collection_id, target_id, referrer_id)
);
CREATE INDEX source_ref_referrer ON source_ref (collection_id, referrer_id);
