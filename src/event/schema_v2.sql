-- thrive event store, schema version 2: each console keeps its own drafts, so a second
-- console on the same file never takes another's text being typed as a crash to recover.

CREATE TABLE drafts_by_console (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    console  TEXT NOT NULL DEFAULT '',      -- '' for drafts from schema 1: offered back
    slot     TEXT NOT NULL,
    text     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (event_id, console, slot)
);
INSERT INTO drafts_by_console (event_id, console, slot, text, saved_at)
    SELECT event_id, '', slot, text, saved_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_by_console RENAME TO drafts;
