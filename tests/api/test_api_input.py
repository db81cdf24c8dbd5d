"""Bad input over the API, against a real `cordon serve`: malformed JSON,
wrong types, unknown fields, out-of-range values, impossible and future
dates, oversized bodies, unknown routes, wrong methods, bad ids and query
parameters, a request that never finishes arriving. Each gets the right 4xx
with the field named, and the server is unharmed. Then the write path done
right: registering, recording facts (colour, live counts, history) and the
audit log of unmasked reads and changes, over HTTP and `cordon audit`."""
import random
import socket
import time
import unittest

from harness import Server, cordon
from api_helpers import ENV, QISHAN, Client, make_world, people

SOME = {"qishan": ("committee", QISHAN, None), "admin": ("city_admin", "3101", None),
        "jiangsulu": ("street", "310105002", None)}


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world(SOME)
        cls.server = Server(cls.db, "--max-body", "65536", "--request-timeout", "1", env=ENV)
        cls.server.__enter__()
        cls.c = Client(cls.server.port)
        st, h, body = cls.c.login("qishan")
        assert st == 200, body

    @classmethod
    def tearDownClass(cls):
        cls.c.close()
        cls.server.__exit__(None, None, None)

    def tearDown(self):
        c = Client(self.server.port)
        st, h, body = c.get("/healthz")
        c.close()
        self.assertEqual(st, 200, "the server was harmed")

    def err(self, method, path, body=None, headers=None, status=400, code=None, field=None):
        st, h, data = self.c.request(method, path, body, headers=headers)
        self.assertEqual(st, status, f"{method} {path} {body!r}: {data}")
        self.assertIsInstance(data, dict, data)
        e = data["error"]
        self.assertEqual(set(e), {"code", "message", "field"})
        if code:
            self.assertEqual(e["code"], code, e)
        if field is not None:
            self.assertEqual(e["field"], field, e)
        return e

    def test_malformed_bodies(self):
        url = "/api/v1/residents/1/facts"
        for raw in (b"{", b"{\"health\":}", b"nul", b"{\"health\":\"fever\"} x", b"\xff\xfe",
                    b"{\"health\":\"\xc3\x28\"}", b"[" * 5000 + b"]" * 5000):
            self.err("POST", url, raw, {"Content-Type": "application/json"}, code="bad_json")
        self.err("POST", url, b"", {"Content-Type": "application/json"}, code="bad_json")
        self.err("POST", url, b'{"health":"fever","health":"normal"}',
                 {"Content-Type": "application/json"}, code="bad_json")
        self.err("POST", url, b"health=fever",
                 {"Content-Type": "application/x-www-form-urlencoded"}, status=415)
        self.err("POST", url, [1, 2], code="bad_type")
        self.err("POST", url, "\"fever\"", code="bad_json")

    def test_fields_types_ranges_dates(self):
        url = "/api/v1/residents/1/facts"
        cases = [
            ({}, "missing", None),
            ({"health": "fever", "mood": "good"}, "unknown_field", "mood"),
            ({"health": 3}, "bad_type", "health"),
            ({"health": "great"}, "bad_value", "health"),
            ({"presence": ["in"]}, "bad_type", "presence"),
            ({"arrival": {"date": "2020-02-30"}}, "bad_date", "arrival.date"),
            ({"arrival": {"date": "2020-13-01"}}, "bad_date", "arrival.date"),
            ({"arrival": {"date": "09/03/2020"}}, "bad_date", "arrival.date"),
            ({"arrival": {"date": "2020-03-10"}}, "future_date", "arrival.date"),
            ({"arrival": {"date": "2020-03-01", "abroad": 1}}, "bad_type", "arrival.abroad"),
            ({"arrival": {"date": "2020-03-01", "origin": "x" * 200}}, "too_long",
             "arrival.origin"),
            ({"arrival": {"date": "2020-03-01", "by": "train"}}, "unknown_field", "arrival.by"),
            ({"quarantine": {"kind": "home", "from": "2020-03-05", "until": "2020-03-01"}},
             "inconsistent", "quarantine.until"),
            ({"quarantine": {"kind": "home", "from": "2020-03-20"}}, "future_date",
             "quarantine.from"),
            ({"quarantine": {"kind": "jail", "from": "2020-03-01"}}, "bad_value",
             "quarantine.kind"),
            ({"quarantine": {"kind": "home", "from": "2020-03-01", "until": "2021-12-31"}},
             "out_of_range", "quarantine.until"),
            ({"health": "fever", "effective": "2020-03-31"}, "future_date", "effective"),
            ({"health": "fever", "effective": 20200301}, "bad_type", "effective"),
        ]
        for body, code, field in cases:
            self.err("POST", url, body, code=code, field=field)
        self.err("POST", "/api/v1/residents", {"name": "x", "doc_no": "310105198001011234"},
                 code="bad_check_digit", field="doc_no")
        self.err("POST", "/api/v1/residents", {"name": "", "doc_no": "310105198001011235"},
                 code="missing", field="name")
        self.err("POST", "/api/v1/residents",
                 {"name": "x", "doc_no": "E1234567", "doc_type": "passport", "phone": "123"},
                 field="phone")
        self.err("POST", f"/api/v1/units/{QISHAN}/grids", {"name": ""}, field="name")
        self.err("POST", f"/api/v1/units/{QISHAN}/grids", {"name": "a", "x": 1},
                 code="unknown_field", field="x")
        self.err("POST", "/api/v1/session", {"username": "a"}, field="password")
        self.err("POST", "/api/v1/session", {"username": 1, "password": "x"}, field="username")

    def test_ids_and_query_parameters(self):
        for bad in ("abc", "0", "-1", "1.5", "99999999999999999999", "1e3"):
            self.err("GET", f"/api/v1/residents/{bad}", code="bad_id", field="id")
        for q, field in (("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"),
                         ("cursor=-1", "cursor"), ("colour=pink", "colour"), ("unit=31x", "unit"),
                         ("unit=310105002", None), ("compound=abc", "compound"),
                         ("sort=name", "sort"), ("q=", "q"), ("q=" + "x" * 65, "q")):
            status = 404 if q == "unit=310105002" else 400
            self.err("GET", "/api/v1/residents?" + q, status=status, field=field)
        self.err("GET", "/api/v1/residents/1?unmask=yes", field="unmask")
        self.err("GET", f"/api/v1/units/{QISHAN}/counts/history?days=0", field="days")
        self.err("GET", "/api/v1/units/31x/counts", code="bad_code", field="code")

    def test_routes_methods_sizes(self):
        self.err("GET", "/api/v1/nothing", status=404)
        self.err("GET", "/api/v1/residents/1/nothing", status=404)
        self.err("PUT", "/api/v1/residents/1", {"health": "fever"}, status=405,
                 code="method_not_allowed")
        self.err("DELETE", "/api/v1/units/3101", status=405)
        self.err("PATCH", "/api/v1/residents", {}, status=405)
        self.err("POST", "/api/v1/residents/1/facts", b"x" * 70000,
                 {"Content-Type": "application/json"}, status=413, code="body_too_large")
        self.err("POST", "/api/v1/residents/1/facts",
                 b'{"health":"fever","x":"' + b"y" * 66000 + b'"}',
                 {"Content-Type": "application/json"}, status=413)

    def test_a_request_that_never_arrives_whole_times_out(self):
        body = b'{"username":"a","password":"b"}'
        s = socket.create_connection(("127.0.0.1", self.server.port))
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:12])
        time.sleep(1.3)
        s.sendall(body[12:])
        s.settimeout(10)
        reply = s.recv(4096).decode()
        s.close()
        self.assertTrue(reply.startswith("HTTP/1.1 408"), reply)

    def test_garbage_does_not_harm_the_server(self):
        rnd = random.Random(7)
        c = Client(self.server.port)  # its own: garbage may log it out
        self.assertEqual(c.login("qishan")[0], 200)
        self.addCleanup(c.close)
        paths = ["/api/v1/residents", "/api/v1/residents/1/facts", "/api/v1/session",
                 "/api/v1/residents/1", f"/api/v1/units/{QISHAN}/grids"]
        for i in range(200):
            body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))
            if i % 3 == 0:
                body = b'{"' + body + b'":1}'
            st, h, data = c.request(rnd.choice(["POST", "PUT", "GET", "DELETE"]),
                                         rnd.choice(paths), body,
                                         headers={"Content-Type": "application/json"})
            self.assertTrue(st < 500, (st, body, data))


