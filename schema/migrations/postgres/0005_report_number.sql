-- PostgreSQL's 0005_report_number.sql: the SQLite migration of the same name
-- with the byte-order collation of the other text columns.
ALTER TABLE reports ADD COLUMN number TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX reports_commune ON reports(commune_id, created_at);
