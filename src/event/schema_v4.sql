-- thrive event store, schema version 4: names that outlive the database. Row ids are only
-- this file's; an export (a calendar's UID, a JSON copy read into another database) needs a
-- name that stays the same wherever the event goes. `origin` is the uid of the action or
-- service of an earlier event this one carries on, kept even where that event is not in
-- this database. An action's `thread` is the uid of the first action of the chain it
-- carries on (its own, if it is new): one action across a series, one calendar entry.

ALTER TABLE events ADD COLUMN uid TEXT;
ALTER TABLE notes ADD COLUMN uid TEXT;
ALTER TABLE actions ADD COLUMN uid TEXT;
ALTER TABLE actions ADD COLUMN origin TEXT;
ALTER TABLE actions ADD COLUMN thread TEXT;
ALTER TABLE services ADD COLUMN uid TEXT;
ALTER TABLE services ADD COLUMN origin TEXT;

UPDATE events SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE notes SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE actions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE services SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE actions SET origin = (SELECT o.uid FROM actions o WHERE o.id = actions.carried_from)
    WHERE carried_from IS NOT NULL;
UPDATE services SET origin = (SELECT o.uid FROM services o WHERE o.id = services.carried_from)
    WHERE carried_from IS NOT NULL;
WITH RECURSIVE chain (id, first) AS (
    SELECT id, id FROM actions WHERE carried_from IS NULL
    UNION ALL
    SELECT a.id, chain.first FROM actions a JOIN chain ON a.carried_from = chain.id
)
UPDATE actions SET thread = (SELECT f.uid FROM chain JOIN actions f ON f.id = chain.first
                             WHERE chain.id = actions.id);
UPDATE actions SET thread = uid WHERE thread IS NULL;

CREATE UNIQUE INDEX events_by_uid ON events (uid);
CREATE INDEX actions_by_uid ON actions (uid);
CREATE INDEX services_by_uid ON services (uid);

-- Every row gets its name as it is written, whichever code path writes it; a row read in
-- from an export brings its own.
CREATE TRIGGER events_uid AFTER INSERT ON events WHEN NEW.uid IS NULL
BEGIN
    UPDATE events SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
CREATE TRIGGER notes_uid AFTER INSERT ON notes WHEN NEW.uid IS NULL
BEGIN
    UPDATE notes SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
CREATE TRIGGER actions_uid AFTER INSERT ON actions WHEN NEW.uid IS NULL
BEGIN
    UPDATE actions SET uid = lower(hex(randomblob(16))),
        origin = ifnull(NEW.origin, (SELECT o.uid FROM actions o WHERE o.id = NEW.carried_from))
    WHERE id = NEW.id;
    UPDATE actions SET thread = ifnull((SELECT o.thread FROM actions o WHERE o.id = NEW.carried_from), uid)
    WHERE id = NEW.id AND thread IS NULL;
END;
CREATE TRIGGER services_uid AFTER INSERT ON services WHEN NEW.uid IS NULL
BEGIN
    UPDATE services SET uid = lower(hex(randomblob(16))),
        origin = ifnull(NEW.origin, (SELECT o.uid FROM services o WHERE o.id = NEW.carried_from))
    WHERE id = NEW.id;
END;
