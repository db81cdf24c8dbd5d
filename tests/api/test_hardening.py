"""End-to-end tests of issue 17's findings (what an intruder found): CSV
cells a spreadsheet would run as formulas are neutralised in every CSV
cordon writes (export.csv, `cordon export`, the rejects of an import),
text is cut at character boundaries and invalid UTF-8 is a 400, a full or
read-only database is a 503 that /healthz reports, search is no oracle for
masked fields, and the small ones (counts of a missing unit, disabled
accounts, concurrent guesses, early 413, /metrics, declaration ids)."""
import csv
import io
import json
import os
import unittest

import socket
import threading
import time
from urllib.parse import quote

from api_helpers import ENV, QISHAN, Client, WorldTest, make_world
from harness import Server, cordon, sqlite_only, tmp_path

HEADER = "小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,隔离开始日期,隔离结束日期,健康状况\n"
# Row 1 is good (a compound, a name and an origin that look like formulas),
# row 2 has a wrong check digit and lands in the rejects.
HOSTILE = ("\ufeff" + HEADER +
           '"=HYPERLINK(""http://x"")",12号,1,601,-张三,310105198001010013,13812345678,'
           "近期返沪,2020/3/1,@SUM(A1),无,,,正常\n"
           "+岐山村,12号,1,602,=李四,310105198505050028,13912345678,一直在沪,,,无,,,正常\n")


def rows_of(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


class FormulaTest(WorldTest):
    def assert_neutralised(self, rows, cells):
        flat = [c for r in rows for c in r]
        for cell in cells:
            self.assertIn("'" + cell, flat)
            self.assertNotIn(cell, flat)

    def test_export_csv_and_rejects_carry_no_formula(self):
        c = self.client("qishan")
        st, h, body = c.request("POST", f"/api/v1/imports?committee={QISHAN}&skip_bad=1",
                                HOSTILE.encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 200, body)
        self.assertEqual(body["rejected"], 1, body)
        self.assert_neutralised(rows_of(body["rejects_csv"]), ["+岐山村", "=李四"])
        st, h, data = c.get(f"/api/v1/residents/export.csv?unit={QISHAN}&unmask=1&reason=test")
        self.assertEqual(st, 200)
        self.assert_neutralised(rows_of(data.decode()),
                                ['=HYPERLINK("http://x")', "-张三", "@SUM(A1)"])
        # Plain numbers keep their sign: the phone column is digits.
        self.assertIn("13812345678", data.decode())


class CommandLineFormulaTest(unittest.TestCase):
    def test_cordon_export_and_rejects(self):
        from harness import shanghai_db
        db = shanghai_db()
        sheet, rejects, out = tmp_path("hostile.csv"), tmp_path("rejects.csv"), tmp_path("e.csv")
        with open(sheet, "w", encoding="utf-8") as f:
            f.write(HOSTILE)
        rc, o, err = cordon("import", "residents", sheet, "--committee", QISHAN, "--db", db,
                            "--skip-bad", rejects, env=ENV)
        self.assertEqual(rc, 0, err)
        with open(rejects, encoding="utf-8-sig") as f:
            text = f.read()
        self.assertIn("'+岐山村", text)
        self.assertIn("'=李四", text)
        rc, o, err = cordon("export", "residents", "--unit", QISHAN, "-o", out, "--db", db)
        self.assertEqual(rc, 0, err)
        with open(out, encoding="utf-8-sig") as f:
            cells = [c for r in csv.reader(f) for c in r]
        for cell in ('=HYPERLINK("http://x")', "-张三", "@SUM(A1)"):
            self.assertIn("'" + cell, cells)


class Utf8Test(WorldTest):
    """Text cut at a byte count never leaves half a character, and invalid
    UTF-8 in a path, query or JSON string is a 400 with a JSON body."""

    def assert_json_error(self, st, body, status, code=None):
        self.assertEqual(st, status, body)
        self.assertIsInstance(body, dict, body)  # parsed: valid JSON, valid UTF-8
        if code:
            self.assertEqual(body["error"]["code"], code, body)

    def test_messages_cut_at_character_boundaries(self):
        c = self.client("qishan")
        # "%.32s: not a colour" of 31 letters and 张 kept a third of 张.
        st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&colour=" + "a" * 31 + quote("张"),
                            headers={"Accept-Language": "en"})
        self.assert_json_error(st, body, 400, "bad_value")

    def test_invalid_utf8_is_400(self):
        c = self.client("qishan")
        st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&q=%FF%FE")
        self.assert_json_error(st, body, 400, "bad_utf8")
        st, h, body = c.get("/api/v1/units/%FF%FE/counts")
        self.assert_json_error(st, body, 400)
        st, h, body = c.request("POST", "/api/v1/residents", b'{"name": "\xff\xfe"}',
                                headers={"Content-Type": "application/json"})
        self.assert_json_error(st, body, 400)

    def test_skip_bad_import_answers_with_its_rejects(self):
        c = self.client("qishan")
        long_header = "x" + "备" * 120  # an unknown column: listed, cut at 255 bytes
        sheet = (HEADER.rstrip("\n") + "," + long_header + "\n" +
                 "岐山村,12号,1,603,王五,310105198001010013,13812345678,近期返沪," +
                 "张" * 200 + ",,无,,,正常,x\n" +
                 "岐山村,12号,1,604,赵六,310105198505050027,13912345678,一直在沪,,,无,,,正常,y\n")
        st, h, body = c.request("POST", f"/api/v1/imports?committee={QISHAN}&skip_bad=1",
                                sheet.encode(), headers={"Content-Type": "text/csv"})
        self.assert_json_error(st, body, 200)
        self.assertTrue(body["committed"], body)
        self.assertEqual(body["rejected"], 1, body)
        self.assertIn("王五", body["rejects_csv"])
        self.assertTrue(body["ignored_columns"].startswith("x备"), body)


