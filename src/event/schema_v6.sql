-- thrive event store, schema version 6: what the room sees. The console that drives the room
-- writes here what the projector (`thrive present`) shows: the screen it follows or is pinned
-- to, whether it is blanked to the title card, and which console moved it last. A row only
-- ever holds names of screens, never text typed at the console.

CREATE TABLE room (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    -- 'follow' (the driving console's screen) or 'pin' (a screen chosen and held)
    mode     TEXT NOT NULL,
    -- the screen shown, by name: 'segment', 'groupings', 'grouping-2', 'principles-3', 'map',
    -- 'coverage-age', 'coverage-sector', 'coverage-locality', 'gaps', 'actions', 'notes',
    -- 'review', 'title'
    shown    TEXT NOT NULL,
    -- 1 while the room is blanked to the calm title card
    blank    INTEGER NOT NULL DEFAULT 0,
    -- the console that moved the room last, and how it sits at the event
    console  TEXT NOT NULL,
    seat     TEXT NOT NULL,
    moved_at TEXT NOT NULL
);
