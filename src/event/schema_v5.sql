-- thrive event store, schema version 5: rehearsals. An event is the script run for its own
-- date; a rehearsal is a run before that day, kept apart: marked, never the "last time" of a
-- series (its actions are not reviewed, its map is not inherited), and removable whole.

ALTER TABLE events ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0;
