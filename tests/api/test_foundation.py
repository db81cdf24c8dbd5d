"""End-to-end tests of the foundation: `cordon init`, `cities`, `units`,
`grid` and `serve` with GET /healthz and /api/v1/units/{code}, run as real
processes, with the bad inputs the foundation issue names."""
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import unittest

from harness import ON_PG, Server, cordon, shanghai_db, sql, sqlite_only, tmp_path


def fingerprint(db):
    """What a database holds, to compare before and after a command that
    should change nothing: per table its row count and a digest of its rows
    (and on SQLite the file's size)."""
    if ON_PG:
        names = [r[0] for r in sql(db, "SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'public' ORDER BY 1")]
        tables = {n: tuple(sql(db, f'SELECT count(*), md5(coalesce(string_agg(t::text, '
                                   f"'|' ORDER BY t::text), '')) FROM \"{n}\" t")[0])
                  for n in names}
        return {"tables": tables}
    c = sqlite3.connect(db, isolation_level=None)
    try:
        names = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "ORDER BY name")]
        tables = {}
        for n in names:
            rows = sorted(repr(r) for r in c.execute(f'SELECT * FROM "{n}"'))
            tables[n] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    finally:
        c.close()
    return {"tables": tables, "size": os.path.getsize(db)}


class InitTest(unittest.TestCase):
    def test_init_creates_shanghai_then_changes_nothing(self):
        db = tmp_path("a.db")
        rc, out, err = cordon("init", "--city", "3101", "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertIn("created 上海市 (3101): 16 districts, 234 streets and towns, "
                      "6509 committees and villages", out)
        before = fingerprint(db)
        self.assertEqual(before["tables"]["units"][0], 1 + 16 + 234 + 6509)
        rc, out, err = cordon("init", "--city", "3101", "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertIn("nothing changed", out)
        self.assertEqual(fingerprint(db), before)

    def test_db_from_environment(self):
        db = tmp_path("env.db")
        rc, out, err = cordon("init", env={"CORDON_DB": db})
        self.assertEqual(rc, 0, err)
        self.assertEqual(sql(db, "SELECT count(*) FROM units WHERE code = 3101"), [[1]])

    def test_unknown_city_tells_how_to_find_codes_and_leaves_no_file(self):
        db = tmp_path("u.db")
        rc, out, err = cordon("init", "--city", "9901", "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("cordon cities", err)
        self.assertEqual(len(err.strip().splitlines()), 1)
        if not ON_PG:  # (a PostgreSQL database exists before init)
            self.assertFalse(os.path.exists(db))

    def test_malformed_city_is_a_usage_error(self):
        for bad in ("31", "31a1", "310105", ""):
            rc, out, err = cordon("init", "--city", bad, "--db", tmp_path("m.db"))
            self.assertEqual(rc, 2, bad)
            self.assertIn("4 digits", err)

    def test_other_city_on_same_database_is_refused(self):
        db = shanghai_db()
        rc, out, err = cordon("init", "--city", "1101", "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("already holds city 3101", err)

    @sqlite_only
    def test_corrupt_file_is_one_clear_line(self):
        db = tmp_path("corrupt.db")
        with open(db, "wb") as f:
            f.write(b"\x00garbage" * 1000)
        for args in (("init",), ("units", "3101")):
            rc, out, err = cordon(*args, "--db", db)
            self.assertEqual(rc, 1, args)
            self.assertIn("not a cordon database", err)
            self.assertEqual(len(err.strip().splitlines()), 1)
            self.assertNotIn("Segmentation", err)

    def test_newer_schema_is_refused(self):
        db = shanghai_db()
        sql(db, "UPDATE schema_version SET version = 999")
        rc, out, err = cordon("units", "3101", "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("newer", err)
        self.assertIn("999", err)

    @sqlite_only
    def test_locked_database_is_reported_not_hung(self):
        db = shanghai_db()
        c = sqlite3.connect(db, isolation_level=None)
        c.execute("BEGIN EXCLUSIVE")
        try:
            rc, out, err = cordon("grid", "add", "--committee", "310105002002", "--name", "g",
                                  "--db", db, timeout=60)
        finally:
            c.execute("ROLLBACK")
            c.close()
        self.assertEqual(rc, 1)
        self.assertIn("locked", err)

    @unittest.skipUnless(ON_PG, "PostgreSQL only (the SQLite twin is above)")
    def test_locked_database_is_reported_not_hung_on_postgres(self):
        db = shanghai_db()
        holder = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-d", db],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            holder.stdin.write("BEGIN; LOCK TABLE units IN ACCESS EXCLUSIVE MODE; "
                               "SELECT 'held';\n")
            holder.stdin.flush()
            self.assertEqual(holder.stdout.readline().strip(), "held")
            rc, out, err = cordon("grid", "add", "--committee", "310105002002", "--name", "g",
                                  "--db", db, timeout=60)
        finally:
            holder.stdin.write("ROLLBACK;\n")
            holder.stdin.close()
            holder.wait(timeout=30)
        self.assertEqual(rc, 1)
        self.assertIn("locked", err)

    def test_missing_database_says_how_to_create_it(self):
        rc, out, err = cordon("units", "3101", "--db", tmp_path("none.db"))
        self.assertEqual(rc, 1)
        self.assertIn("cordon init", err)

    def test_bad_clock_override_is_a_usage_error(self):
        rc, out, err = cordon("units", "3101", "--db", shanghai_db(),
                              env={"CORDON_TODAY": "2020-02-30"})
        self.assertEqual(rc, 2)
        self.assertIn("CORDON_TODAY", err)


class CitiesAndUnitsTest(unittest.TestCase):
    def test_cities_filter(self):
        rc, out, err = cordon("cities", "上海")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.strip().splitlines()), 1)
        self.assertIn("3101", out)
        self.assertIn("6509", out)
        rc, out, err = cordon("cities", "no such place")
        self.assertEqual(rc, 1)

    def test_units_prints_subtree_with_depth(self):
        db = shanghai_db()
        rc, out, err = cordon("units", "310105002", "--db", db)
        self.assertEqual(rc, 0, err)
        lines = out.strip().splitlines()
        self.assertTrue(lines[0].startswith("310105002 江苏路街道"))
        self.assertIn("  310105002002 岐山居委会 (committee)", lines)
        rc, out, err = cordon("units", "3101", "--depth", "2", "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.strip().splitlines()), 1 + 16 + 234)
        rc, out, err = cordon("units", "310105002999", "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("no unit", err)
        rc, out, err = cordon("units", "31010500", "--db", db)
        self.assertEqual(rc, 2)

    def test_grid_lifecycle(self):
        db = shanghai_db()
        rc, out, err = cordon("grid", "add", "--committee", "310105002002", "--name", "岐山第一网格",
                              "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.split()[0], "310105002002001")
        rc, out, err = cordon("grid", "list", "--committee", "310105002002", "--db", db)
        self.assertIn("310105002002001  岐山第一网格", out)
        rc, out, err = cordon("grid", "rename", "310105002002001", "--name", "一网格", "--db", db)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("units", "310105002002", "--db", db)
        self.assertIn("310105002002001 一网格 (grid)", out)
        rc, out, err = cordon("grid", "remove", "310105002002001", "--db", db)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("grid", "remove", "310105002002001", "--db", db)
        self.assertEqual(rc, 1)
        rc, out, err = cordon("grid", "add", "--committee", "310105002", "--name", "x", "--db", db)
        self.assertEqual(rc, 1)
        rc, out, err = cordon("grid", "frobnicate", "--db", db)
        self.assertEqual(rc, 2)

    def test_unknown_command_and_help(self):
        rc, out, err = cordon("frobnicate")
        self.assertEqual(rc, 2)
        rc, out, err = cordon("help", "init")
        self.assertEqual(rc, 0)
        self.assertIn("--city", out)


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = shanghai_db()

    def test_healthz_and_units(self):
        with Server(self.db) as s:
            st, h, body = s.get("/healthz")
            self.assertEqual((st, body), (200, {"status": "ok"}))
            st, h, body = s.get("/api/v1/units/3101")
            self.assertEqual(st, 200)
            self.assertEqual(body["name"], "上海市")
            self.assertIsNone(body["parent"])
            self.assertEqual(len(body["children"]), 16)
            self.assertTrue(all(c["level"] == 2 for c in body["children"]))
            st, h, body = s.get("/api/v1/units/310105002002")
            self.assertEqual(st, 200)
            self.assertEqual(body, {"code": "310105002002", "name": "岐山居委会", "level": 4,
                                    "parent": "310105002", "children": []})
            st, h, body = s.get("/api/v1/units/310105002")
            names = {c["name"] for c in body["children"]}
            self.assertIn("岐山居委会", names)
            self.assertNotIn("connection", {k for k, v in h.items() if v == "close"})

    def test_every_committee_of_shanghai_is_served(self):
        with Server(self.db) as s:
            st, h, city = s.get("/api/v1/units/3101")
            committees = 0
            for d in city["children"]:
                st, h, dist = s.get("/api/v1/units/" + d["code"])
                self.assertEqual(st, 200)
                for street in dist["children"]:
                    st, h, sb = s.get("/api/v1/units/" + street["code"])
                    self.assertEqual(sb["parent"], d["code"])
                    committees += len(sb["children"])
            self.assertEqual(committees, 6509)

    def test_errors_are_json_with_the_right_status(self):
        with Server(self.db) as s:
            st, h, body = s.get("/api/v1/units/310105002999")
            self.assertEqual(st, 404)
            self.assertEqual(body["error"]["code"], "not_found")
            self.assertEqual(body["error"]["field"], "code")
            st, h, body = s.get("/api/v1/units/31x")
            self.assertEqual(st, 400)
            self.assertEqual(body["error"]["code"], "bad_code")
            st, h, body = s.get("/api/v1/nothing")
            self.assertEqual(st, 404)
            st, h, body = s.request("DELETE", "/api/v1/units/3101")
            self.assertEqual(st, 405)
            self.assertEqual(body["error"]["code"], "method_not_allowed")
            # Refused on Content-Length, before the body: the client sends
            # the headers and reads the answer (sending the 2 MiB too may
            # meet a closed connection, which is the point).
            c = socket.create_connection(("127.0.0.1", s.port), timeout=15)
            c.sendall(b"POST /api/v1/units/3101 HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                      % (2 << 20))
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                chunk = c.recv(65536)
                if not chunk:
                    break
                answer += chunk
            c.close()
            self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer)
            body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
            self.assertEqual(body["error"]["code"], "body_too_large")
        with Server(self.db) as s:
            st, h, body = s.get("/healthz")
            self.assertEqual(st, 200)

    def test_port_in_use_is_one_clear_line(self):
        with Server(self.db) as s:
            rc, out, err = cordon("serve", "--db", self.db, "--listen", f"127.0.0.1:{s.port}")
            self.assertEqual(rc, 1)
            self.assertIn("in use", err)
            self.assertEqual(len(err.strip().splitlines()), 1)
        rc, out, err = cordon("serve", "--db", self.db, "--listen", "127.0.0.1:99999")
        self.assertEqual(rc, 1)

    def test_sigterm_stops_cleanly(self):
        s = Server(self.db)
        s.__enter__()
        st, h, body = s.get("/healthz")
        self.assertEqual(st, 200)
        self.assertEqual(s.stop(), 0)
        with socket.socket() as sock:
            self.assertNotEqual(sock.connect_ex(("127.0.0.1", s.port)), 0)

    def test_serve_refuses_a_missing_database(self):
        rc, out, err = cordon("serve", "--db", tmp_path("missing.db"), "--listen", "127.0.0.1:0")
        self.assertEqual(rc, 1)
        self.assertIn("cordon init", err)


if __name__ == "__main__":
    unittest.main()
