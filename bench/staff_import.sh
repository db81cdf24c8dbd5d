#!/usr/bin/env bash
# Staff sent down (issue 14). 1) `cordon staff import` of 23,100 staff (55
# city home units) against, as the reference in the same run, `cordon import
# residents` of 23,100 residents (a `cordon gen residents -o` sheet over one
# street): seconds and microseconds per row of each, and the ratio (target:
# staff per row <= residents per row). 2) GET /api/v1/units/3101/staffing
# (the whole city) on the demo database (`cordon init --demo`: 23,137 staff,
# 238 posts) by the city administrator, the mean of 20 requests with curl,
# against GET /api/v1/units/3101 (a unit and its children) in the same run
# (target: staffing under 50 ms). 3) The same for the 今日在岗 board,
# GET /api/v1/units/{code}/on-duty, of the city (by kind) and a street (by
# person).
# Usage: bench/staff_import.sh [BUILD_DIR]
set -euo pipefail
[ -n "${BENCH_TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-staff.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
n=23100

now() { date +%s.%N; }
per_row() { python3 -c "import sys; print('%.1f' % ((float(sys.argv[2]) - float(sys.argv[1])) * 1e6 / $n))" "$@"; }

# 1. Imports.
"$bin" init --db "$work/s.db" >/dev/null
"$bin" init --db "$work/r.db" >/dev/null
for i in $(seq 1 55); do
  "$bin" staff home-unit --name "市级机关$i" --level city --unit 3101 --db "$work/s.db" >/dev/null
done
python3 - "$work/staff.csv" $n <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as f:
    f.write("姓名,手机号,派出单位,批次,技能\n")
    for i in range(n):
        f.write(f"干部{i},139{i:08d},市级机关{i % 55 + 1},第{'一二三'[i * 3 // n]}批,驾驶\n")
PY
"$bin" gen residents --count $n --seed 1 --unit 310105002 -o "$work/residents.csv" --db "$work/r.db" >/dev/null
t0=$(now); "$bin" staff import "$work/staff.csv" --db "$work/s.db" >/dev/null; t1=$(now)
"$bin" import residents "$work/residents.csv" --quiet --db "$work/r.db" >/dev/null; t2=$(now)
rows=$(sqlite3 "$work/r.db" "SELECT count(*) FROM residents")
[ "$rows" = "$n" ] || { echo "the resident import wrote $rows rows, not $n" >&2; exit 1; }
rows=$(sqlite3 "$work/s.db" "SELECT count(*) FROM staff")
[ "$rows" = "$n" ] || { echo "the staff import wrote $rows rows, not $n" >&2; exit 1; }
s_us=$(per_row "$t0" "$t1")
r_us=$(per_row "$t1" "$t2")
echo "staff import:    $n rows, $(python3 -c "print('%.2f' % ($t1 - $t0))") s, $s_us us/row"
echo "resident import: $n rows, $(python3 -c "print('%.2f' % ($t2 - $t1))") s, $r_us us/row (reference)"
echo "ratio staff/resident per row: $(python3 -c "print('%.2f' % ($s_us / $r_us))") (target <= 1)"

# 2. Staffing of the whole city on the demo.
"$bin" init --city 3101 --demo --db "$work/d.db" >/dev/null 2>&1
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$bin" serve --listen 127.0.0.1:$port --db "$work/d.db" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
jar=$work/jar
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"demo-admin"}' "http://127.0.0.1:$port/api/v1/session" >/dev/null
mean_ms() {
  local total=0
  for _ in $(seq 20); do
    t=$(curl -sf -b "$jar" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port$1")
    total=$(python3 -c "print($total + $t)")
  done
  python3 -c "print('%.1f' % ($total / 20 * 1000))"
}
s_ms=$(mean_ms "/api/v1/units/3101/staffing?date=$CORDON_TODAY")
u_ms=$(mean_ms "/api/v1/units/3101")
posts=$(curl -sf -b "$jar" "http://127.0.0.1:$port/api/v1/units/3101/staffing?date=$CORDON_TODAY" |
  python3 -c "import json,sys; t=json.load(sys.stdin)['totals']; print(t['posts'], t['on_duty'], t['gap'])")
echo "staffing of 3101 (posts, on duty, gap: $posts): $s_ms ms mean of 20 (target < 50 ms)"
echo "GET /api/v1/units/3101: $u_ms ms mean of 20 (reference); ratio $(python3 -c "print('%.1f' % ($s_ms / $u_ms))")"
# 3. The 今日在岗 board (Y14): the city counted by kind of post, a street
# with every person on duty by post (same target, same reference).
o_ms=$(mean_ms "/api/v1/units/3101/on-duty?date=$CORDON_TODAY")
t_ms=$(mean_ms "/api/v1/units/310105002/on-duty?date=$CORDON_TODAY")
people=$(curl -sf -b "$jar" "http://127.0.0.1:$port/api/v1/units/310105002/on-duty?date=$CORDON_TODAY" |
  python3 -c "import json,sys; t=json.load(sys.stdin)['totals']; print(t['posts'], t['on_duty'])")
echo "on-duty of 3101 (by kind): $o_ms ms mean of 20 (target < 50 ms); ratio $(python3 -c "print('%.1f' % ($o_ms / $u_ms))")"
echo "on-duty of 310105002 (posts, people: $people): $t_ms ms mean of 20; ratio $(python3 -c "print('%.1f' % ($t_ms / $u_ms))")"
echo "load average: $(cat /proc/loadavg)"
