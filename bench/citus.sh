#!/usr/bin/env bash
# PostgreSQL and Citus side by side (issue 20): the same measurements on one
# PostgreSQL server and on a Citus cluster (coordinator + 2 workers) on the
# same machine, so that the ratio is the overhead of distribution, not its
# gain. Both durable (fsync, synchronous_commit and full-page writes on),
# each node with the same settings (shared_buffers=256MB), made here and
# deleted at the end:
#   PostgreSQL  scripts/pg-test-server      on 127.0.0.1:55460
#   Citus       scripts/citus-test-cluster  on 127.0.0.1:55470 (workers
#               55471-55472), citus.shard_count=32
# On each, in the cluster's `postgres` database (on Citus the script has
# put the extension and the node list there): `cordon init --city 3101`
# (Shanghai's hierarchy; on Citus this distributes the schema), then
#   import     `cordon import residents` of N residents spread over the
#              city's 6,509 committees (`cordon gen residents --unit 3101`,
#              one CSV for both); reference: psql's \copy of the same CSV
#              into one flat table with UNIQUE(身份证号) on the same server
#              (on Citus also into a flat reference table, copied to every
#              node, as the register is today)
#   counts     GET /api/v1/units/3101/counts by a city_admin over HTTP
#              (the answer is cached per unit for up to 1 s), and the
#              statement behind it uncached (pgbench, 8 clients, prepared)
#   dashboard  GET /api/v1/units/{committee}/dashboard by committee accounts
#              (the page a committee opens first), one committee of each of
#              the 16 districts, a random one per request
#   writes     POST /api/v1/residents/{id}/facts by the same 16 committee
#              accounts, a random resident of the account's committee, each
#              answered after its commit (bench/api_writes.sh's write, spread
#              over districts); reference: psql, one INSERT per commit, into
#              a plain table (on Citus also into a reference table)
# wrk: 2 threads, 64 connections, --duration S (default 10) each, a 30 s
# timeout (a slow answer is counted in the latency, not as an error); cordon
# serve with its default threads. Prints the figures as a Markdown table
# with the ratio Citus / PostgreSQL, and the load average at start and end.
# Usage: bench/citus.sh [BUILD_DIR] [--residents N] [--duration S]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null 2>&1 || scripts/deps bench
build=${1:-build}
residents=1000000
duration=10
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --residents) residents=$2; shift 2 ;;
  --duration) duration=$2; shift 2 ;;
  *) echo "usage: $0 [BUILD_DIR] [--residents N] [--duration S]" >&2; exit 2 ;;
  esac
done
bin=$(realpath "$build/cordon")
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/cordon-bench-citus.XXXXXX)
pid=
durable="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB -c max_wal_size=8GB -c checkpoint_timeout=30min"
pgenv=(CORDON_PG_PORT=55460 CORDON_PG_DIR=/tmp/cordon-pg-citus-bench "CORDON_PG_OPTIONS=$durable")
cenv=(CORDON_CITUS_PORT=55470 CORDON_CITUS_DIR=/tmp/cordon-citus-bench "CORDON_PG_OPTIONS=$durable -c citus.shard_count=32")
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  env "${pgenv[@]}" scripts/pg-test-server stop >/dev/null 2>&1 || true
  env "${cenv[@]}" scripts/citus-test-cluster stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
