-- thrive event store, schema version 7: the i-THRIVE assessment. Each principle scored at
-- each level of the system, 1 to 4, with the evidence the room agreed. A row is a cell that
-- was scored or given a rationale; a cell with neither is no row.

CREATE TABLE assessment (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- the principle's slug ('needs-led') and the level's ('commissioning', 'services',
    -- 'individual')
    principle  TEXT NOT NULL,
    level      TEXT NOT NULL,
    score      INTEGER CHECK (score BETWEEN 1 AND 4),
    rationale  TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, principle, level)
);
CREATE TRIGGER assessment_insert_revision AFTER INSERT ON assessment BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER assessment_update_revision AFTER UPDATE ON assessment BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER assessment_delete_revision AFTER DELETE ON assessment BEGIN UPDATE revision SET n = n + 1; END;