class WritePathTest(unittest.TestCase):
    def test_register_record_facts_history_counts_and_audit(self):
        db = make_world(SOME)
        with Server(db, env=ENV) as s:
            q, admin = Client(s.port), Client(s.port)
            self.assertEqual(q.login("qishan")[0], 200)
            self.assertEqual(admin.login("admin")[0], 200)
            st, h, before = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(st, 200)
            st, h, r = q.post("/api/v1/residents",
                              {"name": "新来的", "doc_no": "310105200001011235",
                               "phone": "+86 139-0000-1111",
                               "address": {"compound": "岐山村", "building": "9号",
                                           "room": "901"},
                               "arrival": {"date": "2020-03-08", "origin": "意大利",
                                           "abroad": True},
                               "grid": "310105002002002"})
            self.assertEqual(st, 201, r)
            self.assertEqual((r["colour"], r["name"], r["phone"]),
                             ("yellow", "新**", "139****1111"))
            self.assertEqual(r["address"]["room"], "901")
            self.assertEqual(r["grid"], "310105002002002")
            st, h, dup = q.post("/api/v1/residents",
                                {"name": "重复", "doc_no": "310105200001011235"})
            self.assertEqual((st, dup["error"]["code"]), (409, "duplicate"))
            st, h, after = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(after["colours"]["yellow"], before["colours"]["yellow"] + 1)
            rid = r["id"]
            st, h, r2 = q.post(f"/api/v1/residents/{rid}/facts",
                               {"quarantine": {"kind": "central", "from": "2020-03-08"},
                                "health": "fever", "effective": "2020-03-08"})
            self.assertEqual(st, 200, r2)
            self.assertEqual(r2["colour"], "red")
            self.assertEqual(r2["facts"]["quarantine"],
                             {"kind": "central", "from": "2020-03-08", "until": "2020-03-21"})
            st, h, street = admin.get("/api/v1/units/310105002/counts")
            st, h, after2 = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(after2["colours"]["red"], after["colours"]["red"] + 1)
            self.assertEqual(after2["colours"]["yellow"], before["colours"]["yellow"])
            st, h, hist = q.get(f"/api/v1/residents/{rid}/history")
            self.assertEqual([x["kind"] for x in hist["items"]], ["facts", "register"])
            self.assertEqual(hist["items"][0]["effective"], "2020-03-08")
            self.assertEqual(hist["items"][0]["recorded_by"], "qishan")
            self.assertEqual(hist["items"][0]["value"]["health"], "fever")
            st, h, page = q.get(f"/api/v1/residents/{rid}/history?limit=1")
            self.assertEqual(len(page["items"]), 1)
            st, h, page2 = q.get(f"/api/v1/residents/{rid}/history?limit=1&cursor="
                                 + page["next"])
            self.assertEqual(page2["items"][0]["kind"], "register")
            # An unmasked read, and the log of it all.
            st, h, full = q.get(f"/api/v1/residents/{rid}?unmask=1&reason=test")
            self.assertEqual((st, full["name"], full["phone"]), (200, "新来的", "13900001111"))
            st, h, log = admin.get("/api/v1/audit?person=310105200001011235")
            self.assertEqual(st, 200)
            self.assertEqual([e["action"] for e in log["items"]],
                             ["read_unmasked", "facts", "register"])
            self.assertTrue(all(e["account"] == "qishan" and e["address"] == "127.0.0.1" and
                                e["resident"] == rid for e in log["items"]))
            st, h, log = admin.get("/api/v1/audit?account=qishan&limit=1")
            self.assertEqual(len(log["items"]), 1)
            self.assertIsNotNone(log["next"])
            st, h, none = admin.get("/api/v1/audit?person=310105190001011239")
            self.assertEqual(none["items"], [])
            self.assertEqual(q.get("/api/v1/audit")[0], 403)
            q.close()
            admin.close()
        rc, out, err = cordon("audit", "--person", "310105200001011235", "--db", db)
        self.assertEqual(rc, 0, err)
        lines = out.strip().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertIn("read_unmasked", lines[0])
        self.assertIn("qishan", lines[0])
        self.assertIn("127.0.0.1", lines[0])
        self.assertNotIn("新来的", out)
        # The register's own checks agree with what the API wrote.
        rc, out, err = cordon("counts", QISHAN, "--json", "--db", db, env=ENV)
        self.assertEqual(rc, 0, err)


if __name__ == "__main__":
    unittest.main()
