-- The officer's document number of a report ("Số: …/BC-…", POST /api/reports)
-- and the history of a commune's reports, newest first.
ALTER TABLE reports ADD COLUMN number TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_commune ON reports(commune_id, created_at);
