#!/usr/bin/env python3
"""Writes while the server's tick goes over a city's open quarantine cases
(issue 19): on a whole-city database made by bench/city.py (a million open
cases), starts `cordon serve` at 13:00 of bench/city.py's day, so that the
morning check-in slot is the one recorded as gone over, then writes the
record back to another slot (meta `tasks_swept`, as a new slot falling due
does), so the next tick makes the pass over every open case. Meanwhile
WRITERS threads post fact updates of the committee's residents as
bench-committee, each one every PACE seconds, and the script prints the
latency of those writes (client side) and the statuses they got, with the
server's lines about the pass and when they came.

With ROLLOVER_DAY (YYYY-MM-DD, the day after the file's `rolled_to`), the
server starts at 00:01 of that day instead and nothing is set back: the
day's roll-over is what runs beside the writers.

The pass changes the file (it adds the slot's tasks): run it on a copy.

Usage: bench/city_tick.py BIN DB SECONDS [WRITERS [PACE [ROLLOVER_DAY]]]
  e.g. bench/city_tick.py build/cordon /tmp/city-copy.db 120 4 0.05"""
import http.client, json, sqlite3, subprocess, sys, threading, time

binary, db, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
writers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
pace = float(sys.argv[5]) if len(sys.argv) > 5 else 0.05
rollover_day = sys.argv[6] if len(sys.argv) > 6 else None
PASSWORD = "bench-city-password"  # bench/city.py's

con = sqlite3.connect(db)
committee = con.execute("SELECT unit FROM accounts WHERE name = 'bench-committee'").fetchone()
if not committee:
    sys.exit("city_tick: no bench-committee account (run bench/city.py's writes step first)")
first, last = con.execute("SELECT min(id), max(id) FROM residents WHERE committee = ?",
                          committee).fetchone()
cases = con.execute("SELECT count(*) FROM quarantines WHERE state = 0").fetchone()[0]
con.close()

env = {"CORDON_NOW": f"{rollover_day}T00:01" if rollover_day else "2020-03-09T13:00",
       "PATH": "/usr/bin:/bin"}
t0 = time.time()
p = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
line = p.stdout.readline()
print(f"start-up {time.time() - t0:.2f} s; {cases:,} open cases")
port = int(line.strip().rsplit(":", 1)[1])
log = []
threading.Thread(target=lambda: [log.append((time.time(), x)) for x in p.stderr],
                 daemon=True).start()


def session():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/api/v1/session",
              json.dumps({"username": "bench-committee", "password": PASSWORD}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    body = json.loads(r.read())
    return c, r.getheader("Set-Cookie").split(";")[0], body["csrf"]


results = []  # (start, seconds, status)
stop = time.time() + secs


def writer(k):
    c, cookie, csrf = session()
    rid, n = first + k, 0
    while time.time() < stop:
        body = '{"health":"fever"}' if n % 2 else '{"health":"normal"}'
        t = time.time()
        try:
            c.request("POST", f"/api/v1/residents/{rid}/facts", body,
                      {"Cookie": cookie, "X-CSRF-Token": csrf,
                       "Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            status = r.status
        except Exception:
            status = 0
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.append((t, time.time() - t, status))
        n += 1
        rid = first + (rid - first + writers) % (last - first + 1)
        time.sleep(max(0.0, pace - (time.time() - t)))


threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
for t in threads:
    t.start()
marked = time.time()
if not rollover_day:
    time.sleep(3)
    # A new slot falls due: the record says another one was gone over last.
    con = sqlite3.connect(db, timeout=60)
    con.execute("UPDATE meta SET value = '0:0' WHERE key = 'tasks_swept'")
    con.commit()
    con.close()
    marked = time.time()
for t in threads:
    t.join()
p.terminate()
p.wait()

lat = sorted(r[1] * 1000 for r in results)


def q(f):
    return lat[min(len(lat) - 1, int(round(f * (len(lat) - 1))))]


statuses = {}
for r in results:
    statuses[r[2]] = statuses.get(r[2], 0) + 1
print(f"{len(results)} writes in {secs:.0f} s by {writers} writers, statuses {statuses}")
print(f"latency ms: p50 {q(.5):.1f} p99 {q(.99):.1f} p999 {q(.999):.1f} max {lat[-1]:.1f}")
slow = [r for r in results if r[1] > 1]
print(f"writes over 1 s: {len(slow)}; over 5 s: {sum(1 for r in slow if r[1] > 5)}; "
      "they started at " + ", ".join(f"{r[0] - marked:+.1f}" for r in slow) +
      " s from the slot falling due (or the first write)")
for t, x in log:
    if "tasks" in x or "sweep" in x or "roll" in x:
        print(f"  +{t - marked:6.1f} s: {x.strip()}")
