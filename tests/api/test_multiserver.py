"""Two `cordon serve` processes on one PostgreSQL database (issue 8): behind a
load balancer, what one server shows the other shows. Counts agree through
both servers and the command line after imports and after writes through
either server; a session created through one works on the other (CSRF
token included), and a logout or a password change on one ends it on the
other within the session cache's second; failed logins count across
servers; servers started together roll the colours over once.

State kept in each process's memory, and how long it may lag behind the
database: the live-count answers (src/http/h_units.c, up to 1 s, dropped at
once on the server that wrote) and recognised sessions (src/app/accounts/session.c,
SESSION_CACHE_S = 1 s, dropped at once on the server that logged out). The
tests poll for up to 5 s where another server's change must show.

PostgreSQL pass only (skipped, visibly, on the SQLite pass)."""
import json
import threading
import time
import unittest

from harness import Server, cordon, pg_only, sql, tmp_path
from api_helpers import ENV, QISHAN, Client, make_world, password_of

ACCOUNTS = {
    "admin": ("city_admin", "3101", None),
    "qishan": ("committee", QISHAN, None),
    "changer": ("committee", QISHAN, None),
    "victim": ("committee", QISHAN, None),
}
UNITS = ("3101", "310105", "310105002", QISHAN)
COLOURS = ("red", "orange", "yellow", "green", "blue", "purple")  # enum colour order


def poll(fn, want, seconds=5.0):
    """fn() until it returns want (or seconds pass); its last value."""
    deadline = time.time() + seconds
    got = fn()
    while got != want and time.time() < deadline:
        time.sleep(0.1)
        got = fn()
    return got


def recount(db, unit):
    """The colours of a unit straight from the residents table."""
    lo, hi = int(unit), int(unit) + 1
    while lo < 100000000000:
        m = 100 if lo < 10000 else 1000
        lo, hi = lo * m, hi * m
    rows = sql(db, f"SELECT colour, count(*) FROM residents WHERE committee >= {lo} AND "
                   f"committee < {hi} GROUP BY colour")
    got = {c: 0 for c in COLOURS}
    for colour, n in rows:
        got[COLOURS[colour]] = n
    return got


def start_together(*servers):
    """Starts servers at the same time (each enters its `with` in a thread)."""
    errors = []

    def enter(s):
        try:
            s.__enter__()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=enter, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        for s in servers:
            if s.proc:
                s.stop()
        raise errors[0]


