#!/usr/bin/env bash
# The national hierarchy on PostgreSQL (issue 8): every city of the embedded
# division codes (342 city-level units of 31 provinces, with their 2,978
# districts, 41,352 streets and towns and 620,573 committees and villages)
# loaded the way a national deployment runs cordon today (docs/scaling.md,
# 4.A): one database per city, made with CREATE DATABASE and
# `cordon init --city CODE`, then N residents per committee generated
# (`cordon gen residents`, not timed) and imported (`cordon import
# residents`, timed: a first import, so the bulk path). Prints each phase's
# time, units and residents per second, the largest city's figures and the
# size of it all.
# Usage: bench/pg_national.sh [BUILD_DIR] [--per-committee N] [--cities FILTER] [--jobs J]
#   --per-committee N  residents per committee (default 2; 0: hierarchy only)
#   --cities FILTER    only the cities `cordon cities FILTER` lists
#   --jobs J           cities loaded at once (default 1)
# The server as in bench/pg_import.sh ($CORDON_BENCH_PG, else a throw-away
# cluster of scripts/pg-test-server on port 55433).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
per=2
filter=
jobs=1
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --per-committee) per=$2; shift 2 ;;
  --cities) filter=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  *) echo "usage: $0 [BUILD_DIR] [--per-committee N] [--cities FILTER] [--jobs J]" >&2; exit 2 ;;
  esac
done
bin=$(realpath "$build/cordon")
. bench/pg_common.sh
pg_server_up

work=$(mktemp -d /tmp/cordon-bench-national.XXXXXX)
prefix="cordon_nat_$$_"
drop_all() {
  psql -X -A -t -d "$CORDON_BENCH_PG" -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'" |
    while read -r name; do
      psql -X -q -d "$CORDON_BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
}
cleanup() { drop_all; rm -rf "$work"; pg_server_down; }
trap cleanup EXIT
export CORDON_TODAY=2020-03-09

"$bin" cities $filter | awk '{print $1}' >"$work/cities"
ncities=$(wc -l <"$work/cities")
[ "$ncities" -gt 0 ] || { echo "pg_national: no city matches '$filter'" >&2; exit 1; }
echo "-- pg_national: $ncities cities, $per residents per committee, $jobs at a time, PostgreSQL $(pg_version)"

# One city: database, hierarchy, residents. Appends "code units committees
# t_create t_init t_gen t_import residents" to $work/times, or the step that
# failed and its message to $work/failed.
city() {
  local c=$1 url t0 t1 t2 t3 t4 units committees n=0 out
  failed() { echo "$c: $1: $(tr '\n' ' ' <"$work/err$c")" >>"$work/failed"; rm -f "$work/err$c" "$work/r$c.csv"; }
  url=$(pg_url "${prefix}$c")
  t0=$(now)
  psql -X -q -d "$CORDON_BENCH_PG" -c "CREATE DATABASE \"${prefix}$c\"" >/dev/null 2>"$work/err$c" ||
    { failed "CREATE DATABASE"; return 0; }
  t1=$(now)
  out=$("$bin" init --city "$c" --db "$url" 2>"$work/err$c") || { failed "cordon init"; return 0; }
  t2=$(now)
  # "created 上海市 (3101): 16 districts, 215 streets and towns, 6528 committees and villages, 0 grids"
  read -r units committees < <(echo "$out" | sed -E 's/.*: ([0-9]+) districts, ([0-9]+) streets and towns, ([0-9]+) committees.*/\1 \2 \3/' |
    awk '{print $1 + $2 + $3 + 1, $3}')
  t3=$t2
  t4=$t2
  if [ "$per" -gt 0 ]; then
    "$bin" gen residents --count $((per * committees)) --seed "$c" --unit "$c" \
      -o "$work/r$c.csv" --db "$url" >/dev/null 2>"$work/err$c" || { failed "cordon gen"; return 0; }
    t3=$(now)
    "$bin" import residents "$work/r$c.csv" --db "$url" --quiet >/dev/null 2>"$work/err$c" ||
      { failed "cordon import"; return 0; }
    t4=$(now)
    n=$(($(wc -l <"$work/r$c.csv") - 1))
    rm -f "$work/r$c.csv"
  fi
  rm -f "$work/err$c"
  echo "$c $units $committees $(elapsed "$t0" "$t1") $(elapsed "$t1" "$t2") $(elapsed "$t2" "$t3") $(elapsed "$t3" "$t4") $n" >>"$work/times"
}
export -f city now elapsed pg_url
export bin per work prefix CORDON_BENCH_PG

t0=$(now)
xargs -P "$jobs" -I{} bash -c 'city {}' <"$work/cities"
t1=$(now)
wall=$(elapsed "$t0" "$t1")

touch "$work/times" "$work/failed"
nfailed=$(wc -l <"$work/failed")
read -r units committees create init gen import residents < <(awk '{u+=$2; c+=$3; cr+=$4; i+=$5; g+=$6; im+=$7; n+=$8}
  END {printf "%d %d %.2f %.2f %.2f %.2f %d\n", u, c, cr, i, g, im, n}' "$work/times")
size=$(psql -X -A -t -d "$CORDON_BENCH_PG" -c "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database WHERE datname LIKE '${prefix}%'")
echo "pg_national $((ncities - nfailed)) databases, $units units ($committees committees and villages), $residents residents, $size"
echo "   create databases $(printf %.1f "$create") s; hierarchy (cordon init) $(printf %.1f "$init") s, $(echo "$units / $init" | bc) units/s"
if [ "$per" -gt 0 ]; then
  echo "   residents: import $(printf %.1f "$import") s, $(echo "$residents / $import" | bc) rows/s (generating the sheets took $(printf %.1f "$gen") s more)"
fi
sort -k3 -n "$work/times" | tail -1 | awk '{printf "   largest city %s: %d units, %d committees: init %.2f s, import of %d residents %.2f s\n", $1, $2, $3, $5, $8, $7}'
echo "   wall time, $jobs at a time: $(printf %.1f "$wall") s"
if [ "$nfailed" -gt 0 ]; then
  echo "   FAILED: $nfailed of $ncities cities:"
  sed 's/^/     /' "$work/failed"
  exit 1
fi
