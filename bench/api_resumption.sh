#!/usr/bin/env bash
# The street's resumption answer (issue 16): GET /api/v1/units/{虹梅路街道}/
# resumption on the demo database (4,000 enterprises with their days), one
# connection, one request at a time, by the street's own account. Prints
# the mean and 99th percentile latency against the target (< 20 ms) and, as
# the reference measured in the same run on the same server, GET /healthz
# (the cheapest answer the server gives: one database round trip).
# Usage: bench/api_resumption.sh [BUILD_DIR] [--duration S]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=5
[ "${2:-}" = "--duration" ] && duration=$3
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-resumption.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db=$work/r.db
street=310104012
"$bin" init --city 3101 --demo --db "$db" >/dev/null
"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
curl -s -D "$work/h" -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"hongmeilu","password":"demo-hongmeilu"}' "http://127.0.0.1:$port/api/v1/session"
cookie=$(sed -n 's/^Set-Cookie: \(cordon_session=[0-9a-f]*\);.*/\1/ip' "$work/h")
url="http://127.0.0.1:$port/api/v1/units/$street/resumption"
curl -s -H "Cookie: $cookie" "$url" >"$work/r.json"
grep -q '"enterprises":{"total":4000' "$work/r.json" || { echo "unexpected: $(head -c 300 "$work/r.json")"; exit 1; }
echo "-- api_resumption: $(head -c 160 "$work/r.json")..."
for target in "$url" "http://127.0.0.1:$port/healthz"; do
  wrk -t1 -c1 -d"${duration}s" --latency -H "Cookie: $cookie" "$target" >"$work/wrk"
  avg=$(awk '$1 == "Latency" {print $2; exit}' "$work/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk")
  echo "   ${target#http://127.0.0.1:$port}: mean $avg, p99 $p99, $rps requests/s"
done
echo "   target: the street's resumption answer < 20 ms with 4,000 enterprises"