@pg_only
class TwoServersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world(ACCOUNTS)
        cls.a = Server(cls.db, env=ENV)
        cls.b = Server(cls.db, env=ENV)
        start_together(cls.a, cls.b)
        cls.admin_a = Client(cls.a.port)
        st, h, body = cls.admin_a.login("admin")
        assert st == 200, body
        # The same session, presented to the other server.
        cls.admin_b = Client(cls.b.port)
        cls.admin_b.token, cls.admin_b.csrf = cls.admin_a.token, cls.admin_a.csrf

    @classmethod
    def tearDownClass(cls):
        cls.admin_a.close()
        cls.admin_b.close()
        for s in (cls.a, cls.b):
            s.__exit__(None, None, None)

    def counts(self, client, unit):
        st, h, body = client.get(f"/api/v1/units/{unit}/counts")
        self.assertEqual(st, 200, body)
        return body["colours"]

    def cli_counts(self, unit):
        rc, out, err = cordon("counts", unit, "--json", "--db", self.db, env=ENV)
        self.assertEqual(rc, 0, err)
        return json.loads(out)["colours"]

    def assert_counts_agree(self):
        """Every level's counts: the same through both servers, the command
        line and a recount of the residents table."""
        for unit in UNITS:
            want = recount(self.db, unit)
            self.assertEqual(poll(lambda: self.counts(self.admin_a, unit), want), want, unit)
            self.assertEqual(poll(lambda: self.counts(self.admin_b, unit), want), want, unit)
            self.assertEqual(self.cli_counts(unit), want, unit)

    def client(self, port, name=None):
        c = Client(port)
        self.addCleanup(c.close)
        if name:
            st, h, body = c.login(name)
            self.assertEqual(st, 200, body)
        return c

    def test_counts_agree_after_imports(self):
        self.assert_counts_agree()
        total = sum(self.counts(self.admin_b, "3101").values())
        for seed, unit in ((7, "310105"), (8, "310104")):
            path = tmp_path(f"more-{seed}.csv")
            rc, out, err = cordon("gen", "residents", "--count", "300", "--seed", str(seed),
                                  "--unit", unit, "-o", path, "--db", self.db, env=ENV)
            self.assertEqual(rc, 0, err)
            rc, out, err = cordon("import", "residents", path, "--db", self.db, "--quiet",
                                  env=ENV)
            self.assertEqual(rc, 0, err)
            total += 300
            self.assertEqual(poll(lambda: sum(self.counts(self.admin_a, "3101").values()),
                                  total), total)
            self.assertEqual(poll(lambda: sum(self.counts(self.admin_b, "3101").values()),
                                  total), total)
        self.assert_counts_agree()

    def test_session_from_one_server_works_on_the_other(self):
        a = self.client(self.a.port, "qishan")
        b = self.client(self.b.port)
        b.token, b.csrf = a.token, a.csrf
        st, h, me = b.get("/api/v1/session")
        self.assertEqual(st, 200, me)
        self.assertEqual((me["user"]["name"], me["csrf"]), ("qishan", a.csrf))
        st, h, page = b.get("/api/v1/residents?limit=5")
        self.assertEqual(st, 200, page)
        rid = page["items"][0]["id"]
        before = self.counts(a, QISHAN)
        # A write through B with the CSRF token A gave out ...
        st, h, r = b.post(f"/api/v1/residents/{rid}/facts", {"health": "fever"})
        self.assertEqual(st, 200, r)
        self.assertEqual(r["colour"], "red")
        # ... is seen through A: the resident at once, the counts within a second.
        st, h, seen = a.get(f"/api/v1/residents/{rid}")
        self.assertEqual((st, seen["colour"]), (200, "red"))
        got = poll(lambda: self.counts(a, QISHAN)["red"], before["red"] + (
            0 if page["items"][0]["colour"] == "red" else 1))
        self.assertEqual(got, before["red"] + (0 if page["items"][0]["colour"] == "red" else 1))
        st, h, hist = a.get(f"/api/v1/residents/{rid}/history")
        self.assertEqual(hist["items"][0]["value"]["health"], "fever")
        self.assert_counts_agree()
        # Logging out through A ends the session on B too (B may have it in
        # its cache for up to a second).
        self.assertEqual(b.get("/api/v1/session")[0], 200)
        st, h, body = a.request("DELETE", "/api/v1/session")
        self.assertEqual(st, 200, body)
        self.assertEqual(poll(lambda: b.get("/api/v1/session")[0], 401, seconds=3.0), 401)

    def test_password_change_on_one_server_ends_sessions_on_the_other(self):
        a = self.client(self.a.port, "changer")
        b = self.client(self.b.port, "changer")
        self.assertEqual(b.get("/api/v1/residents")[0], 200)
        st, h, body = a.post("/api/v1/session/password",
                             {"password": password_of("changer"), "new_password": "new-pw-123"})
        self.assertEqual(st, 200, body)
        self.assertEqual(poll(lambda: b.get("/api/v1/residents")[0], 401), 401)
        self.assertEqual(a.get("/api/v1/residents")[0], 200)
        # The new password works on both.
        self.assertEqual(self.client(self.b.port).login("changer", "new-pw-123")[0], 200)

    def test_failed_logins_count_across_servers(self):
        for i in range(5):
            port = (self.a.port, self.b.port)[i % 2]
            st, h, body = self.client(port).request(
                "POST", "/api/v1/session", {"username": "victim", "password": f"guess-{i}"})
            self.assertEqual(st, 401, (i, body))
        for port in (self.a.port, self.b.port):
            st, h, body = self.client(port).login("victim")
            self.assertEqual((st, body["error"]["code"]), (429, "throttled"))


@pg_only
class RolloverOnceTest(unittest.TestCase):
    def test_servers_started_together_roll_over_once(self):
        db = make_world({"admin": ("city_admin", "3101", None)})
        # The import rolled over to ENV's day. Roll over to the first later
        # day on which someone's colour changes: each of those residents is
        # re-evaluated once.
        first = sql(db, "SELECT min(next_change) FROM residents")[0][0]
        due = sql(db, f"SELECT count(*) FROM residents WHERE next_change = {first}")
        self.assertGreater(due[0][0], 0)
        day = time.strftime("%Y-%m-%d", time.gmtime(first * 86400))
        servers = [Server(db, env={"CORDON_TODAY": day}) for _ in range(3)]
        start_together(*servers)
        try:
            def rolled():
                return [line for s in servers for line in s.log if "rolled over to" in line]
            # Each server rolls over (or finds the day done, or skips) before
            # it says it listens, and logs on stderr in order: once a
            # request's access-log line is read, its roll-over line is too.
            for s in servers:
                c = Client(s.port)
                self.assertEqual(c.get("/healthz")[0], 200)
                c.close()
                self.assertTrue(poll(lambda: any('"/healthz"' in line for line in s.log), True),
                                s.log)
            lines = rolled()
            self.assertEqual(len(lines), 1, [s.log for s in servers])
            self.assertIn(f"rolled over to {day}: {due[0][0]} re-evaluated", lines[0])
        finally:
            for s in servers:
                s.stop()
        # The day before was saved as it ended, and the live counts equal a
        # recount (a second roll-over of the same day would have moved the
        # changed residents' counts twice).
        residents = sql(db, "SELECT count(*) FROM residents")[0][0]
        # (A city's counts are its districts' rows: store/counts.c.)
        self.assertEqual(sql(db, "SELECT sum(n) FROM colour_daily WHERE unit BETWEEN 310100 "
                                 "AND 310199 AND day = "
                                 "(SELECT CAST(value AS INTEGER) - 1 FROM meta WHERE key = "
                                 "'rolled_to')"), [[residents]])
        for unit in UNITS:
            rc, out, err = cordon("counts", unit, "--json", "--db", db,
                                  env={"CORDON_TODAY": day})
            self.assertEqual(rc, 0, err)
            self.assertEqual(json.loads(out)["colours"], recount(db, unit), unit)


if __name__ == "__main__":
    unittest.main()
