-- thrive event store, schema version 3: the site map. A service belongs to one event; a new
-- event of a series starts with a copy of the last event's map (carried_from), so each event
-- keeps the map as it stood that day and the next can show what changed.

CREATE TABLE services (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT,
    deleted_at   TEXT,
    rev          INTEGER NOT NULL DEFAULT 0,  -- +1 on every change, so a second console sees it
    name         TEXT NOT NULL,
    provider     TEXT NOT NULL DEFAULT '',
    sector       TEXT,
    groupings    INTEGER NOT NULL DEFAULT 0,  -- bit 0 = Thriving … bit 4 = Getting Risk Support
    age_from     INTEGER,
    age_to       INTEGER,
    locality     TEXT NOT NULL DEFAULT '',
    access_route TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    carried_from INTEGER REFERENCES services (id),
    CHECK ((age_from IS NULL) = (age_to IS NULL)),
    CHECK (age_from IS NULL OR (age_from BETWEEN 0 AND 25 AND age_to BETWEEN age_from AND 25))
);
CREATE INDEX services_by_event ON services (event_id);
