-- PostgreSQL's 0001_init.sql: the SQLite migration of the same name with
-- PostgreSQL's types (BIGINT for INTEGER, booleans included; BYTEA for BLOB;
-- TEXT in byte order, as SQLite compares it) and change_log.n, the write
-- order that SQLite keeps as rowid.
-- Synced rows of every entity (schema/entities.json). One table: the schema,
-- not SQL, decides the fields; commune_id and club_id place a row in scope and
-- are fixed at creation.
CREATE TABLE rows (
  id          TEXT COLLATE "C" PRIMARY KEY,
  entity      TEXT COLLATE "C" NOT NULL,
  commune_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
  club_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
  fields      TEXT COLLATE "C" NOT NULL,             -- JSON object: field → value
  stamps      TEXT COLLATE "C" NOT NULL,             -- JSON object: field → [hlc, change_id]
  deleted     BIGINT NOT NULL DEFAULT 0,
  seq         BIGINT NOT NULL,          -- server order of the latest write
  updated_at  TEXT COLLATE "C" NOT NULL,             -- server receive time of the latest write
  updated_by  TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX rows_seq ON rows(seq);
CREATE INDEX rows_commune ON rows(commune_id, entity);
CREATE INDEX rows_club ON rows(club_id, entity);

-- Every accepted (applied or superseded) change: the audit trail and the
-- idempotency log.
CREATE TABLE change_log (
  id               TEXT COLLATE "C" PRIMARY KEY,
  entity           TEXT COLLATE "C" NOT NULL,
  row_id           TEXT COLLATE "C" NOT NULL,
  op               TEXT COLLATE "C" NOT NULL,
  fields           TEXT COLLATE "C" NOT NULL,
  hlc              TEXT COLLATE "C" NOT NULL,
  status           TEXT COLLATE "C" NOT NULL,
  user_id          TEXT COLLATE "C" NOT NULL,
  username         TEXT COLLATE "C" NOT NULL,
  device_id        TEXT COLLATE "C" NOT NULL,
  origin_device_id TEXT COLLATE "C" NOT NULL,
  received_at      TEXT COLLATE "C" NOT NULL,
  n                BIGINT GENERATED ALWAYS AS IDENTITY -- write order (SQLite's rowid)
);
CREATE INDEX change_log_row ON change_log(row_id);

-- Two devices that set one field to different values close in time.
CREATE TABLE conflicts (
  row_id      TEXT COLLATE "C" NOT NULL,
  field       TEXT COLLATE "C" NOT NULL,
  hlc_a       TEXT COLLATE "C" NOT NULL,
  hlc_b       TEXT COLLATE "C" NOT NULL,
  detected_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (row_id, field, hlc_a, hlc_b)
);

CREATE TABLE meta (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);
INSERT INTO meta(key, value) VALUES ('seq', '0');

CREATE TABLE users (
  id            TEXT COLLATE "C" PRIMARY KEY,
  username      TEXT COLLATE "C" NOT NULL UNIQUE,
  password_hash TEXT COLLATE "C" NOT NULL,
  full_name     TEXT COLLATE "C" NOT NULL,
  role          TEXT COLLATE "C" NOT NULL,
  commune_id    TEXT COLLATE "C",
  club_ids      TEXT COLLATE "C" NOT NULL DEFAULT '[]',
  disabled      BIGINT NOT NULL DEFAULT 0,
  scope_epoch   BIGINT NOT NULL DEFAULT 0, -- bumped when club_ids change: older cursors reset
  created_at    TEXT COLLATE "C" NOT NULL
);

-- A session is (user, device). Refresh tokens are stored as SHA-256 hashes.
CREATE TABLE sessions (
  id             TEXT COLLATE "C" PRIMARY KEY,
  user_id        TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  device_id      TEXT COLLATE "C" NOT NULL,
  device_name    TEXT COLLATE "C" NOT NULL DEFAULT '',
  refresh_hash   TEXT COLLATE "C" NOT NULL,
  prev_hash      TEXT COLLATE "C" NOT NULL DEFAULT '',  -- the token rotated away last
  rotated_at     BIGINT NOT NULL DEFAULT 0, -- unix ms of that rotation
  prev_used      BIGINT NOT NULL DEFAULT 0, -- the grace was used once
  refreshed_at   BIGINT NOT NULL,           -- unix ms of login or last refresh
  gen            BIGINT NOT NULL DEFAULT 0, -- pair number, carried by access tokens
  min_gen        BIGINT NOT NULL DEFAULT 0, -- access tokens of older pairs are refused
  revoked        BIGINT NOT NULL DEFAULT 0,
  created_at     TEXT COLLATE "C" NOT NULL,
  UNIQUE (user_id, device_id)
);

-- Refresh tokens rotated away: presenting one again revokes its session.
CREATE TABLE refresh_used (
  hash       TEXT COLLATE "C" PRIMARY KEY,
  session_id TEXT COLLATE "C" NOT NULL
);

CREATE TABLE login_failures (
  key TEXT COLLATE "C" NOT NULL,      -- 'u:' || username or 'a:' || address
  at  BIGINT NOT NULL    -- unix ms
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Generated reports, returned unchanged later.
CREATE TABLE reports (
  id           TEXT COLLATE "C" PRIMARY KEY,
  commune_id   TEXT COLLATE "C" NOT NULL,
  period_from  TEXT COLLATE "C" NOT NULL,
  period_to    TEXT COLLATE "C" NOT NULL,
  format       TEXT COLLATE "C" NOT NULL,
  content_type TEXT COLLATE "C" NOT NULL,
  file_name    TEXT COLLATE "C" NOT NULL,
  content      BYTEA NOT NULL,
  created_by   TEXT COLLATE "C" NOT NULL,
  created_at   TEXT COLLATE "C" NOT NULL
);
