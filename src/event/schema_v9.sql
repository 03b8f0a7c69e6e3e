-- thrive event store, schema version 9: services from the area's own directory (Open Referral
-- UK / HSDS 3.0). A service brought in from a directory keeps the directory's id for it, so a
-- second import updates it rather than adding it again; when a person last checked the record
-- (assured_date), so the map can say how fresh it is; the directory's status when it is not
-- 'active' (or 'unlisted' once a whole directory no longer lists it); the directory's maximum
-- age when it is past our 0-25 (the grids draw it as "to 25+"); and what the directory said
-- last time, as JSON, so a re-import changes only the fields the room has not changed.

ALTER TABLE services ADD COLUMN directory_id TEXT;
ALTER TABLE services ADD COLUMN assured_date TEXT;
ALTER TABLE services ADD COLUMN directory_status TEXT;
ALTER TABLE services ADD COLUMN directory_max_age INTEGER;
ALTER TABLE services ADD COLUMN directory_said TEXT;
CREATE INDEX services_by_directory_id ON services (event_id, directory_id);
