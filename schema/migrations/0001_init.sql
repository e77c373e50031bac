-- Synced rows of every entity (schema/entities.json). One table: the schema,
-- not SQL, decides the fields; commune_id and club_id place a row in scope and
-- are fixed at creation.
CREATE TABLE rows (
  id          TEXT PRIMARY KEY,
  entity      TEXT NOT NULL,
  commune_id  TEXT NOT NULL DEFAULT '',
  club_id     TEXT NOT NULL DEFAULT '',
  fields      TEXT NOT NULL,             -- JSON object: field → value
  stamps      TEXT NOT NULL,             -- JSON object: field → [hlc, change_id]
  deleted     INTEGER NOT NULL DEFAULT 0,
  seq         INTEGER NOT NULL,          -- server order of the latest write
  updated_at  TEXT NOT NULL,             -- server receive time of the latest write
  updated_by  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX rows_seq ON rows(seq);
CREATE INDEX rows_commune ON rows(commune_id, entity);
CREATE INDEX rows_club ON rows(club_id, entity);

-- Every accepted (applied or superseded) change: the audit trail and the
-- idempotency log.
CREATE TABLE change_log (
  id               TEXT PRIMARY KEY,
  entity           TEXT NOT NULL,
  row_id           TEXT NOT NULL,
  op               TEXT NOT NULL,
  fields           TEXT NOT NULL,
  hlc              TEXT NOT NULL,
  status           TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  username         TEXT NOT NULL,
  device_id        TEXT NOT NULL,
  origin_device_id TEXT NOT NULL,
  received_at      TEXT NOT NULL
) STRICT;
CREATE INDEX change_log_row ON change_log(row_id);

-- Two devices that set one field to different values close in time.
CREATE TABLE conflicts (
  row_id      TEXT NOT NULL,
  field       TEXT NOT NULL,
  hlc_a       TEXT NOT NULL,
  hlc_b       TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  PRIMARY KEY (row_id, field, hlc_a, hlc_b)
) STRICT;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta(key, value) VALUES ('seq', '0');

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name     TEXT NOT NULL,
  role          TEXT NOT NULL,
  commune_id    TEXT,
  club_ids      TEXT NOT NULL DEFAULT '[]',
  disabled      INTEGER NOT NULL DEFAULT 0,
  scope_epoch   INTEGER NOT NULL DEFAULT 0, -- bumped when club_ids change: older cursors reset
  created_at    TEXT NOT NULL
) STRICT;

-- A session is (user, device). Refresh tokens are stored as SHA-256 hashes.
CREATE TABLE sessions (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users(id),
  device_id      TEXT NOT NULL,
  device_name    TEXT NOT NULL DEFAULT '',
  refresh_hash   TEXT NOT NULL,
  prev_hash      TEXT NOT NULL DEFAULT '',  -- the token rotated away last
  rotated_at     INTEGER NOT NULL DEFAULT 0, -- unix ms of that rotation
  prev_used      INTEGER NOT NULL DEFAULT 0, -- the grace was used once
  refreshed_at   INTEGER NOT NULL,           -- unix ms of login or last refresh
  gen            INTEGER NOT NULL DEFAULT 0, -- pair number, carried by access tokens
  min_gen        INTEGER NOT NULL DEFAULT 0, -- access tokens of older pairs are refused
  revoked        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  UNIQUE (user_id, device_id)
) STRICT;

-- Refresh tokens rotated away: presenting one again revokes its session.
CREATE TABLE refresh_used (
  hash       TEXT PRIMARY KEY,
  session_id TEXT NOT NULL
) STRICT;

CREATE TABLE login_failures (
  key TEXT NOT NULL,      -- 'u:' || username or 'a:' || address
  at  INTEGER NOT NULL    -- unix ms
) STRICT;
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Generated reports, returned unchanged later.
CREATE TABLE reports (
  id           TEXT PRIMARY KEY,
  commune_id   TEXT NOT NULL,
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL,
  format       TEXT NOT NULL,
  content_type TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  content      BLOB NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
