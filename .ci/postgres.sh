# Sourced by .ci/run and .ci/with-postgres. start_postgres starts a
# throw-away PostgreSQL (Debian's postgresql, installed when missing) in a
# temporary folder, listening on a unix socket only, exports
# CLB_TEST_DATABASE_URL for the tests and benchmarks, and stops it and removes
# the folder when the calling script exits. Root cannot run PostgreSQL: as
# root it runs as the postgres user. fsync is off (the data is thrown away)
# unless PG_FSYNC=on, as benchmarks set it.
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGDIR=$(mktemp -d)
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PGDIR"
    as=(su postgres -c)
  else
    as=(sh -c)
  fi
  "${as[@]}" "$PGBIN/initdb -D $PGDIR/db -A trust -U postgres" >/dev/null
  "${as[@]}" "$PGBIN/pg_ctl -D $PGDIR/db -w -l $PGDIR/log -o '-k $PGDIR -c listen_addresses= -c max_connections=300 -c fsync=${PG_FSYNC:-off}' start" >/dev/null
  PG_AS="${as[*]}"
  trap 'stop_postgres' EXIT
  export CLB_TEST_DATABASE_URL="postgres://postgres@/postgres?host=$PGDIR"
}

stop_postgres() {
  if [ -n "${PGDIR:-}" ]; then
    $PG_AS "$PGBIN/pg_ctl -D $PGDIR/db -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
    PGDIR=
  fi
}
