-- thrive event store, schema version 5: rehearsals. An event is the script run for its own
-- date; a rehearsal is a run before that day, kept apart: marked, never the "last time" of a
-- series (its actions are not reviewed, its map is not inherited), and removable whole.

ALTER TABLE events ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0;

-- Localities a facilitator confirmed at the event beyond the script's list: they belong to the
-- event's map, carry on with it through the series, and travel in the event document.
CREATE TABLE localities (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);

-- One number that moves with every change to what a console shows, so a console can tell
-- another has written without scanning the record (that scan grew with it: 6 ms at 50,000
-- notes, on every change).
CREATE TABLE revision (n INTEGER NOT NULL);
INSERT INTO revision (n) VALUES (0);
CREATE TRIGGER notes_insert_revision AFTER INSERT ON notes BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER notes_update_revision AFTER UPDATE ON notes BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER notes_delete_revision AFTER DELETE ON notes BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER actions_insert_revision AFTER INSERT ON actions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER actions_update_revision AFTER UPDATE ON actions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER actions_delete_revision AFTER DELETE ON actions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER services_insert_revision AFTER INSERT ON services BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER services_update_revision AFTER UPDATE ON services BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER services_delete_revision AFTER DELETE ON services BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER localities_insert_revision AFTER INSERT ON localities BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER localities_update_revision AFTER UPDATE ON localities BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER localities_delete_revision AFTER DELETE ON localities BEGIN UPDATE revision SET n = n + 1; END;

-- The live notes of an event, newest first, and how many: what a console opens with, read
-- from the index alone whatever the number of notes.
CREATE INDEX notes_live ON notes (event_id, created_at, id) WHERE deleted_at IS NULL;
