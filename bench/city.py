#!/usr/bin/env python3
"""Shanghai at real density (issue 19): builds the city's residents on SQLite
(default 3,800 per committee over all 6,509 committees, about 25 million) and
measures what the issue's table asks, each against its target and, where one
exists, a reference measured in the same run:

  import         cordon import of every district's file vs `sqlite3 .import`
                 of the same rows into one flat table with UNIQUE(身份证号)
  size           database bytes per resident
  start-up       `cordon serve` until it listens, on the full database
  counts         GET …/counts at city, district, street, committee (p99)
  pages          dashboards of every level and a compound's map (p99)
  search         residents of a street by name (p99)
  rss            server RSS after a mixed load (dashboards, maps, searches)
  rollover       the daily roll-over with about 1% of residents due
  export         .xlsx of the largest street, CSV of the largest district,
                 with the peak memory of the process
  writes         durable fact updates (bench/api_writes.lua, 64 connections)
                 and screenings (bench/screenings.lua, 256 connections) over
                 HTTP on the city, against the same two on a database of
                 1,000,000 residents (20,000 in the small mode) made in the
                 same run; the fact updates flip the health of random
                 residents of one committee of the city, so the city
                 database is not left as it was generated

Latencies are printed as the client saw them and as the server logged them
(the "ms" of its access log). Every step's figures go into STATE.json in the
work folder, so an interrupted run resumes where it stopped (--fresh starts
over); the last step writes a Markdown table to bench/out/city-DATE.md to be
copied into bench/RESULTS.md.

Usage: bench/city.py [--build DIR] [--dir WORK] [--committees N]
                     [--per-committee K] [--load-seconds S]
                     [--write-seconds S] [--fresh]
--committees N takes whole streets, in code order, until N committees are
covered (the small mode CI runs is --committees 50)."""
import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2020-03-09"
PASSWORD = "bench-city-password"
BYTES_CSV, BYTES_DB, BYTES_REF = 125, 300, 160  # per resident, for the disk estimate


def say(msg):
    print(msg, flush=True)


def bar(done, total, label):
    width = 30
    k = int(width * done / total) if total else width
    sys.stdout.write(f"\r  [{'#' * k}{'.' * (width - k)}] {done}/{total} {label}   ")
    sys.stdout.flush()
    if done == total:
        sys.stdout.write("\n")


