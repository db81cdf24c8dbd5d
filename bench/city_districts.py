#!/usr/bin/env python3
"""Each district's dashboard on a whole-city database made by bench/city.py
(issue 19): starts `cordon serve` on it (CORDON_TODAY=2020-03-09, the run's
day), waits WAIT seconds (default 4: the tick counts the city's and the
districts' dear parts ahead), logs in as bench-city-admin, reads the city's
dashboard for its districts, then asks for each district's dashboard three
times and prints the three client latencies with the district's open cases,
open tasks and screenings of the day, then the server's counters of dashboard
parts counted (for a request, on expiry, ahead).

The server's tick changes the file: run it on a copy.

Usage: bench/city_districts.py BIN DB [WAIT]
  e.g. bench/city_districts.py build/cordon /tmp/city-copy.db"""
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from city import login  # noqa: E402  bench/city.py's

binary, db = sys.argv[1], sys.argv[2]
wait = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0
proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                        env=dict(os.environ, CORDON_TODAY="2020-03-09"))
port = int(proc.stdout.readline().strip().rsplit(":", 1)[1])
threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
try:
    time.sleep(wait)
    c, h = login(port, "city_admin")

    def get(path):
        t = time.perf_counter()
        c.request("GET", path, headers=h)
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"city_districts: GET {path}: {r.status}")
        return (time.perf_counter() - t) * 1000, body

    _, body = get("/api/v1/units/3101/dashboard")
    for ch in json.loads(body)["children"]:
        ms = []
        for _ in range(3):
            t, body = get(f"/api/v1/units/{ch['code']}/dashboard")
            ms.append(t)
        d = json.loads(body)
        print(f"{ch['code']} {ch['name']}: {' / '.join(f'{x:.1f}' for x in ms)} ms; "
              f"open cases {d['quarantine']['active']}, open tasks {d['tasks']['open']}, "
              f"screened today {d['checkpoints']['screenings']['today']}")
    c.request("GET", "/metrics")
    r = c.getresponse()
    print("\n".join(x for x in r.read().decode().splitlines()
                    if x.startswith("cordon_dashboard_parts_counted_total")))
finally:
    proc.terminate()
    proc.wait()
