-- A warning remembers the version of its report that its own steps (approval, extension,
-- lapse, retirement) last wrote: its approved audiences receive that version, and a version
-- written directly over TAXII waits for a new decision and a second person's approval.
ALTER TABLE warning ADD COLUMN approved_version TEXT;
-- Each decision has an id; an approval names the decision it approves.
ALTER TABLE warning ADD COLUMN decision_id TEXT;
-- Until now every step wrote the latest version, so that is the approved one.
UPDATE warning SET approved_version = (SELECT MAX(v.version) FROM object_version v
    WHERE v.collection_id = warning.collection_id AND v.object_id = warning.id);
UPDATE warning SET decision_id = 'decision-' || id WHERE decision IS NOT NULL;
-- Who last wrote a version of the report directly: like the decision's author, that person
-- cannot approve the decision on it.
ALTER TABLE warning ADD COLUMN revised_by TEXT;
