-- A state's released id differs from its original id only where the audience's ids are
-- derived, and for notices. Where they are equal (ids: original), the primary key already
-- finds the state by released id, so the index by released id now holds only the ids that
-- differ: materialising a view with original ids writes one B-tree entry fewer per object.
-- Queries by released id state the index's condition, so that SQLite and PostgreSQL know
-- the index covers them, and look up equal ids through the primary key.
-- Written to run again harmlessly, as tests that replay earlier migrations make it do.
DROP INDEX IF EXISTS release_state_released_id;
CREATE INDEX IF NOT EXISTS release_state_derived_id ON release_state (audience, released_id)
    WHERE released_id <> original_id;
