#!/usr/bin/env bash
# GET /api/v1/units/{street}/counts by a logged-in viewer (session checked on
# every request, scope checked, the cached answer) against nginx serving a
# static file of the same size on the same machine, both with wrk, keep-alive,
# 64 connections. Target: ours >= 0.8 x nginx. cordon runs with its default
# threads (one per core) and its access log on (to /dev/null); nginx with one
# worker and no access log.
# Usage: bench/api_counts.sh [BUILD_DIR] [--duration S]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=10
[ "${2:-}" = "--duration" ] && duration=$3
bin=$build/cordon
work=$(mktemp -d /tmp/cordon-bench-counts.XXXXXX)
pid=
npid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$npid" ] && kill "$npid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export CORDON_TODAY=2020-03-09
db=$work/c.db
street=310105002
"$bin" init --db "$db" >/dev/null
"$bin" gen residents --count 20000 --seed 1 --unit $street --db "$db" >/dev/null
echo "bench-password" | "$bin" user add viewer --role viewer --unit $street --password-stdin \
  --db "$db" >/dev/null

"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
curl -s -D "$work/h" -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"viewer","password":"bench-password"}' "http://127.0.0.1:$port/api/v1/session"
cookie=$(sed -n 's/^Set-Cookie: \(cordon_session=[0-9a-f]*\);.*/\1/ip' "$work/h")
url="http://127.0.0.1:$port/api/v1/units/$street/counts"
curl -s -H "Cookie: $cookie" "$url" >"$work/counts.json"
size=$(stat -c %s "$work/counts.json")
grep -q '"total"' "$work/counts.json" || { echo "no counts: $(cat "$work/counts.json")"; exit 1; }

mkdir -p "$work/www" "$work/nginx"
cp "$work/counts.json" "$work/www/counts.json"
nport=$((port + 1))
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' 2>/dev/null &
npid=$!
sleep 0.5

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
echo "-- api_counts: GET /api/v1/units/$street/counts ($size bytes), wrk -t2 -c64 -d${duration}s"
ref=$(wrk -t2 -c64 -d"${duration}s" "http://127.0.0.1:$nport/counts.json" | rps)
ours=$(wrk -t2 -c64 -d"${duration}s" -H "Cookie: $cookie" "$url" | rps)
echo "counts   ours $(printf %.0f "$ours") req/s, nginx (1 worker, static file of the same size) $(printf %.0f "$ref") req/s, ratio $(echo "scale=2; $ours / $ref" | bc -l) (target >= 0.8)"