DOC, PHONE = "310105198001011235", "13800138001"  # 张伟 of the fixture, in 岐山


class SearchTest(WorldTest):
    def total(self, c, q):
        st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&q={quote(q)}")
        return st, body.get("total") if st == 200 else body["error"]["code"]

    def test_district_cannot_recover_a_number_digit_by_digit(self):
        d = self.client("changning")  # a district reads the register, may not unmask
        for value in (DOC, PHONE):
            for k in range(1, len(value)):
                st, got = self.total(d, value[:k])
                self.assertIn((st, got), [(400, "search_restricted"), (200, 0)], value[:k])
            self.assertEqual(self.total(d, value), (200, 1))
        # Nor a name from its masked form: one character (the surname it
        # sees) is allowed, two are refused.
        self.assertEqual(self.total(d, "伟")[0], 200)
        self.assertEqual(self.total(d, "张伟"), (400, "search_restricted"))
        st, h, body = d.get(f"/api/v1/residents?unit={QISHAN}&q={DOC}")
        self.assertNotIn(DOC, str(body))  # found, masked

    def test_substring_search_is_audited(self):
        c = self.client("qishan")
        self.assertEqual(self.total(c, DOC[:10]), (200, 1))
        admin = self.client("admin")
        st, h, audit = admin.get("/api/v1/audit?account=qishan&limit=20")
        self.assertEqual(st, 200)
        rows = [i for i in audit["items"] if i.get("action") == "search"]
        self.assertTrue(rows, audit)
        self.assertIn("3" + "*" * 9, str(rows[0]))  # masked: whoever reads the log may not unmask
        self.assertNotIn(DOC[:10], str(audit))


class SearchRateTest(unittest.TestCase):
    def test_searches_are_limited_per_account(self):
        db = make_world()
        with Server(db, "--search-rate", "3", env=ENV) as s:
            a, b = Client(s.port), Client(s.port)
            a.login("qishan")
            b.login("changning")
            got = [a.get(f"/api/v1/residents?unit={QISHAN}&q=" + quote("张"))[0] for _ in range(5)]
            self.assertEqual(got, [200, 200, 200, 429, 429])
            self.assertEqual(b.get(f"/api/v1/residents?unit={QISHAN}&q=" + quote("张"))[0], 200)
            st, h, body = a.get(f"/api/v1/residents?unit={QISHAN}")  # no search: not counted
            self.assertEqual(st, 200)
            a.close()
            b.close()


def raw(port, data, source="127.0.0.1"):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(15)
    s.connect(("127.0.0.1", port))
    if data:
        s.sendall(data)
    return s


def read_all(s):
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    return out