def pctl(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def login(port, role):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = json.dumps({"username": "bench-" + role.replace("_", "-"), "password": PASSWORD})
    c.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    cookie = r.getheader("Set-Cookie").split(";")[0]
    return c, {"Cookie": cookie}


def timings(c, h, log, paths, n):
    """n GETs spread over paths; returns (client ms list, server ms list)."""
    client, mark = [], len(log)
    for i in range(n):
        path = paths[i % len(paths)]
        t0 = time.perf_counter()
        c.request("GET", path, headers=h)
        r = c.getresponse()
        r.read()
        client.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            sys.exit(f"city: GET {path}: {r.status}")
    time.sleep(0.2)
    server = [e["ms"] for e in map(json.loads, (x for x in log[mark:] if x.startswith("{")))
              if e.get("method") == "GET"]
    return client, server


class Run:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(os.path.join(args.build, "cordon"))
        self.dir = os.path.abspath(args.dir)
        self.db = os.path.join(self.dir, "city.db")
        self.state_path = os.path.join(self.dir, "STATE.json")
        self.env = dict(os.environ, CORDON_TODAY=TODAY)
        self.env.pop("CORDON_DB", None)
        if args.fresh and os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(self.dir, exist_ok=True)
        self.state = {}
        if os.path.exists(self.state_path):
            with open(self.state_path) as f:
                self.state = json.load(f)
        if self.state.get("params", {}) not in ({}, self.params()):
            sys.exit(f"city: {self.dir} holds a run with other parameters "
                     f"({self.state['params']}); use --fresh or another --dir")
        self.state["params"] = self.params()
        self.save()

    def params(self):
        return {"committees": self.args.committees, "per": self.args.per_committee}

    def save(self):
        with open(self.state_path + ".tmp", "w") as f:
            json.dump(self.state, f, indent=1, ensure_ascii=False)
        os.replace(self.state_path + ".tmp", self.state_path)

    def step(self, name, fn):
        if name in self.state.get("done", []):
            say(f"== {name}: done in an earlier run, kept")
            return
        say(f"== {name}")
        fn()
        self.state.setdefault("done", []).append(name)
        self.save()

    def cordon(self, *argv, env=None, quiet=True):
        e = dict(self.env, **(env or {}))
        p = subprocess.run([self.bin, *argv], env=e, capture_output=quiet, text=True)
        if p.returncode != 0:
            sys.exit(f"city: cordon {' '.join(argv)} failed: {p.stderr if quiet else ''}")
        return p.stdout

    def timed(self, argv, env=None):
        """Runs a command; returns (seconds, peak RSS in MB of that process,
        from wait4's rusage)."""
        with open(os.path.join(self.dir, "last.err"), "w+") as err:
            t0 = time.monotonic()
            p = subprocess.Popen(argv, env=dict(self.env, **(env or {})),
                                 stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(p.pid, 0)
            t = time.monotonic() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            if p.returncode != 0:
                err.seek(0)
                sys.exit(f"city: {' '.join(argv)} failed: {err.read()[-2000:]}")
        return t, usage.ru_maxrss / 1024

    # ---- the city -----------------------------------------------------------

    def plan(self):
        """The files to generate: (unit, committees) per district, or whole
        streets in code order up to --committees."""
        ref = os.path.join(self.dir, "units.db")
        if not os.path.exists(ref):
            self.cordon("init", "--city", "3101", "--db", ref)
        con = sqlite3.connect(ref)
        if self.args.committees:
            rows = con.execute(
                "SELECT s.code, count(c.code) FROM units s JOIN units c ON c.parent = s.code "
                "WHERE s.level = 3 AND c.level = 4 GROUP BY s.code ORDER BY s.code").fetchall()
            files, n = [], 0
            for code, k in rows:
                if n >= self.args.committees:
                    break
                files.append((str(code), k))
                n += k
        else:
            files = [(str(d), k) for d, k in con.execute(
                "SELECT district, count(*) FROM units WHERE level = 4 GROUP BY district "
                "ORDER BY district")]
        con.close()
        return files

    def s_plan(self):
        files = self.plan()
        committees = sum(k for _, k in files)
        n = committees * self.args.per_committee
        need = n * (BYTES_CSV + BYTES_DB + BYTES_REF)
        free = shutil.disk_usage(self.dir).free
        say(f"   {len(files)} files, {committees} committees, {n:,} residents; "
            f"disk needed about {need / 1e9:.1f} GB, free {free / 1e9:.1f} GB in {self.dir}")
        if need > free:
            sys.exit("city: not enough disk")
        self.state["files"] = files
        self.state["residents"] = n
        self.state["committees"] = committees

    def s_generate(self):
        """The generator numbers people by a global index (their ID numbers
        are unique within one run), so the whole city is generated in one
        run and split into one file per district; the small mode's streets
        each get a run whose index range does not overlap the others'."""
        files, per = self.state["files"], self.args.per_committee
        units_db = os.path.join(self.dir, "units.db")
        if self.args.committees:
            cum = 0
            for i, (unit, k) in enumerate(files):
                path = os.path.join(self.dir, f"r-{unit}.csv")
                seed = 1 + i + -(-cum // 1000003)  # disjoint index ranges
                cum += k * per
                if not os.path.exists(path):
                    self.cordon("gen", "residents", "--count", str(k * per), "--seed", str(seed),
                                "--unit", unit, "-o", path + ".part", "--db", units_db)
                    os.replace(path + ".part", path)
                bar(i + 1, len(files), f"generated {unit}")
        else:
            whole = os.path.join(self.dir, "city.csv")
            if not os.path.exists(whole):
                say("   generating the whole city in one file (a few minutes)")
                self.cordon("gen", "residents", "--count", str(self.state["residents"]),
                            "--seed", "1", "--unit", "3101", "-o", whole + ".part", "--db",
                            units_db)
                os.replace(whole + ".part", whole)
            self.split(whole, [u for u, _ in files], 6)
            os.remove(whole)
        self.state["csv_bytes"] = sum(
            os.path.getsize(os.path.join(self.dir, f"r-{u}.csv")) for u, _ in files)

    def split(self, whole, units, digits):
        """One file per unit (the first `digits` digits of the committee
        code) from a larger file (rows come in committee order, so each
        unit's rows are contiguous); returns [(unit, committees)]."""
        outs, done = {}, 0
        with open(whole, encoding="utf-8-sig", newline="") as f:
            header = f.readline()
            if not header.rstrip("\r\n").endswith(",居委会代码"):
                sys.exit("city: the generated file does not end with 居委会代码")
            committees = {}
            for line in f:
                c = line.rstrip("\r\n").rsplit(",", 1)[1]
                d = c[:digits]
                out = outs.get(d)
                if out is None:
                    out = outs[d] = open(os.path.join(self.dir, f"r-{d}.csv.part"), "w",
                                         encoding="utf-8-sig", newline="")
                    out.write(header)
                    done += 1
                    if units:
                        bar(done, len(units), f"split {d}")
                committees.setdefault(d, set()).add(c)
                out.write(line)
        for d, out in outs.items():
            out.close()
            os.replace(os.path.join(self.dir, f"r-{d}.csv.part"),
                       os.path.join(self.dir, f"r-{d}.csv"))
        return [(d, len(committees[d])) for d in outs]

    def s_import(self):
        """One file after another into one database; resumable file by file
        (an import is all or nothing, so the database holds exactly the
        files recorded as imported)."""
        files, done = self.state["files"], self.state.setdefault("imported", {})
        if not done:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)
            self.cordon("init", "--city", "3101", "--db", self.db)
        for i, (unit, _) in enumerate(files):
            if unit not in done:
                t, _ = self.timed([self.bin, "import", "residents",
                                   os.path.join(self.dir, f"r-{unit}.csv"), "--db", self.db,
                                   "--quiet"])
                done[unit] = t
                self.save()
            bar(i + 1, len(files), f"imported {unit} ({sum(done.values()):.0f} s)")
        self.state["import_s"] = sum(done.values())

    def s_reference(self):
        files = self.state["files"]
        ref = os.path.join(self.dir, "ref.db")
        if os.path.exists(ref):
            os.remove(ref)
        with open(os.path.join(self.dir, f"r-{files[0][0]}.csv"), encoding="utf-8-sig") as f:
            header = f.readline().strip().split(",")
        cols = ", ".join(f'"{h}" TEXT' for h in header)
        script = [f'CREATE TABLE t ({cols}, UNIQUE("身份证号"));', ".mode csv"]
        script += [f".import --skip 1 {os.path.join(self.dir, f'r-{u}.csv')} t" for u, _ in files]
        t0 = time.monotonic()
        p = subprocess.run(["sqlite3", ref], input="\n".join(script) + "\n", text=True,
                           capture_output=True)
        self.state["ref_import_s"] = time.monotonic() - t0
        if p.returncode != 0:
            sys.exit("city: sqlite3 .import failed: " + p.stderr[-2000:])
        os.remove(ref)
        say(f"   sqlite3 .import {self.state['ref_import_s']:.1f} s")

    def s_size(self):
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        self.state["db_bytes"] = os.path.getsize(self.db)

    def s_accounts(self):
        con = sqlite3.connect(self.db)
        streets = [int(u) for u, _ in self.state["files"] if len(u) == 9]
        street = con.execute(
            "SELECT parent FROM units WHERE level = 4 %s GROUP BY parent ORDER BY count(*) DESC, "
            "parent LIMIT 1" % (f"AND parent IN ({','.join(map(str, streets))})" if streets
                                else "")).fetchone()[0]
        district = int(str(street)[:6])
        committee = con.execute("SELECT committee FROM residents WHERE committee / 1000 = ? "
                                "LIMIT 1", (street,)).fetchone()[0]
        compounds = [r[0] for r in con.execute(
            "SELECT id FROM compounds WHERE committee = ? ORDER BY id", (committee,))]
        con.close()
        self.state["units"] = {"city": "3101", "district": str(district),
                               "street": str(street), "committee": str(committee)}
        self.state["compounds"] = compounds
        for role, unit in (("city_admin", "3101"), ("district", str(district)),
                           ("street", str(street)), ("committee", str(committee))):
            name = "bench-" + role.replace("_", "-")
            p = subprocess.run([self.bin, "user", "add", name, "--role", role, "--unit", unit,
                                "--password-stdin", "--db", self.db], input=PASSWORD + "\n",
                               text=True, capture_output=True, env=self.env)
            if p.returncode != 0 and "exists" not in p.stderr:
                sys.exit("city: user add: " + p.stderr)

    # ---- the server ---------------------------------------------------------

    def serve(self):
        """cordon serve on self.db; wrk's connections all come from one
        address, hence --max-per-address above the default 128."""
        t0 = time.monotonic()
        proc = subprocess.Popen([self.bin, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
                                 "--max-per-address", "1024", "--search-rate", "1000000"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=self.env)
        line = proc.stdout.readline()
        started = time.monotonic() - t0
        if "listening" not in line:
            sys.exit("city: serve did not start: " + proc.stderr.read())
        port = int(line.strip().rsplit(":", 1)[1])
        log = []
        threading.Thread(target=lambda: [log.append(x) for x in proc.stderr], daemon=True).start()
        return proc, port, log, started

    def s_serve(self):
        proc, port, log, started = self.serve()
        try:
            self.state["startup_s"] = started
            self.measure(port, log)
            self.load(port)
            with open(f"/proc/{proc.pid}/status") as f:
                st = dict(line.split(":", 1) for line in f)
            self.state["rss_mb"] = int(st["VmRSS"].split()[0]) / 1024
            self.state["hwm_mb"] = int(st["VmHWM"].split()[0]) / 1024
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    def measure(self, port, log):
        u = self.state["units"]
        n = 50 if self.args.committees else 200
        out = self.state.setdefault("latency", {})
        roles = {"city": "city_admin", "district": "district", "street": "street",
                 "committee": "committee"}
        for level, role in roles.items():
            c, h = login(port, role)
            unit = u[level]
            for what, paths in (
                    ("counts", [f"/api/v1/units/{unit}/counts"]),
                    ("dashboard", [f"/api/v1/units/{unit}/dashboard"])):
                cl, sv = timings(c, h, log, paths, n)
                out[f"{what} {level}"] = (pctl(cl, 99), pctl(sv, 99))
            if level == "committee":
                maps = [f"/api/v1/compounds/{k}/map" for k in self.state["compounds"][:20]]
                cl, sv = timings(c, h, log, maps, n)
                out["compound map"] = (pctl(cl, 99), pctl(sv, 99))
            if level == "street":
                names = ["王", "李", "张伟", "刘", "陈静"]
                paths = [f"/api/v1/residents?unit={unit}&q=" +
                         "".join(f"%{b:02X}" for b in q.encode()) for q in names]
                cl, sv = timings(c, h, log, paths, n)
                out["search street"] = (pctl(cl, 99), pctl(sv, 99))
            c.close()
            say(f"   {level}: " + ", ".join(f"{k} p99 {v[0]:.2f}/{v[1]:.2f} ms"
                                             for k, v in out.items() if k.endswith(level)))

    def load(self, port):
        """Mixed load for --load-seconds: four clients on every level's pages."""
        u, stop, count = self.state["units"], time.monotonic() + self.args.load_seconds, [0]
        paths = [f"/api/v1/units/{u[k]}/dashboard" for k in ("city", "district", "street",
                                                               "committee")]
        paths += [f"/api/v1/compounds/{k}/map" for k in self.state["compounds"][:10]]
        paths += [f"/api/v1/residents?unit={u['street']}&q=%E7%8E%8B"]

        def client(role):
            c, h = login(port, role)
            i = 0
            while time.monotonic() < stop:
                c.request("GET", paths[i % len(paths)], headers=h)
                c.getresponse().read()
                i += 1
            count[0] += i
        ts = [threading.Thread(target=client, args=(r,)) for r in ("city_admin",) * 4]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.state["load_requests"] = count[0]
        say(f"   mixed load: {count[0]} requests in {self.args.load_seconds} s")

    # ---- jobs ---------------------------------------------------------------

    def s_rollover(self):
        con = sqlite3.connect(self.db)
        row = con.execute("SELECT value FROM meta WHERE key = 'rolled_to'").fetchone()
        last = int(row[0]) if row else int(time.mktime(time.strptime(TODAY, "%Y-%m-%d")) // 86400)
        n = self.state["residents"]
        due, day = 0, last
        while due < n // 100 and day < last + 60:
            day += 1
            due = con.execute("SELECT count(*) FROM residents WHERE next_change <= ?",
                              (day,)).fetchone()[0]
        con.close()
        iso = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        t, _ = self.timed([self.bin, "rollover", "--db", self.db], env={"CORDON_TODAY": iso})
        self.state["rollover"] = (t, due, day - last)
        say(f"   {due:,} residents due over {day - last} days: {t:.2f} s")

    def s_export(self):
        u = self.state["units"]
        for unit, fmt in ((u["street"], "xlsx"), (u["district"], "csv")):
            path = os.path.join(self.dir, f"export.{fmt}")
            t, rss = self.timed([self.bin, "export", "residents", "--unit", unit, "--format",
                                 fmt, "-o", path, "--db", self.db])
            con = sqlite3.connect(self.db)
            lo, hi = int(unit) * 10 ** (12 - len(unit)), (int(unit) + 1) * 10 ** (12 - len(unit))
            rows = con.execute("SELECT count(*) FROM residents WHERE committee >= ? AND "
                               "committee < ?", (lo, hi)).fetchone()[0]
            con.close()
            self.state[f"export_{fmt}"] = (t, rss, rows)
            os.remove(path)
            say(f"   {fmt} of {unit}: {rows:,} residents in {t:.2f} s, peak {rss:.0f} MB")

    # ---- durable writes ---------------------------------------------------------

    def session(self, port, user):
        """Logs user in; returns (session cookie value, CSRF token)."""
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("POST", "/api/v1/session", json.dumps({"username": user, "password": PASSWORD}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        body = json.loads(r.read())
        cookie = r.getheader("Set-Cookie").split(";")[0].split("=", 1)[1]
        c.close()
        return cookie, body["csrf"]

    def wrk(self, port, script, conns, env):
        """One wrk run of a bench/ script; returns (requests/s, failures)."""
        p = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{self.args.write_seconds}s",
                            "--timeout", "10s", "-s", os.path.join(ROOT, "bench", script),
                            f"http://127.0.0.1:{port}"], env=dict(os.environ, **env),
                           capture_output=True, text=True, cwd=ROOT)  # the scripts dofile bench/
        m = re.search(r"([0-9]+)/s, non-2xx ([0-9]+), socket errors ([0-9]+)", p.stdout)
        if p.returncode != 0 or not m:
            sys.exit(f"city: wrk {script} failed: {p.stdout[-500:]} {p.stderr[-500:]}")
        return int(m.group(1)), int(m.group(2)) + int(m.group(3))

    def writers(self, db, committee):
        """A committee account and a checkpoint account on db (kept when
        they exist: the step resumes)."""
        con = sqlite3.connect(db)
        post = con.execute("SELECT p.id FROM posts p JOIN checkpoints c ON c.id = p.checkpoint "
                           "WHERE c.name = 'bench-city-station'").fetchone()
        con.close()
        if not post:
            district = str(committee)[:6]
            station = self.cordon("checkpoint", "add", "--name", "bench-city-station", "--kind",
                                  "railway_station", "--district", district, "--db", db)
            post = (self.cordon("checkpoint", "post", station.split()[0], "--name", "exit",
                                "--db", db).split()[0],)
        for name, argv in (("bench-committee", ["--role", "committee", "--unit", str(committee)]),
                           ("bench-checkpoint", ["--role", "checkpoint", "--unit", "3101",
                                                 "--post", str(post[0])])):
            p = subprocess.run([self.bin, "user", "add", name, *argv, "--password-stdin",
                                "--db", db], input=PASSWORD + "\n", text=True,
                               capture_output=True, env=self.env)
            if p.returncode != 0 and "exists" not in p.stderr:
                sys.exit("city: user add: " + p.stderr)

    def write_rates(self, db, committee, span):
        """Fact updates (of span residents of committee, numbered in one run)
        and screenings per second over HTTP on db."""
        self.writers(db, committee)
        con = sqlite3.connect(db)
        first, last, n = con.execute("SELECT min(id), max(id), count(*) FROM residents "
                                     "WHERE committee = ?", (committee,)).fetchone()
        con.close()
        if last - first + 1 != n or n < span:
            sys.exit(f"city: the residents of {committee} are not numbered in one run")
        last = first + span - 1
        saved, self.db = self.db, db
        try:
            proc, port, log, _ = self.serve()
        finally:
            self.db = saved
        try:
            cookie, csrf = self.session(port, "bench-committee")
            facts = self.wrk(port, "api_writes.lua", 64, {
                "COOKIE": cookie, "CSRF": csrf, "FIRST_ID": str(first), "LAST_ID": str(last)})
            cookie, csrf = self.session(port, "bench-checkpoint")
            # Travellers the database has not seen today (a resumed run
            # screens again): numbered from the clock.
            screenings = self.wrk(port, "screenings.lua", 256, {
                "COOKIE": cookie, "CSRF": csrf, "COUNTER_FROM": str(int(time.time()) % 100000 * 10)})
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        return facts, screenings

    def s_writes(self):
        committee = int(self.state["units"]["committee"])
        n = 20000 if self.args.committees else 1000000
        ref = os.path.join(self.dir, f"ref-{n}.db")
        if not os.path.exists(ref + ".done"):
            for f in (ref, ref + "-wal", ref + "-shm"):
                if os.path.exists(f):
                    os.remove(f)
            say(f"   a database of {n:,} residents in {committee}, for the reference")
            self.cordon("init", "--db", ref)
            self.cordon("gen", "residents", "--count", str(n), "--seed", "2", "--unit",
                        str(committee), "--db", ref)
            open(ref + ".done", "w").close()
        # The same number of residents updated on both (the committee's, on
        # the city): what differs is the size of the database around them.
        con = sqlite3.connect(self.db)
        span = con.execute("SELECT count(*) FROM residents WHERE committee = ?",
                           (committee,)).fetchone()[0]
        con.close()
        rates = {"reference": self.write_rates(ref, committee, span),
                 "city": self.write_rates(self.db, committee, span)}
        self.state["writes"] = {"reference_residents": n, "span": span, **rates}
        for k, ((f, fe), (sc, se)) in rates.items():
            say(f"   {k}: {f:,} fact updates/s ({fe} failed), {sc:,} screenings/s ({se} failed)")

    # ---- report ---------------------------------------------------------------

    def report(self):
        s = self.state
        n = s["residents"]
        lat = s.get("latency", {})
        rows = [
            ("import", f"{s['import_s']:.1f} s ({n / s['import_s']:,.0f} rows/s) vs "
             f"sqlite3 .import {s['ref_import_s']:.1f} s: "
             f"**{s['import_s'] / s['ref_import_s']:.2f}×**", "≤ 1.0×"),
            ("database size", f"{s['db_bytes'] / 1e9:.2f} GB, "
             f"{s['db_bytes'] / n:.0f} B per resident", "≤ 400 B"),
            ("`cordon serve` start-up", f"{s['startup_s']:.2f} s", "< 1 s"),
            ("server RSS after mixed load", f"{s['rss_mb']:.0f} MB (peak {s['hwm_mb']:.0f} MB, "
             f"{s['load_requests']} requests in {self.args.load_seconds} s)", "< 512 MB"),
        ]
        for k in sorted(lat):
            target = "p99 < 1 ms server" if k.startswith("counts") else "p99 < 50 ms"
            rows.append((k, f"p99 {lat[k][0]:.2f} ms client, {lat[k][1]:.2f} ms server", target))
        t, due, days = s["rollover"]
        rows.append(("roll-over", f"{t:.2f} s for {due:,} due ({100 * due / n:.2f}%, "
                     f"{days} days)", "< 10 s at 1%"))
        for fmt, target in (("xlsx", "< 5 s (street)"), ("csv", "< 30 s (district)")):
            t, rss, k = s[f"export_{fmt}"]
            rows.append((f"export .{fmt}", f"{k:,} residents in {t:.2f} s, peak RSS {rss:.0f} MB",
                         target))
        w = s.get("writes")
        if w:
            for i, what in enumerate(("durable fact updates", "durable screenings")):
                (c, ce), (r, re_) = w["city"][i], w["reference"][i]
                rows.append((f"{what} over HTTP", f"{c:,}/s ({ce} failed) vs {r:,}/s "
                             f"({re_} failed) on {w['reference_residents']:,} residents "
                             f"({w.get('span', 0):,} of them updated on both): "
                             f"**{c / r:.2f}×**", "≥ 0.9×"))
        md = [f"`bench/city.py {' '.join(sys.argv[1:])}` — {s['committees']:,} committees, "
              f"{n:,} residents, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
              f"{os.uname().sysname} {os.uname().release}", "",
              "| measure | measured | target |", "| --- | --- | --- |"]
        md += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        text = "\n".join(md) + "\n"
        out = os.path.join(ROOT, "bench", "out")
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, f"city-{time.strftime('%Y%m%d-%H%M%S')}.md")
        with open(path, "w") as f:
            f.write(text)
        say(text)
        say(f"(written to {path})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "bench", "out", "city"))
    ap.add_argument("--committees", type=int, default=0)
    ap.add_argument("--per-committee", type=int, default=3800)
    ap.add_argument("--load-seconds", type=int, default=60)
    ap.add_argument("--write-seconds", type=int, default=10)
    ap.add_argument("--fresh", action="store_true")
    run = Run(ap.parse_args())
    for name in ("plan", "generate", "import", "reference", "size", "accounts", "serve",
                 "rollover", "export", "writes"):
        run.step(name, getattr(run, "s_" + name))
    run.report()


if __name__ == "__main__":
    main()
