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