export PGOPTIONS="-c client_min_messages=warning"
now() { date +%s.%N; }
since() { printf %.2f "$(echo "$(now) - $1" | bc -l)"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
res=$work/results
: >"$res"
# put KIND KEY VALUE: one figure for the table at the end.
put() { echo "$1|$2|$3" >>"$res"; }
get() { awk -F'|' -v k="$1" -v m="$2" '$1 == k && $2 == m {print $3}' "$res" | tail -1; }

load0=$(load)
echo "-- citus: $residents residents of Shanghai, PostgreSQL vs Citus (coordinator + 2 workers), durable, load $load0 ($(nproc) cores)"
pg=$(env "${pgenv[@]}" scripts/pg-test-server start)
citus=$(env "${cenv[@]}" scripts/citus-test-cluster start)
echo "   PostgreSQL $pg; Citus $citus, workers: $(psql -X -qAt -d "$citus" -c "SELECT string_agg(nodeport::text, ' ' ORDER BY nodeport) FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0")"

# One CSV for both, generated from a throw-away SQLite hierarchy.
"$bin" init --city 3101 --db "$work/gen.db" >/dev/null
"$bin" gen residents --count "$residents" --seed 1 --unit 3101 -o "$work/residents.csv" --db "$work/gen.db" >/dev/null
echo "   CSV: $(du -m "$work/residents.csv" | cut -f1) MB, $(($(wc -l <"$work/residents.csv") - 1)) rows"
header=$(head -1 "$work/residents.csv" | sed 's/^\xef\xbb\xbf//; s/\r$//')
cols=$(echo "$header" | awk -F, '{for (i=1;i<=NF;i++) printf "%s\"%s\" TEXT", (i>1?", ":""), $i}')

wrk_run() { # LABEL ARGS...: one wrk run, its summary line
  local label=$1
  shift
  wrk -t2 -c64 -d"${duration}s" --timeout 30s "$@" | tail -1 | sed "s/^/   /"
}
rate() { sed -n 's/.*: \([0-9]*\)\/s, non-2xx \([0-9]*\), socket errors \([0-9]*\), latency p50 \([0-9.]*\) ms p99 \([0-9.]*\) ms.*/\1 \2 \3 \4 \5/p'; }

measure() { # KIND URL
  local kind=$1 db=$2 t0 n ref out port login h acc r
  echo "-- $kind (load $(load))"
  t0=$(now)
  "$bin" init --city 3101 --db "$db" >/dev/null
  put "$kind" init "$(since "$t0")"

  # Reference: the CSV into one flat table, COPY from the client.
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE TABLE bench_flat ($cols, UNIQUE(\"身份证号\"))"
  t0=$(now)
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy bench_flat FROM '$work/residents.csv' WITH (FORMAT csv, HEADER true)"
  put "$kind" copy "$(since "$t0")"
  psql -X -q -d "$db" -c "DROP TABLE bench_flat"
  if [ "$kind" = citus ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE TABLE bench_flat ($cols, UNIQUE(\"身份证号\"))" \
      -c "SELECT create_reference_table('bench_flat')" >/dev/null
    t0=$(now)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy bench_flat FROM '$work/residents.csv' WITH (FORMAT csv, HEADER true)"
    put "$kind" copyref "$(since "$t0")"
    psql -X -q -d "$db" -c "DROP TABLE bench_flat"
  fi
  echo "   COPY into a flat table: $(get "$kind" copy) s$([ "$kind" = citus ] && echo ", into a flat reference table: $(get "$kind" copyref) s")"

  t0=$(now)
  "$bin" import residents "$work/residents.csv" --db "$db" --quiet >/dev/null
  put "$kind" import "$(since "$t0")"
  n=$(psql -X -qAt -d "$db" -c "SELECT count(*) FROM residents")
  [ "$n" -eq "$residents" ] || { echo "citus.sh: $n residents in the database, expected $residents" >&2; exit 1; }
  echo "   import: $(get "$kind" import) s ($n residents; load $(load))"
  put "$kind" size "$(psql -X -qAt -d "$db" -c "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database WHERE datname = 'postgres'")"

  # Accounts: a city administrator, and one committee of each district (the
  # first in code order); a committee's residents have consecutive ids (the
  # CSV lists them committee by committee).
  echo "bench-password" | "$bin" user add city --role city_admin --unit 3101 --password-stdin --db "$db" >/dev/null
  psql -X -qAt -F' ' -d "$db" -c "SELECT committee, min(id), max(id), count(*) FROM residents
      WHERE committee IN (SELECT min(committee) FROM residents GROUP BY district)
      GROUP BY committee ORDER BY committee" >"$work/committees"
  awk '$3 - $2 + 1 != $4 {print "citus.sh: committee " $1 ": ids not consecutive"; exit 1}' "$work/committees"
  while read -r c _; do
    echo "bench-password" | "$bin" user add "c$c" --role committee --unit "$c" --password-stdin --db "$db" >/dev/null
  done <"$work/committees"

  t0=$(now)
  "$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>"$work/serve.err" &
  pid=$!
  for _ in $(seq 6000); do
    grep -qs listening "$work/out" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
  [ -n "$port" ] || { echo "citus.sh: cordon serve did not start: $(tail -3 "$work/serve.err")" >&2; exit 1; }
  put "$kind" start "$(since "$t0")"
  echo "   cordon serve listening after $(get "$kind" start) s"
  acc=$work/accounts
  : >"$acc"
  for u in city $(awk '{print "c" $1}' "$work/committees"); do
    login=$(curl -s -D "$work/h" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$u\",\"password\":\"bench-password\"}" "http://127.0.0.1:$port/api/v1/session")
    h=$(sed -n 's/^Set-Cookie: cordon_session=\([0-9a-f]*\);.*/\1/ip' "$work/h")
    [ -n "$h" ] || { echo "citus.sh: login of $u failed: $login" >&2; exit 1; }
    if [ "$u" = city ]; then
      citycookie=$h
    else
      echo "$h $(echo "$login" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/') $(awk -v c="${u#c}" '$1 == c {print $2, $3, $1}' "$work/committees")" >>"$acc"
    fi
  done
  curl -sf -H "Cookie: cordon_session=$citycookie" "http://127.0.0.1:$port/api/v1/units/3101/counts" | grep -q "\"total\":$residents" ||
    { echo "citus.sh: the city's counts are not $residents" >&2; exit 1; }

  # Counts at city level: over HTTP (cached up to 1 s), and the statement
  # behind the answer, uncached, with pgbench.
  echo 'dofile("bench/wrk_report.lua") wrk_report("counts", 200)' >"$work/counts.lua"
  r=$(wrk_run counts -s "$work/counts.lua" -H "Cookie: cordon_session=$citycookie" "http://127.0.0.1:$port/api/v1/units/3101/counts")
  echo "$r"
  put "$kind" counts "$(echo "$r" | rate)"
  # (A city's counts are its districts' rows summed: store/counts.c.)
  echo "SELECT colour, n FROM colour_counts WHERE unit >= 310100 AND unit < 310200;" >"$work/counts.sql"
  r=$("$pgbin/pgbench" -n -M prepared -c 8 -j 2 -T "$duration" -f "$work/counts.sql" "$db" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -1)
  put "$kind" countsql "$(printf %.0f "$r")"
  echo "   counts' statement, uncached (pgbench, 8 clients): $(get "$kind" countsql)/s"

  # A committee's dashboard, then the writes (which change the data).
  r=$(ACCOUNTS=$acc MODE=dashboard wrk_run dashboard -s bench/citus.lua "http://127.0.0.1:$port")
  echo "$r"
  put "$kind" dashboard "$(echo "$r" | rate)"
  r=$(ACCOUNTS=$acc MODE=writes wrk_run writes -s bench/citus.lua "http://127.0.0.1:$port")
  echo "$r"
  put "$kind" writes "$(echo "$r" | rate)"
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cordon_db_(commits_total|group_jobs_sum|commit_seconds_total|write_seconds_total)' |
    awk '{v[$1]=$2} END {printf "   groups %d, writes per group %.1f, time in COMMIT %.2f s of %.2f s in transactions\n", v["cordon_db_commits_total"], v["cordon_db_group_jobs_sum"]/v["cordon_db_commits_total"], v["cordon_db_commit_seconds_total"], v["cordon_db_write_seconds_total"]}'
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=

  # Reference for the writes: one INSERT per commit, durable.
  ref() { # TABLE: commits/s of 2,000 one-row transactions
    local t0 n=2000
    t0=$(now)
    for i in $(seq $n); do echo "INSERT INTO $1 (v) VALUES ($i);"; done | psql -X -q -d "$db" >/dev/null
    echo "$n / ($(now) - $t0)" | bc
  }
  psql -X -q -d "$db" -c "CREATE TABLE bench_ref (id BIGSERIAL PRIMARY KEY, v INTEGER)" >/dev/null
  put "$kind" commit "$(ref bench_ref)"
  if [ "$kind" = citus ]; then
    psql -X -q -d "$db" -c "CREATE TABLE bench_refr (id BIGSERIAL PRIMARY KEY, v INTEGER)" \
      -c "SELECT create_reference_table('bench_refr')" >/dev/null
    put "$kind" commitref "$(ref bench_refr)"
  fi
  echo "   reference: psql, one INSERT per commit: $(get "$kind" commit)/s$([ "$kind" = citus ] && echo ", into a reference table: $(get "$kind" commitref)/s")"
}

measure postgresql "$pg"
measure citus "$citus"
load1=$(load)

f() { echo "$1" | cut -d' ' -f"$2"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && printf %.2f "$(echo "$1 / $2" | bc -l)" || echo -; }
rps() { # KIND KEY: "R/s (p50 A ms, p99 B ms)[, non-2xx K]"
  local v
  v=$(get "$1" "$2")
  echo "$(printf %d "$(f "$v" 1)")/s (p50 $(f "$v" 4) ms, p99 $(f "$v" 5) ms)$([ "$(f "$v" 2)" != 0 ] && echo ", non-2xx $(f "$v" 2)")$([ "$(f "$v" 3)" != 0 ] && echo ", socket errors $(f "$v" 3)")"
}
ip=$(get postgresql import)
ic=$(get citus import)
echo
echo "| $residents residents, durable | PostgreSQL (1 server) | Citus (coordinator + 2 workers) | Citus / PostgreSQL |"
echo "| --- | --- | --- | --- |"
echo "| \`cordon init --city 3101\` | $(get postgresql init) s | $(get citus init) s | $(ratio "$(get citus init)" "$(get postgresql init)") |"
echo "| import (\`cordon import residents\`) | $ip s ($(printf %d "$(echo "$residents / $ip" | bc)") rows/s) | $ic s ($(printf %d "$(echo "$residents / $ic" | bc)") rows/s) | $(ratio "$ic" "$ip") |"
echo "| reference: COPY into a flat table | $(get postgresql copy) s | $(get citus copy) s (coordinator-local); $(get citus copyref) s into a reference table | $(ratio "$(get citus copyref)" "$(get postgresql copy)") (reference table) |"
echo "| import / COPY | $(ratio "$ip" "$(get postgresql copy)") | $(ratio "$ic" "$(get citus copyref)") (against the reference table) | |"
echo "| \`cordon serve\` until it listens | $(get postgresql start) s | $(get citus start) s | $(ratio "$(get citus start)" "$(get postgresql start)") |"
echo "| database size | $(get postgresql size) | $(get citus size) (coordinator) | |"
echo "| counts at city level, HTTP (cached ≤ 1 s) | $(rps postgresql counts) | $(rps citus counts) | $(ratio "$(f "$(get citus counts)" 1)" "$(f "$(get postgresql counts)" 1)") |"
echo "| counts' statement, uncached (pgbench) | $(printf %d "$(get postgresql countsql)")/s | $(printf %d "$(get citus countsql)")/s | $(ratio "$(get citus countsql)" "$(get postgresql countsql)") |"
echo "| a committee's dashboard, HTTP | $(rps postgresql dashboard) | $(rps citus dashboard) | $(ratio "$(f "$(get citus dashboard)" 1)" "$(f "$(get postgresql dashboard)" 1)") |"
echo "| durable fact updates, HTTP | $(rps postgresql writes) | $(rps citus writes) | $(ratio "$(f "$(get citus writes)" 1)" "$(f "$(get postgresql writes)" 1)") |"
echo "| reference: one INSERT per commit | $(get postgresql commit)/s | $(get citus commit)/s (coordinator-local); $(get citus commitref)/s into a reference table | $(ratio "$(get citus commitref)" "$(get postgresql commit)") (reference table) |"
echo
echo "load average: start $load0, end $load1"
