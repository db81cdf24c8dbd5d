#!/usr/bin/env python3
"""Times pages of a running `cordon serve` as one account sees them: logs in
(the bench accounts' password, bench/city.py), then asks each PATH five
times on one connection and prints the status, the five times in ms and
the size of the last answer.

    bench/city_pages.py PORT ACCOUNT PATH...

For a quick look at what a page costs on the city file (bench/RESULTS.md,
"Session 12"), beside bench/city_dashboards.py's percentiles; not one of
bench/run's benchmarks."""
import http.client
import json
import sys
import time

PASSWORD = "bench-city-password"


def ask(conn, method, path, body=None, headers=None):
    h = dict(headers or {})
    if body is not None:
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = conn.getresponse()
    return r.status, r.getheaders(), r.read()


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    port, account, paths = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    st, headers, body = ask(conn, "POST", "/api/v1/session",
                            {"username": account, "password": PASSWORD})
    if st != 200:
        sys.exit(f"login as {account}: {st} {body[:200]!r}")
    cookie = [v for k, v in headers if k.lower() == "set-cookie"][0].split(";")[0]
    for path in paths:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            st, _, body = ask(conn, "GET", path, headers={"Cookie": cookie})
            times.append((time.perf_counter() - t) * 1000)
        print(st, path, " ".join(f"{x:.1f}" for x in times), "ms", len(body))


if __name__ == "__main__":
    main()
