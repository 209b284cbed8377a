-- A release entry lists every version it released in its detail; to find the entry by object,
-- it used to add one audit_object row per object, in the release's own transaction: the
-- record's largest write cost. A release's view versions are consecutive in the view (seq is
-- handed out under the view's lock), so the entry now names that run instead, and an object's
-- releases are found through its versions in the views. Entries written before keep their
-- audit_object rows and are found through them as before.
ALTER TABLE audit_entry ADD COLUMN view_collection TEXT;
ALTER TABLE audit_entry ADD COLUMN view_first BIGINT;
ALTER TABLE audit_entry ADD COLUMN view_last BIGINT;
CREATE INDEX audit_entry_view ON audit_entry (view_collection, view_last);
