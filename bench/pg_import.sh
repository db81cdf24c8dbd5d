#!/usr/bin/env bash
# Import of N residents into PostgreSQL (issue 8): `cordon import residents`
# with every check, against COPY of the same CSV into one flat table with
# UNIQUE(身份证号) on the same server in the same run (psql's \copy, which
# also sends the file from the client). Prints both times and the ratio
# (target <= 1.25), and the same import without its quarantine cases.
# Usage: bench/pg_import.sh [BUILD_DIR] [--rows N]
# The server: $CORDON_BENCH_PG (an admin URL; bench/run sets it), else a
# throw-away cluster of scripts/pg-test-server on port 55433, stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rows=1000000
shift || true
while [ $# -gt 0 ]; do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  *) echo "usage: $0 [BUILD_DIR] [--rows N]" >&2; exit 2 ;;
  esac
done
bin=$build/cordon
. bench/pg_common.sh
pg_server_up

work=$(mktemp -d /tmp/cordon-bench-pgimport.XXXXXX)
cleanup() { pg_drop_made; rm -rf "$work"; pg_server_down; }
trap cleanup EXIT
export CORDON_TODAY=2020-03-09

db=$(pg_new_db import)
ref=$(pg_new_db importref)
"$bin" init --db "$db" >/dev/null
"$bin" gen residents --count "$rows" --seed 1 --unit 310105 -o "$work/residents.csv" --db "$db" >/dev/null
size=$(du -m "$work/residents.csv" | cut -f1)
echo "-- pg_import: $rows residents, ${size} MB CSV, into PostgreSQL $(pg_version)"

header=$(head -1 "$work/residents.csv" | sed 's/^\xef\xbb\xbf//; s/\r$//')
cols=$(echo "$header" | awk -F, '{for (i=1;i<=NF;i++) printf "%s\"%s\" TEXT", (i>1?", ":""), $i}')
psql -X -q -v ON_ERROR_STOP=1 -d "$ref" -c "CREATE TABLE t ($cols, UNIQUE(\"身份证号\"))"
t0=$(now)
psql -X -q -v ON_ERROR_STOP=1 -d "$ref" -c "\\copy t FROM '$work/residents.csv' WITH (FORMAT csv, HEADER true)"
t1=$(now)
copy=$(elapsed "$t0" "$t1")

t0=$(now)
"$bin" import residents "$work/residents.csv" --db "$db" --quiet >/dev/null
t1=$(now)
ours=$(elapsed "$t0" "$t1")
n=$(psql -X -A -t -d "$db" -c "SELECT count(*) FROM residents")
[ "$n" -eq "$rows" ] || { echo "pg_import: $n residents in the database, expected $rows" >&2; exit 1; }
echo "pg_import ours $(printf %.2f "$ours") s ($(echo "$rows / $ours" | bc) rows/s), COPY $(printf %.2f "$copy") s ($(echo "$rows / $copy" | bc) rows/s), ratio $(ratio "$ours" "$copy") (target <= 1.25)"

# The quarantine cases' share: the same import with --no-cases into another
# empty database (the cases are opened set-wise after the rows' commit).
nocases=$(pg_new_db importnocases)
"$bin" init --db "$nocases" >/dev/null
t0=$(now)
"$bin" import residents "$work/residents.csv" --db "$nocases" --quiet --no-cases >/dev/null 2>&1
t1=$(now)
nc=$(elapsed "$t0" "$t1")
ncases=$(psql -X -A -t -d "$db" -c "SELECT count(*) FROM quarantines")
echo "          without the cases (--no-cases): $(printf %.2f "$nc") s, ratio $(ratio "$nc" "$copy"); the $ncases cases: $(printf %.2f "$(elapsed "$nc" "$ours")") s"

# Where the time goes: the rows our import wrote, COPYed as they are into an
# empty database of our schema (same indexes, same foreign keys) in one
# transaction. This is the floor for our schema on this server: what is left
# between it and ours is the import's own work (reading, checking, sending).
floor=$(pg_new_db importfloor)
"$bin" init --db "$floor" >/dev/null
tables="compounds buildings households residents fact_history"
for t in $tables; do
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy $t TO '$work/$t.tsv'"
done
{
  echo "\\timing on"
  echo "BEGIN;"
  for t in $tables; do echo "\\copy $t FROM '$work/$t.tsv'"; done
  echo "COMMIT;"
} >"$work/floor.sql"
t0=$(now)
psql -X -q -v ON_ERROR_STOP=1 -d "$floor" -f "$work/floor.sql" >"$work/floor.out"
t1=$(now)
fl=$(elapsed "$t0" "$t1")
split=$(grep -oE '^Time: [0-9.]+' "$work/floor.out" | awk '{print $2}' | sed -n '2,6p' | paste -sd' ')
echo "          the same rows COPYed into our schema: $(printf %.2f "$fl") s (ms per table, $tables: $split); ours / that $(ratio "$ours" "$fl")"
echo "          on disk: residents $(pg_size "$db" residents), fact_history $(pg_size "$db" fact_history), households $(pg_size "$db" households); COPY's table $(pg_size "$ref" t)"
