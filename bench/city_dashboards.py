#!/usr/bin/env python3
"""The city's and one district's dashboards on a whole-city database made by
bench/city.py (issue 19): starts `cordon serve` on it (CORDON_TODAY=2020-03-09,
bench/city.py's day), logs in as bench/city.py's bench-city-admin, then asks
for the dashboards of 上海市 (3101) and 浦东新区 (310115) one after the other
every 0.5 s for SECONDS, and prints the start-up, the first request of each
and the latency of the rest, client side, with the server's own "ms" from
its access log. WAIT (default 0) seconds pass between "listening" and the
login: the server's first tick hands the city's and the districts' parts to
its task pool (counted ahead, app/tasks/tally_memo.c), so a first request
after that is served what was counted; with WAIT 0 it may come before the
count is done, and count in line (as every first request did before).

Usage: bench/city_dashboards.py BIN DB SECONDS [WAIT]
  e.g. bench/city_dashboards.py build/cordon bench/out/city/city.db 60 3"""
import http.client, json, time, sys, subprocess, threading
binary, db, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
wait = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
env = {"CORDON_TODAY": "2020-03-09", "PATH": "/usr/bin:/bin"}
p = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
t0 = time.time(); line = p.stdout.readline(); start = time.time() - t0
port = int(line.strip().rsplit(":", 1)[1])
log = []
threading.Thread(target=lambda: [log.append(x) for x in p.stderr], daemon=True).start()
time.sleep(wait)
c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
c.request("POST", "/api/v1/session", json.dumps({"username": "bench-city-admin", "password": "bench-city-password"}), {"Content-Type": "application/json"})
r = c.getresponse(); r.read(); ck = r.getheader("Set-Cookie").split(";")[0]
lat = {"3101": [], "310115": []}
end = time.time() + secs
while time.time() < end:
    for u in lat:
        t = time.time(); c.request("GET", f"/api/v1/units/{u}/dashboard", headers={"Cookie": ck}); r = c.getresponse(); r.read()
        lat[u].append((time.time() - t) * 1000)
    time.sleep(0.5)
p.terminate(); p.wait()
srv = [json.loads(x)["ms"] for x in log if x.startswith("{") and "dashboard" in x]
def q(xs, f): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(f * (len(xs) - 1))))]
print(f"start-up {start:.2f} s")
for u, xs in lat.items():
    print(f"{u}: n={len(xs)} first {xs[0]:.1f} ms; after the first: p50 {q(xs[1:], .5):.2f} p99 {q(xs[1:], .99):.2f} max {max(xs[1:]):.2f} ms (client)")
print(f"server ms, all dashboards after the first two: p99 {q(srv[2:], .99):.2f} max {max(srv[2:]):.2f}")
