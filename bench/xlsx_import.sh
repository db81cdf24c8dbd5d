#!/usr/bin/env bash
# Workbook import (issue 18): `cordon import residents` of N residents
# (default 1,000,000) from an .xlsx against, as the reference in the same
# run, the same rows from the CSV `cordon gen residents` made: seconds, CPU
# seconds and peak RSS of each, and the ratios (target: xlsx <= 1.5 x CSV);
# then the reader alone on each file (build/bench/bench_xlsxread).
# The workbook is written (not timed) by the project's libxlsxwriter in
# constant-memory mode (build/bench/bench_csv2xlsx: inline strings, every
# cell a string as in the CSV); with XLSX_WRITER=openpyxl by Debian's
# openpyxl in write-only mode (tests/api/xlsx_make.py; slow past 100,000
# rows, and its XML, every Chinese character a &#NNNNN; reference, is the
# larger and slower to read); with XLSX_WRITER=shared the libxlsxwriter
# workbook rewritten with a shared string table as Excel and WPS write it
# (bench/xlsx_shared.py: each distinct text once, cells <v>index</v>).
# Usage: bench/xlsx_import.sh [BUILD_DIR] [--rows N]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rows=1000000
[ "${2:-}" = "--rows" ] && rows=$3
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-xlsx.XXXXXX)
trap 'rm -rf "$work"' EXIT
export CORDON_TODAY=2020-03-09

now() { date +%s.%N; }
secs() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$@"; }
# From a /usr/bin/time -f "%M %U %S" log: peak RSS in MB, CPU seconds.
rss() { echo $(( $(tail -1 "$1" | cut -d' ' -f1) / 1024 )); }
cpu() { tail -1 "$1" | awk '{printf "%.2f", $2 + $3}'; }

"$bin" init --db "$work/csv.db" >/dev/null
"$bin" init --db "$work/xlsx.db" >/dev/null
"$bin" gen residents --count "$rows" --seed 1 --unit 310105 -o "$work/residents.csv" \
  --db "$work/csv.db" >/dev/null
make -s "$build/bench/bench_xlsxread" BUILD="$build"
if [ "${XLSX_WRITER:-}" = openpyxl ]; then
  /usr/bin/python3 tests/api/xlsx_make.py "$work" big "$work/residents.csv"
else
  make -s "$build/bench/bench_csv2xlsx" BUILD="$build"
  "$build/bench/bench_csv2xlsx" "$work/residents.csv" "$work/big.xlsx"
  if [ "${XLSX_WRITER:-}" = shared ]; then
    python3 bench/xlsx_shared.py "$work/big.xlsx" "$work/shared.xlsx"
    mv "$work/shared.xlsx" "$work/big.xlsx"
  fi
fi
echo "-- xlsx import: $rows residents; CSV $(du -m "$work/residents.csv" | cut -f1) MB," \
  "xlsx $(du -m "$work/big.xlsx" | cut -f1) MB (${XLSX_WRITER:-libxlsxwriter}), sheet XML" \
  "$(unzip -l "$work/big.xlsx" | awk '/worksheets\/sheet1.xml/ {print int($1 / 1048576)}') MB"

t0=$(now)
/usr/bin/time -f "%M %U %S" -o "$work/csv.rss" "$bin" import residents "$work/residents.csv" --quiet \
  --db "$work/csv.db" >/dev/null
t1=$(now)
/usr/bin/time -f "%M %U %S" -o "$work/xlsx.rss" "$bin" import residents "$work/big.xlsx" --quiet \
  --db "$work/xlsx.db" >/dev/null
t2=$(now)
for db in csv xlsx; do
  n=$(sqlite3 "$work/$db.db" "SELECT count(*) FROM residents")
  [ "$n" = "$rows" ] || { echo "the $db import wrote $n rows, not $rows" >&2; exit 1; }
done
c=$(secs "$t0" "$t1")
x=$(secs "$t1" "$t2")
echo "xlsx import  xlsx $x s ($(cpu "$work/xlsx.rss") s CPU), peak RSS $(rss "$work/xlsx.rss") MB;" \
  "CSV $c s ($(cpu "$work/csv.rss") s CPU), peak RSS $(rss "$work/csv.rss") MB;" \
  "ratio $(echo "scale=2; $x / $c" | bc -l), CPU $(echo "scale=2; $(cpu "$work/xlsx.rss") / $(cpu "$work/csv.rss")" | bc -l) (target <= 1.5)"

# The reader alone (no import): its own CPU and memory, which must not grow
# with the rows (the CSV reader holds the whole file; the sheet is streamed).
for f in big.xlsx residents.csv; do
  /usr/bin/time -f "%M %U %S" -o "$work/read.rss" "$build/bench/bench_xlsxread" "$work/$f" >/dev/null
  echo "read only   $f: $(cpu "$work/read.rss") s CPU, peak RSS $(rss "$work/read.rss") MB"
done
