#!/usr/bin/env bash
# Durable bookings over HTTP (issue 15): POST /api/v1/campaigns/{id}/bookings
# by a committee account for distinct households, 64 connections, each
# answered only after its booking is committed (synchronous=FULL, group
# commit shares the flush). Each booking is one statement (an INSERT …
# SELECT checking window, scope, colour and stock, the box taken by a
# trigger; store_booking_take), run without a savepoint. Prints bookings/s against
# the target (>= 10,000/s) and, as the reference measured in the same run,
# the commits/s SQLite achieves on this disk one row per transaction.
# Usage: bench/api_bookings.sh [BUILD_DIR] [--duration S] [--households N] [--connections N] [--pg]
# --pg: the same on PostgreSQL, a durable cluster of its own (fsync,
# synchronous_commit and full-page writes on: scripts/pg-test-server on port
# $CORDON_BENCH_PG_PORT, default 55440, data in
# /tmp/cordon-pg-durable-bookings-PORT), with its reference the commits/s of
# psql one INSERT per commit on that cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=10
connections=64
households=300000
pg=0
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --duration) duration=$2; shift 2 ;;
  --households) households=$2; shift 2 ;;
  --connections) connections=$2; shift 2 ;;
  --pg) pg=1; shift ;;
  *) echo "usage: $0 [BUILD_DIR] [--duration S] [--households N] [--connections N] [--pg]" >&2; exit 2 ;;
  esac
done
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-bookings.XXXXXX)
pid=
port=${CORDON_BENCH_PG_PORT:-55440}
pgenv=(CORDON_PG_PORT=$port CORDON_PG_DIR=/tmp/cordon-pg-durable-bookings-$port
  "CORDON_PG_OPTIONS=-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB ${CORDON_PG_BENCH_OPTIONS:-}")
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  [ "$pg" = 1 ] && env "${pgenv[@]}" scripts/pg-test-server stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
committee=310112108064
db=$work/b.db
if [ "$pg" = 1 ]; then
  admin=$(env "${pgenv[@]}" scripts/pg-test-server start)
  psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS cordon_bench_bookings" >/dev/null
  psql -X -q -d "$admin" -c "CREATE DATABASE cordon_bench_bookings" >/dev/null
  db=${admin%/postgres}/cordon_bench_bookings
fi
# SQL on the database, either kind (stdin when no argument).
q() {
  if [ "$pg" = 1 ]; then psql -X -qAt -v ON_ERROR_STOP=1 -d "$db" ${1:+-c "$1"}
  else sqlite3 "$db" ${1:+"$1"}; fi
}
"$bin" init --db "$db" >/dev/null
echo "bench-password" | "$bin" user add bench --role committee --unit $committee \
  --password-stdin --db "$db" >/dev/null
# The households, written straight into the register (as an import would).
q <<SQL
INSERT INTO compounds (committee, name, district) VALUES ($committee, '中海寰宇', 310112);
INSERT INTO buildings (compound, name, district) SELECT id, '1号', 310112 FROM compounds;
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $households)
INSERT INTO households (building, unit, room, committee, district)
SELECT (SELECT min(id) FROM buildings), '', 'R' || n, $committee, 310112 FROM s;
SQL
campaign=$("$bin" campaign add --unit $committee --item 口罩 --stock $households \
  --opens 2020-03-01 --closes 2020-03-31 --db "$db" | awk 'NR == 1 {print $2}')
first=$(q "SELECT min(id) FROM households")
last=$(q "SELECT max(id) FROM households")

"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
login=$(curl -s -D "$work/h" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password"}' "http://127.0.0.1:$port/api/v1/session")
export CSRF=$(echo "$login" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
export COOKIE=$(sed -n 's/^Set-Cookie: cordon_session=\([0-9a-f]*\);.*/\1/ip' "$work/h")
export FIRST_ID=$first LAST_ID=$last CAMPAIGN=$campaign THREADS=2

echo "-- api_bookings ($([ "$pg" = 1 ] && echo PostgreSQL || echo SQLite)): $households households in one committee, $connections connections, ${duration} s"
wrk -t2 -c"$connections" -d"${duration}s" -s bench/api_bookings.lua "http://127.0.0.1:$port" | tail -1
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cordon_db_(commits_total|group_jobs_sum|commit_seconds_total|write_seconds_total)' |
  awk '{v[$1]=$2} END {printf "   groups %d, writes per group %.1f, time in COMMIT %.2f s of %.2f s in transactions\n", v["cordon_db_commits_total"], v["cordon_db_group_jobs_sum"]/v["cordon_db_commits_total"], v["cordon_db_commit_seconds_total"], v["cordon_db_write_seconds_total"]}'
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "   bookings in the database: $(q "SELECT count(*) FROM bookings"), distinct households: $(q "SELECT count(DISTINCT household) FROM bookings"), remaining stock: $(q "SELECT stock - allocated FROM campaigns")"

# Reference: one row per transaction, durable, on the same disk.
n=2000
if [ "$pg" = 1 ]; then
  q "CREATE TABLE ref_t (id BIGSERIAL PRIMARY KEY, v INTEGER)" >/dev/null
  t0=$(date +%s.%N)
  for i in $(seq $n); do echo "INSERT INTO ref_t (v) VALUES ($i);"; done | psql -X -q -d "$db" >/dev/null
  t1=$(date +%s.%N)
  echo "   reference: psql, one INSERT per commit, fsync and synchronous_commit on: $(echo "$n / ($t1 - $t0)" | bc) commits/s (target for the API: >= 10000 bookings/s)"
  exit 0
fi
sqlite3 "$work/ref.db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);" >/dev/null
t0=$(date +%s.%N)
{ echo "PRAGMA synchronous=FULL;"; for i in $(seq $n); do echo "INSERT INTO t (v) VALUES ($i);"; done; } | sqlite3 "$work/ref.db"
t1=$(date +%s.%N)
echo "   reference: sqlite3, one INSERT per commit, synchronous=FULL: $(echo "$n / ($t1 - $t0)" | bc) commits/s (target for the API: >= 10000 bookings/s)"
