# Sourced by bench/pg_*.sh: a PostgreSQL server to measure on, and fresh
# databases on it that are dropped at the end.
#   pg_server_up     use $CORDON_BENCH_PG (an admin URL), else start a
#                    throw-away cluster with scripts/pg-test-server on
#                    $CORDON_BENCH_PG_PORT (default 55433, away from the
#                    tests' 55432 so a test run elsewhere does not share it)
#   pg_server_down   stop the cluster if pg_server_up started it
#   pg_new_db NAME   create an empty database, print its URL
#   pg_drop_made     drop every database pg_new_db made
# Also now/elapsed/ratio as in bench/run.

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }

export PGOPTIONS="-c client_min_messages=warning"
_pg_started=
_pg_made=()

pg_server_up() {
  if [ -n "${CORDON_BENCH_PG:-}" ]; then
    return 0
  fi
  export CORDON_PG_PORT=${CORDON_BENCH_PG_PORT:-55433}
  export CORDON_PG_DIR=/tmp/cordon-pg-bench-$CORDON_PG_PORT
  # As a database server would be set up for this data (a quarter of this
  # machine's memory, checkpoints not every few seconds), not the tests'
  # 64 MB; still without fsync, so disks do not decide the ratios.
  export CORDON_PG_OPTIONS=${CORDON_BENCH_PG_OPTIONS:-"-c shared_buffers=4GB -c max_wal_size=16GB -c checkpoint_timeout=30min"}
  if ! scripts/pg-test-server status; then
    _pg_started=1
  fi
  CORDON_BENCH_PG=$(scripts/pg-test-server start) || return 1
  export CORDON_BENCH_PG
}

pg_server_down() {
  if [ -n "$_pg_started" ]; then
    scripts/pg-test-server stop
    _pg_started=
  fi
}

# The admin URL with its database replaced by $1.
pg_url() {
  local u=$CORDON_BENCH_PG
  local scheme=${u%%://*} rest=${u#*://}
  local host=${rest%%/*}
  echo "$scheme://$host/$1"
}

pg_new_db() {
  local name="cordon_bench_$$_$1"
  psql -X -q -d "$CORDON_BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null
  psql -X -q -d "$CORDON_BENCH_PG" -c "CREATE DATABASE \"$name\"" >/dev/null
  _pg_made+=("$name")
  pg_url "$name"
}

pg_drop_made() {
  local name
  for name in "${_pg_made[@]}"; do
    psql -X -q -d "$CORDON_BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  _pg_made=()
}

pg_version() {
  psql -X -A -t -d "$CORDON_BENCH_PG" -c "SHOW server_version" | cut -d' ' -f1
}

# Size of a table with its indexes: pg_size URL TABLE.
pg_size() {
  psql -X -A -t -d "$1" -c "SELECT pg_size_pretty(pg_total_relation_size('$2'))"
}
