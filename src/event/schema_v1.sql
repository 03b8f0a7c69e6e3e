-- thrive event store, schema version 1. Times are local wall-clock ISO 8601 text
-- (2026-12-03T10:15:00), dates 2026-12-03. Run in one transaction by the migration.

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    site           TEXT NOT NULL,
    series         TEXT,
    date           TEXT NOT NULL,          -- the day the event was run
    script_date    TEXT NOT NULL,          -- the date the script planned
    script_hash    TEXT NOT NULL,
    script_text    TEXT NOT NULL,          -- a copy, so a report can be rebuilt later
    created_at     TEXT NOT NULL,
    run_current    TEXT,                   -- segment id
    run_state      TEXT NOT NULL DEFAULT 'not-started',
    run_started_on TEXT
);
CREATE INDEX events_by_day ON events (title, site, date);
CREATE INDEX events_by_series ON events (series, date);

CREATE TABLE segment_runs (
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    segment_id    TEXT NOT NULL,
    extra_minutes INTEGER NOT NULL DEFAULT 0,
    intervals     TEXT NOT NULL DEFAULT '', -- "start/end start/" space-separated
    PRIMARY KEY (event_id, segment_id)
);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    segment_id TEXT,
    text       TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX notes_by_event_time ON notes (event_id, created_at);

CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT,
    text         TEXT NOT NULL,
    owners       TEXT NOT NULL DEFAULT '',  -- space-separated; an owner is one word
    due          TEXT,
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'doing', 'done', 'dropped')),
    segment_id   TEXT,
    grouping     TEXT,
    principle    TEXT,
    carried_from INTEGER REFERENCES actions (id),
    reviewed_in  INTEGER REFERENCES events (id)
);
CREATE INDEX actions_by_event ON actions (event_id);
CREATE INDEX actions_by_origin ON actions (carried_from);

CREATE TABLE drafts (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    slot     TEXT NOT NULL,                 -- note, note:ID, action, action:ID
    text     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (event_id, slot)
);
