#!/usr/bin/env python3
"""Resident search of one large street, two binaries side by side (issue 19):
the searches of bench/search_city.py run against a database holding one
street at city density, once with each binary, the rounds interleaved so
both see the same load. Each search is a first page (50 and the total).

    bench/search_street.py --before OLD_BIN [--after build/cordon]
        [--csv /work/city/r-310115103.csv | --count 400000] [--n 100]
        [--rounds 3] [--dir /tmp/search-street]

The street's residents are read from --csv (the city run's file of street
310115103 of Pudong, 357,200 residents) or generated with `cordon gen
residents --count N --unit 310115103`, into a database made with the older
binary (the newer one migrates its own copy when it opens it). For each
binary and search: p50 and
p99 of the server's own time (its access log's "ms") and the CPU the server
process spent per request (utime + stime from /proc, which a loaded machine
does not inflate as it does the wall time); then the ratio after/before.
The load average is printed with the figures."""
import argparse
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from city import PASSWORD, TODAY, login, pctl, timings  # noqa: E402  bench/city.py's
from search_city import serve  # noqa: E402

STREET = "310115103"
TICK = os.sysconf("SC_CLK_TCK")


def run(binary, *args, **kw):
    p = subprocess.run([binary, *args], capture_output=True, text=True,
                       env=dict(os.environ, CORDON_TODAY=TODAY), **kw)
    if p.returncode != 0:
        sys.exit(f"search_street: {' '.join(args[:2])}: {p.stderr}")
    return p.stdout


def build(binary, work, csv, count):
    """One database with the street and the two accounts; kept between runs."""
    db = os.path.join(work, "street.db")
    if os.path.exists(db):
        return db
    os.makedirs(work, exist_ok=True)
    part = db + ".part"
    run(binary, "init", "--city", "3101", "--db", part)
    if not csv:
        csv = os.path.join(work, "street.csv")
        run(binary, "gen", "residents", "--count", str(count), "--seed", "1", "--unit", STREET,
            "-o", csv, "--db", part)
    t0 = time.monotonic()
    run(binary, "import", "residents", csv, "--db", part, "--quiet")
    print(f"imported {csv} in {time.monotonic() - t0:.1f} s", flush=True)
    for role, unit in (("city_admin", "3101"), ("street", STREET)):
        run(binary, "user", "add", "bench-" + role.replace("_", "-"), "--role", role, "--unit",
            unit, "--password-stdin", "--db", part, input=PASSWORD + "\n")
    os.replace(part, db)
    return db


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def cases(db):
    import sqlite3
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    lo, hi = int(STREET) * 1000, (int(STREET) + 1) * 1000
    picks = con.execute("SELECT doc_no, phone FROM residents WHERE committee >= ? AND "
                        "committee < ? AND phone IS NOT NULL ORDER BY id LIMIT 5 OFFSET 1000",
                        (lo, hi)).fetchall()
    size = con.execute("SELECT count(*) FROM residents WHERE committee >= ? AND committee < ?",
                       (lo, hi)).fetchone()[0]
    con.close()
    unit = f"/api/v1/residents?unit={STREET}"
    return size, [
        ("plain list of the street (reference)", "street", [unit]),
        ("substring of a name (may unmask)", "street",
         [f"{unit}&q={quote(q)}" for q in ("王", "李", "张伟", "刘", "陈静")]),
        ("substring of digits (may unmask)", "street", [f"{unit}&q={p[1][3:8]}" for p in picks]),
        ("one digit, in nearly everyone (may unmask)", "street", [f"{unit}&q=1"]),
        ("first character of a name (masks)", "city_admin",
         [f"{unit}&q={quote(q)}" for q in ("王", "李", "张", "刘", "陈")]),
        ("whole document number (masks)", "city_admin", [f"{unit}&q={p[0]}" for p in picks]),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                    "cordon"))
    ap.add_argument("--csv", default="")
    ap.add_argument("--count", type=int, default=400000)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/search-street")
    a = ap.parse_args()
    # Made by the older binary: the newer one migrates its copy when it opens it.
    base = build(a.before, a.dir, a.csv, a.count)
    size, searches = cases(base)
    bins = {"before": a.before, "after": a.after}
    servers = {}
    for k, b in bins.items():
        db = os.path.join(a.dir, f"{k}.db")
        shutil.copyfile(base, db)  # each its own copy: substring searches write audit rows
        servers[k] = serve(b, db, TODAY)
    loads = [float(open("/proc/loadavg").read().split()[0])]
    got = {(k, w): ([], []) for k in bins for w, _, _ in searches}
    try:
        for r in range(a.rounds):
            for what, role, paths in searches:
                for k in (("before", "after") if r % 2 == 0 else ("after", "before")):
                    proc, port, log = servers[k]
                    c, h = login(port, role)
                    t0 = cpu_s(proc.pid)
                    _, sv = timings(c, h, log, paths, a.n)
                    got[k, what][1].append((cpu_s(proc.pid) - t0) * 1000 / a.n)
                    got[k, what][0].extend(sv)
                    c.close()
            loads.append(float(open("/proc/loadavg").read().split()[0]))
            print(f"round {r + 1}/{a.rounds} done, load {loads[-1]}", flush=True)
    finally:
        for proc, _, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=60)
    print(f"\nstreet {STREET}: {size:,} residents; {a.rounds} rounds x {a.n} requests per "
          f"search and binary; load average {min(loads)}-{max(loads)}\n")
    print("| search within the street | before p50 / p99 (server) | before CPU per request | "
          "after p50 / p99 (server) | after CPU per request | CPU after/before |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for what, _, _ in searches:
        row = []
        for k in bins:
            ms, cpu = got[k, what]
            row.append((pctl(ms, 50), pctl(ms, 99), sum(cpu) / len(cpu)))
        (b50, b99, bc), (a50, a99, ac) = row
        print(f"| {what} | {b50:.1f} / {b99:.1f} ms | {bc:.1f} ms | {a50:.1f} / {a99:.1f} ms | "
              f"{ac:.1f} ms | {ac / bc:.2f} |")


if __name__ == "__main__":
    main()
