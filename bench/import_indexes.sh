#!/bin/sh
# Two binaries' `cordon import` of the same N residents (default 1,000,000)
# into a fresh database, against `sqlite3 .import` of the same CSV into one
# flat table with UNIQUE(身份证号) (the reference of bench/run), alternated
# ROUNDS times (default 2) so that a change of load on a shared machine
# falls on all three. Each line gives the wall time, the CPU time (user +
# system; on a loaded machine the wall time mostly measures the load) and
# the bytes written to disk (which the load does not change).
# Used for migration 015's search indexes and for the first import's
# deferred indexes (issue 19).
#   bench/import_indexes.sh BEFORE_BIN AFTER_BIN [ROWS] [ROUNDS]
set -eu
before=$1 after=$2 rows=${3:-1000000} rounds=${4:-2}
work=$(mktemp -d /tmp/cordon-importidx.XXXXXX)
trap 'rm -rf "$work"' EXIT
export CORDON_TODAY=2020-03-09
"$after" init --db "$work/gen.db" >/dev/null
"$after" gen residents --count "$rows" --seed 1 --unit 310105 -o "$work/r.csv" --db "$work/gen.db" >/dev/null
header=$(head -1 "$work/r.csv" | sed 's/^\xef\xbb\xbf//; s/\r$//')
cols=$(echo "$header" | awk -F, '{for (i=1;i<=NF;i++) printf "%s\"%s\" TEXT", (i>1?", ":""), $i}')
echo "import of $rows residents ($(du -m "$work/r.csv" | cut -f1) MB), load $(cut -d' ' -f1-3 /proc/loadavg)"
timed() { # LABEL COMMAND...: one line, wall and CPU seconds
    label=$1
    shift
    /usr/bin/time -f "%e %U %S %O" -o "$work/time" "$@" >/dev/null 2>&1
    read -r wall user sys blocks <"$work/time"
    echo "$label wall $wall s, cpu $(echo "$user + $sys" | bc -l) s," \
        "written $((blocks / 2048)) MB, load $(cut -d' ' -f1 /proc/loadavg)"
}
i=0
while [ $i -lt "$rounds" ]; do
    rm -f "$work/ref.db"
    timed "sqlite3 .import" sqlite3 "$work/ref.db" "CREATE TABLE t ($cols, UNIQUE(\"身份证号\"));" \
        ".mode csv" ".import --skip 1 $work/r.csv t"
    for which in before after; do
        eval bin=\$$which
        rm -f "$work/t.db"*
        "$bin" init --db "$work/t.db" >/dev/null
        timed "$which" "$bin" import residents "$work/r.csv" --db "$work/t.db" --quiet --no-cases
    done
    i=$((i + 1))
done
