#!/usr/bin/env bash
# Durable building entries over HTTP (issue 16): POST /api/v1/places/{id}/
# entries by the committee's account at an office building's door, every
# request a different worker (bench/entries.lua), each answered only after
# its entry is committed with synchronous=FULL (group commit shares the
# flush). Prints entries/s against the target (>= 20,000/s) and, as the
# reference the other write benchmarks use, the commits/s SQLite achieves on
# this disk one row per transaction.
# Usage: bench/api_entries.sh [BUILD_DIR] [--duration S] [--connections N]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=10
conns=256
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --duration) duration=$2; shift 2 ;;
  --connections) conns=$2; shift 2 ;;
  *) echo "usage: $0 [BUILD_DIR] [--duration S] [--connections N]" >&2; exit 2 ;;
  esac
done
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-entries.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
db=$work/e.db
committee=310104012001
"$bin" init --db "$db" >/dev/null
"$bin" grid add --committee "$committee" --name 园区网格 --db "$db" >/dev/null
grid=$(sqlite3 "$db" "SELECT code FROM units WHERE parent = $committee ORDER BY code LIMIT 1")
"$bin" place add --grid "$grid" --kind office --name 虹梅商务楼1号 --db "$db" >/dev/null
place=$(sqlite3 "$db" "SELECT id FROM places LIMIT 1")
echo "bench-password" | "$bin" user add bench --role committee --unit "$committee" \
  --password-stdin --db "$db" >/dev/null

${PERF:+perf record -g -o "$PERF" --} "$bin" serve --db "$db" --listen 127.0.0.1:0 --max-per-address $((conns + 16)) >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
login=$(curl -s -D "$work/h" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password"}' "http://127.0.0.1:$port/api/v1/session")
export CSRF=$(echo "$login" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
export COOKIE=$(sed -n 's/^Set-Cookie: cordon_session=\([0-9a-f]*\);.*/\1/ip' "$work/h")
export PLACE=$place

echo "-- api_entries: distinct workers at one building's door, $conns connections, ${duration} s"
wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s -s bench/entries.lua "http://127.0.0.1:$port" | tail -1
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cordon_db_(commits_total|group_jobs_sum|commit_seconds_total|write_seconds_total)' |
  awk '{v[$1]=$2} END {printf "   groups %d, entries per group %.1f, time in COMMIT %.2f s of %.2f s in transactions\n", v["cordon_db_commits_total"], v["cordon_db_group_jobs_sum"]/v["cordon_db_commits_total"], v["cordon_db_commit_seconds_total"], v["cordon_db_write_seconds_total"]}'
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "   rows: $(sqlite3 "$db" "SELECT count(*) FROM building_entries") entries ($(sqlite3 "$db" "SELECT count(*) FROM building_entries WHERE fever = 1") with a fever)"

# Reference: one row per transaction with synchronous=FULL on the same disk.
n=2000
sqlite3 "$work/ref.db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);" >/dev/null
t0=$(date +%s.%N)
{ echo "PRAGMA synchronous=FULL;"; for i in $(seq $n); do echo "INSERT INTO t (v) VALUES ($i);"; done; } | sqlite3 "$work/ref.db"
t1=$(date +%s.%N)
echo "   reference: sqlite3, one INSERT per commit, synchronous=FULL: $(echo "$n / ($t1 - $t0)" | bc) commits/s (target for the API: >= 20000 entries/s)"
