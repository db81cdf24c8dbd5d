#!/usr/bin/env python3
"""Resident search at city density (issue 19): p99 of every way a role may
search the register, over the largest street of a city database built by
bench/city.py (its accounts bench-street, which may unmask, and
bench-city-admin, which may not), against the plain list of the same street
measured in the same run as the reference.

    bench/search_city.py --db COPY_OF_CITY_DB [--bin build/cordon] [--n 200]

The database is migrated by the binary it is served with: run it on a copy.
Prints one line per search (client and server p99, ms) and a Markdown table.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from city import login, pctl, timings  # noqa: E402  bench/city.py's


def serve(binary, db, today):
    proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0",
                             "--search-rate", "1000000"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, CORDON_TODAY=today))
    line = proc.stdout.readline()
    if "listening" not in line:
        sys.exit("search_city: serve did not start: " + proc.stderr.read())
    log = []
    threading.Thread(target=lambda: [log.append(x) for x in proc.stderr], daemon=True).start()
    return proc, int(line.strip().rsplit(":", 1)[1]), log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                  "cordon"))
    ap.add_argument("--street", default="310115103")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--only", default="", help="only the searches whose name holds this")
    a = ap.parse_args()
    lo, hi = int(a.street) * 1000, (int(a.street) + 1) * 1000
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    size = con.execute("SELECT count(*) FROM residents WHERE committee >= ? AND committee < ?",
                       (lo, hi)).fetchone()[0]
    picks = con.execute("SELECT doc_no, phone FROM residents WHERE committee >= ? AND "
                        "committee < ? AND phone IS NOT NULL ORDER BY id LIMIT 5 OFFSET 1000",
                        (lo, hi)).fetchall()
    # The day the database was rolled to: the server's start-up tick would
    # otherwise roll every resident over to the real date.
    rolled = con.execute("SELECT value FROM meta WHERE key = 'rolled_to'").fetchone()
    today = time.strftime("%Y-%m-%d", time.gmtime(int(rolled[0]) * 86400 if rolled else
                                                  time.time()))
    con.close()
    unit = f"/api/v1/residents?unit={a.street}"
    names = ["王", "李", "张伟", "刘", "陈静"]
    cases = [
        ("plain list of the street (reference)", "street", [unit]),
        ("substring of a name (may unmask)", "street", [f"{unit}&q={quote(q)}" for q in names]),
        ("substring of digits (may unmask)", "street",
         [f"{unit}&q={p[1][3:8]}" for p in picks]),
        ("first character of a name (masks)", "city_admin",
         [f"{unit}&q={quote(q)}" for q in ("王", "李", "张", "刘", "陈")]),
        ("whole document number (masks)", "city_admin", [f"{unit}&q={p[0]}" for p in picks]),
        ("whole phone number (masks)", "city_admin", [f"{unit}&q={p[1]}" for p in picks]),
    ]
    cases = [x for x in cases if a.only in x[0]]
    t0 = time.monotonic()
    proc, port, log = serve(a.bin, a.db, today)
    print(f"serve (with migrations) {time.monotonic() - t0:.1f} s; street {a.street}: "
          f"{size:,} residents; load {open('/proc/loadavg').read().split()[0]}", flush=True)
    rows = []
    try:
        for what, role, paths in cases:
            c, h = login(port, role)
            cl, sv = (pctl(x, 99) for x in timings(c, h, log, paths, a.n))
            c.close()
            rows.append((what, cl, sv))
            print(f"  {what}: p99 {cl:.1f} ms client, {sv:.1f} ms server", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    print("\n| search within a street | p99 client | p99 server |\n| --- | --- | --- |")
    for what, cl, sv in rows:
        print(f"| {what} | {cl:.1f} ms | {sv:.1f} ms |")


if __name__ == "__main__":
    main()
