-- thrive event store, schema version 4: names that outlive the database. Row ids are only
-- this file's; an export (a calendar's UID, a JSON copy read into another database) needs a
-- name that stays the same wherever the event goes. `origin` is the uid of the action or
-- service of an earlier event this one carries on, kept even where that event is not in
-- this database. Actions count their changes (`rev`), as services do, so a calendar told of
-- a change again takes it as newer.

ALTER TABLE events ADD COLUMN uid TEXT;
ALTER TABLE notes ADD COLUMN uid TEXT;
ALTER TABLE actions ADD COLUMN uid TEXT;
ALTER TABLE actions ADD COLUMN origin TEXT;
ALTER TABLE actions ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
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
END;
CREATE TRIGGER services_uid AFTER INSERT ON services WHEN NEW.uid IS NULL
BEGIN
    UPDATE services SET uid = lower(hex(randomblob(16))),
        origin = ifnull(NEW.origin, (SELECT o.uid FROM services o WHERE o.id = NEW.carried_from))
    WHERE id = NEW.id;
END;
-- An edit or a status change is a new revision of the action.
CREATE TRIGGER actions_rev AFTER UPDATE OF text, owners, due, status, grouping, principle ON actions
BEGIN
    UPDATE actions SET rev = OLD.rev + 1 WHERE id = NEW.id;
END;
