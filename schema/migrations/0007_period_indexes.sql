-- A period's indicators read from the store (store.PeriodRows) take readings
-- and attendance of that period only: readings by their day, meetings by
-- their day and attendance by its meeting, so that a recomputation reads the
-- period's rows, not every year of history. Partial indexes: other entities'
-- writes do not maintain them.
CREATE INDEX rows_measured ON rows(commune_id, json_extract(fields, '$.measured_on')) WHERE entity = 'health_check';
CREATE INDEX rows_held ON rows(commune_id, json_extract(fields, '$.held_on')) WHERE entity = 'meeting';
CREATE INDEX rows_meeting ON rows(json_extract(fields, '$.meeting_id')) WHERE entity = 'attendance';
-- A pull reads each part of its scope in seq order (store.Pull): the
-- rows of each club by seq, a page at a time.
CREATE INDEX rows_club_seq ON rows(club_id, seq);
