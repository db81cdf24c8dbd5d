#!/usr/bin/env bash
# Durable fact updates over HTTP: POST /api/v1/residents/{id}/facts by a
# committee account, 64 connections, each answered only after its write is
# committed with synchronous=FULL (group commit shares the flush). Prints
# writes/s against the target (>= 5,000/s) and, as the reference, the
# commits/s SQLite achieves on this disk one row per transaction.
# Usage: bench/api_writes.sh [BUILD_DIR] [--duration S] [--residents N] [--pg] [--wal-attr]
# --pg: the same on PostgreSQL, a durable cluster of its own (fsync,
# synchronous_commit and full-page writes on: scripts/pg-test-server on port
# 55439, stopped afterwards); the reference is then psql, one INSERT per
# commit, on that server.
# --wal-attr (SQLite): after the run, copy the write-ahead log and kill the
# server before it can checkpoint it, then print which tables and indexes
# the log's frames belong to (bench/wal_attr.py); the server then
# checkpoints only past 200,000 frames (800 MB), so the log holds the run.
set -euo pipefail
cd "$(dirname "$0")/.."
# wrk, bc and the rest come with `make bench` (scripts/deps bench); run on its
# own, the script installs them when wrk is missing instead of failing at the
# load (wrk: command not found, after the data was made).
command -v wrk >/dev/null 2>&1 || scripts/deps bench
build=${1:-build}
duration=10
residents=20000
pg=0
wal_attr=0
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --duration) duration=$2; shift 2 ;;
  --residents) residents=$2; shift 2 ;;
  --pg) pg=1; shift ;;
  --wal-attr) wal_attr=1; shift ;;
  *) echo "usage: $0 [BUILD_DIR] [--duration S] [--residents N] [--pg] [--wal-attr]" >&2; exit 2 ;;
  esac
done
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-writes.XXXXXX)
pid=
pgenv=(CORDON_PG_PORT=55439 CORDON_PG_DIR=/tmp/cordon-pg-durable
  "CORDON_PG_OPTIONS=-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB ${CORDON_PG_BENCH_OPTIONS:-}")
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  [ "$pg" = 1 ] && env "${pgenv[@]}" scripts/pg-test-server stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
db=$work/w.db
if [ "$pg" = 1 ]; then
  admin=$(env "${pgenv[@]}" scripts/pg-test-server start)
  psql -X -q -d "$admin" -c "CREATE DATABASE cordon_bench_writes" >/dev/null
  db=${admin%/postgres}/cordon_bench_writes
fi
# The first and last resident ids, on either database.
ids() {
  if [ "$pg" = 1 ]; then psql -X -qAt -d "$db" -c "SELECT $1(id) FROM residents"
  else sqlite3 "$db" "SELECT $1(id) FROM residents"; fi
}
"$bin" init --db "$db" >/dev/null
"$bin" grid add --committee 310105002002 --name g1 --db "$db" >/dev/null
"$bin" gen residents --count "$residents" --seed 1 --unit 310105002002 --db "$db" >/dev/null
echo "bench-password" | "$bin" user add bench --role committee --unit 310105002002 \
  --password-stdin --db "$db" >/dev/null
first=$(ids min)
last=$(ids max)

[ "$wal_attr" = 1 ] && export CORDON_SQLITE_WAL_AUTOCHECKPOINT=200000
"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -qs listening "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
login=$(curl -s -D "$work/h" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password"}' "http://127.0.0.1:$port/api/v1/session")
export CSRF=$(echo "$login" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
export COOKIE=$(sed -n 's/^Set-Cookie: cordon_session=\([0-9a-f]*\);.*/\1/ip' "$work/h")
export FIRST_ID=$first LAST_ID=$last

# CPU seconds (user + system) of the processes given, from /proc.
cpu_s() {
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$t"
}
# The server's PostgreSQL processes (its backends among them).
pg_pids() { [ "$pg" = 1 ] && pgrep -P "$(head -1 /tmp/cordon-pg-durable/data/postmaster.pid)" || true; }
echo "-- api_writes ($([ "$pg" = 1 ] && echo PostgreSQL || echo SQLite)): $residents residents in one committee, 64 connections, ${duration} s"
c0=$(cpu_s "$pid")
p0=$(cpu_s $(pg_pids))
wrk -t2 -c64 -d"${duration}s" -s bench/api_writes.lua "http://127.0.0.1:$port" | tail -1
c1=$(cpu_s "$pid")
p1=$(cpu_s $(pg_pids))
tck=$(getconf CLK_TCK)
echo "   CPU during the run: server $(echo "scale=2; ($c1 - $c0) / $tck" | bc) s$([ "$pg" = 1 ] && echo ", PostgreSQL $(echo "scale=2; ($p1 - $p0) / $tck" | bc) s") (of ${duration} s on $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cordon_db_(commits_total|commits_rerun_total|group_jobs_sum|commit_seconds_total|write_seconds_total|wal_bytes_total)' |
  awk '{v[$1]=$2} END {printf "   groups %d, writes per group %.1f, time in COMMIT %.2f s of %.2f s in transactions", v["cordon_db_commits_total"], v["cordon_db_group_jobs_sum"]/v["cordon_db_commits_total"], v["cordon_db_commit_seconds_total"], v["cordon_db_write_seconds_total"]
    if ("cordon_db_wal_bytes_total" in v) printf ", WAL %.0f bytes per write (%.0f per group)", v["cordon_db_wal_bytes_total"]/v["cordon_db_group_jobs_sum"], v["cordon_db_wal_bytes_total"]/v["cordon_db_commits_total"]
    if ("cordon_db_commits_rerun_total" in v) printf ", groups run again without the pipeline %d", v["cordon_db_commits_rerun_total"]
    printf "\n"}'
if [ "$wal_attr" = 1 ] && [ "$pg" = 0 ]; then
  cp "$db-wal" "$work/copy.db-wal"
  cp "$db" "$work/copy.db"
  { kill -9 "$pid"; wait "$pid"; } 2>/dev/null || true
  python3 bench/wal_attr.py "$work/copy.db" "$work/copy.db-wal"
fi
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=

# Reference: one row per transaction, durable, on the same disk.
n=2000
if [ "$pg" = 1 ]; then
  psql -X -q -d "$db" -c "CREATE TABLE ref_t (id BIGSERIAL PRIMARY KEY, v INTEGER)" >/dev/null
  t0=$(date +%s.%N)
  for i in $(seq $n); do echo "INSERT INTO ref_t (v) VALUES ($i);"; done | psql -X -q -d "$db" >/dev/null
  t1=$(date +%s.%N)
  echo "   reference: psql, one INSERT per commit, fsync and synchronous_commit on: $(echo "$n / ($t1 - $t0)" | bc) commits/s (target for the API: >= 5000 writes/s)"
  exit 0
fi
sqlite3 "$work/ref.db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);" >/dev/null
t0=$(date +%s.%N)
{ echo "PRAGMA synchronous=FULL;"; for i in $(seq $n); do echo "INSERT INTO t (v) VALUES ($i);"; done; } | sqlite3 "$work/ref.db"
t1=$(date +%s.%N)
echo "   reference: sqlite3, one INSERT per commit, synchronous=FULL: $(echo "$n / ($t1 - $t0)" | bc) commits/s (target for the API: >= 5000 writes/s)"
