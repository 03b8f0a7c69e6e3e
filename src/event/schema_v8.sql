-- thrive event store, schema version 8: priorities by dot vote. The candidates the room votes
-- on (each keeps where it came from), the voters added at the event (the script names the
-- rest), each voter's dots on each candidate, and whether the tallies have been revealed.

CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    action_text TEXT NOT NULL,
    -- 'gap', 'note', 'action' or 'typed'
    origin      TEXT NOT NULL,
    -- the grouping's slug, and a gap's age band and locality as the gaps list wrote them
    grouping    TEXT,
    ages        TEXT,
    locality    TEXT,
    -- the note or action it came from, and the action made from it
    source_id   INTEGER,
    action_id   INTEGER,
    created_at  TEXT NOT NULL
);
CREATE INDEX candidates_event ON candidates (event_id, id);

CREATE TABLE voters (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name       TEXT NOT NULL COLLATE NOCASE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);

CREATE TABLE dots (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    voter        TEXT NOT NULL,
    n            INTEGER NOT NULL CHECK (n > 0),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (candidate_id, voter)
);

CREATE TABLE votes (
    event_id   INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    revealed   INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TRIGGER candidates_insert_revision AFTER INSERT ON candidates BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER candidates_update_revision AFTER UPDATE ON candidates BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER candidates_delete_revision AFTER DELETE ON candidates BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER voters_insert_revision AFTER INSERT ON voters BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER voters_delete_revision AFTER DELETE ON voters BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER dots_insert_revision AFTER INSERT ON dots BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER dots_update_revision AFTER UPDATE ON dots BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER dots_delete_revision AFTER DELETE ON dots BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER votes_insert_revision AFTER INSERT ON votes BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER votes_update_revision AFTER UPDATE ON votes BEGIN UPDATE revision SET n = n + 1; END;