class SlowClientTest(unittest.TestCase):
    """Deadlines a trickle cannot reset (--request-timeout 2 here), an
    early 413, a limit of connections per address, and /healthz answering
    while a few thousand slow connections from many addresses hang on."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.server = Server(cls.db, "--request-timeout", "2", "--max-per-address", "40",
                            "--max-body", "100000", env=ENV)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def trickle(self, head, drip):
        s = raw(self.server.port, head)
        t0 = time.monotonic()
        got = b""
        s.settimeout(0.5)
        while time.monotonic() - t0 < 12:
            try:
                s.sendall(drip)
            except OSError:
                break
            try:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            except socket.timeout:
                pass
            except OSError:
                break
        s.close()
        return got

    def test_slow_body_gets_408(self):
        got = self.trickle(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n", b" ")
        self.assertTrue(got.startswith(b"HTTP/1.1 408"), got)

    def test_slow_headers_get_408(self):
        got = self.trickle(b"GET /healthz HTTP/1.1\r\n", b"X-Slow: 1\r\n")
        self.assertTrue(got.startswith(b"HTTP/1.1 408"), got)

    def test_too_large_is_refused_before_the_body(self):
        s = raw(self.server.port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Type: application/json\r\n"
                                  b"Content-Length: 1000000000\r\n\r\n")
        s.settimeout(1.5)  # well before the 2 s deadline: no body was sent
        got = read_all(s)
        self.assertTrue(got.startswith(b"HTTP/1.1 413"), got)

    def test_one_address_holds_at_most_its_limit(self):
        # 45 connections from one address to a server of its own whose
        # deadline is far away: only the per-address limit can cut the 5
        # over it (looked at for up to 10 s: a loaded machine accepts late).
        with Server(self.db, "--request-timeout", "30", "--max-per-address", "40",
                    env=ENV) as srv:
            held = [raw(srv.port, b"GET /healthz HTTP/1.1\r\n", "127.0.0.200")
                    for _ in range(45)]
            try:
                for _ in range(100):
                    time.sleep(0.1)
                    alive = 0
                    for s in held:
                        s.setblocking(False)
                        try:
                            alive += 0 if s.recv(1, socket.MSG_PEEK) == b"" else 1
                        except BlockingIOError:
                            alive += 1
                        except OSError:
                            pass
                    if alive <= 40:
                        break
                self.assertEqual(alive, 40)
            finally:
                for s in held:
                    s.close()

    def test_many_slow_connections_do_not_stop_healthz(self):
        held, refused = [], 0
        try:
            for a in range(2, 82):  # 80 addresses, 40 connections each at most
                for i in range(45):
                    try:
                        held.append(raw(self.server.port, b"GET /healthz HTTP/1.1\r\n",
                                        f"127.0.0.{a}"))
                    except OSError:
                        refused += 1
            st, h, body = self.server.get("/healthz")
            self.assertEqual(st, 200, body)
            self.assertGreater(len(held), 2000)
        finally:
            for s in held:
                s.close()
        # And the deadline frees them all: the server is not left full.
        time.sleep(3)
        st, h, body = self.server.get("/healthz")
        self.assertEqual(st, 200, body)


class FullDatabaseTest(unittest.TestCase):
    """A database that cannot grow (PRAGMA max_page_count through
    CORDON_SQLITE_MAX_PAGES, as a full disk): writes answer 503 db_full,
    /healthz says so, and the log names the cause."""

    @sqlite_only
    def test_full_database_is_503_and_not_ready(self):
        db = make_world()
        sheet = tmp_path("big.csv")
        rc, out, err = cordon("gen", "residents", "--count", "3000", "--unit", QISHAN, "-o",
                              sheet, "--db", db, env=ENV)
        self.assertEqual(rc, 0, err)
        with open(sheet, "rb") as f:
            data = f.read()
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
        with Server(db, env=dict(ENV, CORDON_SQLITE_MAX_PAGES="1")) as s:
            c.port, c.conn = s.port, None
            st, h, body = s.get("/healthz")
            self.assertEqual(st, 200, body)
            st, h, body = c.request("POST", f"/api/v1/imports?committee={QISHAN}&skip_bad=1",
                                    data, headers={"Content-Type": "text/csv",
                                                   "Accept-Language": "en"})
            self.assertEqual(st, 503, body)
            self.assertEqual(body["error"]["code"], "db_full", body)
            self.assertIn("database is full", body["error"]["message"])
            st, h, body = s.get("/healthz")
            self.assertEqual(st, 503, body)
            self.assertEqual(body["error"]["code"], "db_full")
            st, h, body = s.get("/healthz", headers={"Accept-Language": "zh-CN"})
            self.assertIn("数据库已满", body["error"]["message"])
        self.assertTrue(any("full" in line for line in s.log), s.log)


class ReadOnlyDatabaseTest(unittest.TestCase):
    """A database that cannot be written (PRAGMA query_only through
    CORDON_SQLITE_READ_ONLY, as a file system remounted read-only: the
    tests run as root, for whom file modes change nothing): a write and a
    login answer 503 db_readonly in both languages, reads still answer,
    /healthz says not ready, and the log names the cause."""

    @sqlite_only
    def test_read_only_database_is_503_and_not_ready(self):
        db = make_world()
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, before = c.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(st, 200, before)
        with Server(db, env=dict(ENV, CORDON_SQLITE_READ_ONLY="1")) as s:
            c.port, c.conn = s.port, None
            # Reads go on: the session made before is still valid.
            st, h, body = c.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(st, 200, body)
            self.assertEqual(body, before)
            st, h, body = c.request("POST", "/api/v1/residents", json.dumps({
                "committee": QISHAN, "name": "只读测试", "doc_type": "passport",
                "doc_no": "E7654321"}).encode(),
                headers={"Content-Type": "application/json", "Accept-Language": "en"})
            self.assertEqual(st, 503, body)
            self.assertEqual(body["error"]["code"], "db_readonly", body)
            self.assertIn("read-only", body["error"]["message"])
            st, h, body = s.get("/healthz")
            self.assertEqual(st, 503, body)
            self.assertEqual(body["error"]["code"], "db_readonly")
            st, h, body = s.get("/healthz", headers={"Accept-Language": "zh-CN"})
            self.assertIn("数据库只读", body["error"]["message"])
            # A login must write its session: refused the same way, not 500.
            st, h, body = Client(s.port).login("qishan")
            self.assertEqual(st, 503, body)
            self.assertEqual(body["error"]["code"], "db_readonly", body)
        self.assertTrue(any("read-only" in line for line in s.log), s.log)
        # Nothing was half-written: the file, opened writable again, has not
        # got the resident and still counts the same.
        with Server(db, env=ENV) as s:
            c.port, c.conn = s.port, None
            st, h, body = c.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(body, before)


class LoginTest(WorldTest):
    def test_disabled_account_confirms_no_password(self):
        rc, out, err = cordon("user", "disable", "jiangsu", "--db", self.db)
        self.assertEqual(rc, 0, err)
        try:
            answers = []
            for pw in ("pw-jiangsu-2020", "wrong-password"):
                c = Client(self.server.port)
                self.addCleanup(c.close)
                st, h, body = c.login("jiangsu", pw)
                answers.append((st, body))
            self.assertEqual(answers[0], answers[1])
            self.assertEqual(answers[0][0], 403)
        finally:
            cordon("user", "enable", "jiangsu", "--db", self.db)


class GuessTest(WorldTest):
    """Its own server: the guesses lock the test address out."""

    def test_concurrent_guesses_evaluate_at_most_the_limit(self):
        statuses = []
        lock = threading.Lock()

        def guess(i):
            c = Client(self.server.port)
            st, h, body = c.login("grid1", f"wrong-{i}")
            c.close()
            with lock:
                statuses.append(st)

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(statuses), 50)
        self.assertLessEqual(statuses.count(401), 5, statuses)
        self.assertEqual(statuses.count(401) + statuses.count(429), 50, statuses)


class SmallOnesTest(unittest.TestCase):
    """counts.xlsx of a unit that does not exist, /metrics restricted,
    declaration ids that cannot be counted or guessed."""

    @classmethod
    def setUpClass(cls):
        from checkpoint_helpers import make_station_world
        cls.db, cls.posts = make_station_world()

    def test_counts_xlsx_of_a_missing_unit_is_404(self):
        with Server(self.db, env=ENV) as s:
            c = Client(s.port)
            c.login("changning")
            st, h, body = c.get("/api/v1/units/310105999/counts.xlsx")  # in scope, no such street
            self.assertEqual(st, 404, body)
            self.assertEqual(body["error"]["code"], "not_found")
            c.close()

    def test_metrics_only_for_listed_addresses_or_the_token(self):
        with Server(self.db, env=ENV) as s:
            self.assertEqual(s.get("/metrics")[0], 200)  # loopback: allowed by default
            other = raw(s.port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                        "127.0.0.7")
            self.assertTrue(read_all(other).startswith(b"HTTP/1.1 403"))
        with Server(self.db, "--metrics-from", "10.0.0.1",
                    env=dict(ENV, CORDON_METRICS_TOKEN="s3cret-token")) as s:
            self.assertEqual(s.get("/metrics")[0], 403)
            st, h, body = s.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
            self.assertEqual(st, 200)
            self.assertEqual(s.get("/metrics", headers={"Authorization": "Bearer wrong"})[0], 403)

    def test_declaration_ids_are_not_sequential(self):
        from checkpoint_helpers import traveller
        with Server(self.db, env=ENV) as s:
            anon = Client(s.port)
            ids = []
            for i in range(3):
                decl = {k: v for k, v in traveller(300 + i).items() if k != "temperature"}
                st, h, body = anon.post("/api/v1/declarations", dict(decl, post=self.posts["sw"]))
                self.assertEqual(st, 201, body)
                ids.append(body["id"])
            anon.close()
        self.assertTrue(all(2 ** 32 <= i < 2 ** 53 for i in ids), ids)
        self.assertNotEqual(sorted(ids), [ids[0], ids[0] + 1, ids[0] + 2])


if __name__ == "__main__":
    unittest.main()
