"""The server around the API, against a real `cordon serve`: the OpenAPI
document lists exactly the routes of src/http/routes.c and each answers;
/metrics; the JSON access log; keep-alive; and durable writes: many
concurrent fact updates all answered 200, none lost when the server is
killed right after, live counts equal to a recount, and fewer commits than
writes (group commit)."""
import json
import os
import re
import signal
import threading
import unittest

import harness
from harness import Server, sql
from api_helpers import ENV, QISHAN, Client, make_world

HERE = os.path.dirname(os.path.abspath(__file__))
ROUTES_C = os.path.join(HERE, "..", "..", "src", "http", "routes.c")

SOME = {"qishan": ("committee", QISHAN, None), "admin": ("city_admin", "3101", None)}


def routes_in_source():
    """(method, pattern) of every entry of the route table in routes.c."""
    with open(ROUTES_C, encoding="utf-8") as f:
        text = f.read()
    table = text[text.index("http_routes[] = {"):text.index("{0, 0, 0, 0}")]
    return set(re.findall(r'\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"', table))


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world(SOME)

    def test_openapi_lists_exactly_the_routes_the_server_has(self):
        with Server(self.db, env=ENV) as s:
            c = Client(s.port)
            st, h, doc = c.get("/api/v1/openapi.json")
            self.assertEqual(st, 200)
            self.assertEqual(doc["openapi"][:2], "3.")
            documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
            self.assertEqual(documented, routes_in_source())
            # Every $ref resolves.
            text = json.dumps(doc)
            for ref in set(re.findall(r'"#/components/schemas/([A-Za-z]+)"', text)):
                self.assertIn(ref, doc["components"]["schemas"])
            # And every documented operation is a route the server has: never
            # "no route" (404) or "method not allowed" (405).
            self.assertEqual(c.login("qishan")[0], 200)
            for method, path in sorted(documented):
                if method == "DELETE" and path == "/api/v1/session":
                    continue
                p = path.replace("{code}", QISHAN).replace("{id}", "1").replace(
                    "{file}", "index.html")
                st, h, body = c.request(method, p, {} if method != "GET" else None)
                self.assertNotEqual(st, 405, f"{method} {path}")
                if st == 404:
                    self.assertNotIn("no route", body["error"]["message"], f"{method} {path}")
                if "{id}" in path or "{code}" in path:
                    op = doc["paths"][path][method.lower()]
                    names = {x["name"] for x in op["parameters"] if x["in"] == "path"}
                    self.assertEqual(names, set(re.findall(r"\{(\w+)\}", path)))
            c.close()

    def test_wal_bytes_metric(self):
        """The WAL counter of SQLite (absent on PostgreSQL, whose log is the
        server's): a committed write adds at least one frame (a page and its
        24-byte header), and a read adds nothing."""
        def wal_bytes(c):
            found = re.search(r"^cordon_db_wal_bytes_total (\d+)$",
                              c.get("/metrics")[2].decode(), re.M)
            return int(found.group(1)) if found else None

        with Server(self.db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            before = wal_bytes(c)
            if harness.ON_PG:
                self.assertIsNone(before)
                return
            self.assertIsNotNone(before, "no cordon_db_wal_bytes_total")
            self.assertEqual(c.post("/api/v1/residents/1/facts", {"health": "fever"})[0], 200)
            after = wal_bytes(c)
            self.assertGreaterEqual(after - before, 4096 + 24)
            self.assertEqual(c.get("/api/v1/residents")[0], 200)
            self.assertEqual(wal_bytes(c), after)
            c.close()

    def test_metrics_and_access_log(self):
        s = Server(self.db, env=ENV)
        s.__enter__()
        try:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            self.assertEqual(c.get("/api/v1/residents")[0], 200)
            self.assertEqual(c.get("/api/v1/residents/999999")[0], 404)
            self.assertEqual(c.post("/api/v1/residents/1/facts", {"health": "normal"})[0], 200)
            st, h, text = c.get("/metrics")
            self.assertEqual(st, 200)
            self.assertTrue(h["content-type"].startswith("text/plain"))
            text = text.decode()
            for want in (
                    'cordon_http_requests_total{method="GET",route="/api/v1/residents",'
                    'status="200"} 1',
                    'cordon_http_requests_total{method="GET",route="/api/v1/residents/{id}",'
                    'status="404"} 1',
                    'cordon_http_request_seconds_bucket{method="POST",'
                    'route="/api/v1/residents/{id}/facts",le="+Inf"} 1',
                    "cordon_db_commits_total ", "cordon_db_read_seconds_total ",
                    "cordon_db_write_seconds_total ", "cordon_db_group_jobs_bucket",
                    "cordon_sessions_live 1"):
                self.assertIn(want, text)
            c.close()
        finally:
            s.stop()
        lines = [json.loads(x) for x in s.log if x.startswith("{")]
        facts = [x for x in lines if x["route"] == "/api/v1/residents/{id}/facts"]
        self.assertEqual(len(facts), 1)
        self.assertEqual(set(facts[0]), {"time", "method", "route", "status", "ms", "account"})
        self.assertEqual((facts[0]["method"], facts[0]["status"], facts[0]["account"]),
                         ("POST", 200, "qishan"))
        self.assertRegex(facts[0]["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertTrue(any(x["route"] == "/api/v1/residents/{id}" and x["status"] == 404
                            for x in lines))
        self.assertTrue(any(x["route"] == "/api/v1/session" and x["method"] == "POST" and
                            x["account"] == "qishan" for x in lines))
        # No personal data in the log.
        self.assertFalse(any("310105" in x for x in s.log if "route" in x and "ms" in x
                             and "/api/v1/units" not in x))

    def test_concurrent_writes_are_durable_when_answered(self):
        db = make_world(SOME)
        history0 = sql(db, "SELECT count(*) FROM fact_history")[0][0]
        # Every write transaction takes 50 ms more (a slow disk): while one
        # runs, the other writers' jobs queue and share the next commit on
        # either database, whatever this machine's speed.
        s = Server(db, env=dict(ENV, CORDON_TEST_WRITER_DELAY_MS="50"))
        s.__enter__()
        threads, each = 64, 8
        m = Client(s.port)
        st, h, metrics = m.get("/metrics")
        m.close()
        m = dict(re.findall(r"^(cordon_db_commits_total|cordon_db_group_jobs_sum) (\d+)",
                            metrics.decode(), re.M))
        commits_before, jobs_before = (int(m["cordon_db_commits_total"]),
                                       int(m["cordon_db_group_jobs_sum"]))
        answers = []
        lock = threading.Lock()
        ids = [r[0] for r in sql(db, f"SELECT id FROM residents WHERE committee = {QISHAN}")]
        healths = ["fever", "normal", "suspected", "recovered"]

        # On Citus each group commit is a two-phase commit over the three
        # nodes (the register is a reference table): on a loaded 2-core
        # machine a writer's answer waited for over the 30 s of Client's
        # timeout behind the 63 others. The same writes and the same
        # checks, with longer to wait for each answer.
        answer_timeout = 300 if harness.ON_PG and harness._citus_workers() else Client.timeout

        def writer(i):
            c = Client(s.port)
            c.timeout = answer_timeout
            st, h, body = c.login("qishan")
            got = []
            for k in range(each):
                rid = ids[(i + k) % len(ids)]
                st, h, body = c.post(f"/api/v1/residents/{rid}/facts",
                                     {"health": healths[(i * each + k) % 4]})
                got.append((st, h.get("connection")))
            c.close()
            with lock:
                answers.extend(got)

        ts = [threading.Thread(target=writer, args=(i,)) for i in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        m = Client(s.port)
        st, h, metrics = m.get("/metrics")
        m.close()
        # Killed without warning right after the last answer.
        s.proc.send_signal(signal.SIGKILL)
        s.stop()
        self.assertEqual([a[0] for a in answers], [200] * (threads * each))
        self.assertNotIn("close", {a[1] for a in answers})
        self.assertEqual(sql(db, "SELECT count(*) FROM fact_history")[0][0] - history0,
                         threads * each)
        self.assertEqual(sql(db, "SELECT count(*) FROM audit WHERE action = 'facts'")[0][0],
                         threads * each)
        m = dict(re.findall(r"^(cordon_db_commits_total|cordon_db_group_jobs_sum) (\d+)",
                            metrics.decode(), re.M))
        # Every write went through the writer (each login reserves its
        # attempt and writes its session too), and the writes shared commits
        # (fewer commits than writes; about one commit for four writes here).
        commits, jobs = int(m["cordon_db_commits_total"]), int(m["cordon_db_group_jobs_sum"])
        self.assertEqual(jobs - jobs_before, threads * each + 2 * threads)
        self.assertLess(commits - commits_before, jobs - jobs_before,
                        (commits_before, commits, jobs_before, jobs))
        # Live counts equal a recount, at every level the writes touched.
        # A city's counts are its districts' rows summed (store/counts.c).
        for units, where in ((f"= {QISHAN}", f"committee = {QISHAN}"),
                             ("= 310105002", "committee / 1000 = 310105002"),
                             ("BETWEEN 310100 AND 310199", "1 = 1")):
            live = dict(sql(db, f"SELECT colour, sum(n) FROM colour_counts WHERE unit {units} "
                                f"GROUP BY colour HAVING sum(n) <> 0"))
            recount = dict(sql(db, f"SELECT colour, count(*) FROM residents WHERE {where} "
                                   f"GROUP BY colour"))
            self.assertEqual(live, recount, units)


if __name__ == "__main__":
    unittest.main()
