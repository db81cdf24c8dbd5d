#!/bin/sh
# What migration 015's search indexes (residents_name, residents_phone) cost
# the import (issue 19): `cordon import` of the same N residents (default
# 1,000,000) into a fresh database by two binaries, the one before the
# indexes and the one after, alternated ROUNDS times (default 2) so that a
# change of load on a shared machine falls on both.
#   bench/import_indexes.sh BEFORE_BIN AFTER_BIN [ROWS] [ROUNDS]
set -eu
before=$1 after=$2 rows=${3:-1000000} rounds=${4:-2}
work=$(mktemp -d /tmp/cordon-importidx.XXXXXX)
trap 'rm -rf "$work"' EXIT
export CORDON_TODAY=2020-03-09
"$after" init --db "$work/gen.db" >/dev/null
"$after" gen residents --count "$rows" --seed 1 --unit 310105 -o "$work/r.csv" --db "$work/gen.db" >/dev/null
echo "import of $rows residents ($(du -m "$work/r.csv" | cut -f1) MB), load $(cut -d' ' -f1 /proc/loadavg)"
i=0
while [ $i -lt "$rounds" ]; do
    for which in before after; do
        eval bin=\$$which
        rm -f "$work/t.db"*
        "$bin" init --db "$work/t.db" >/dev/null
        t0=$(date +%s.%N)
        "$bin" import residents "$work/r.csv" --db "$work/t.db" --quiet >/dev/null
        t1=$(date +%s.%N)
        echo "$which $(echo "$t1 - $t0" | bc -l | xargs printf %.2f) s, db $(du -m "$work/t.db" | cut -f1) MB"
    done
    i=$((i + 1))
done
