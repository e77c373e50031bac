-- Pending imports (CONTRACT.md, "Import"): a previewed file's rows, kept 24
-- hours for their owner to commit. Nothing here is synced.
CREATE TABLE imports (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,
  club_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  rows        TEXT NOT NULL,             -- JSON: the previewed rows
  created_at  TEXT NOT NULL,
  expires_ms  INTEGER NOT NULL           -- unix ms after which it is gone
);
CREATE INDEX imports_expiry ON imports(expires_ms);
