"""End-to-end tests of destination address resolution (issue 6):
GET /api/v1/resolve?address=… on the real server and `cordon resolve` on the
command line, over a Shanghai database with a few registered compounds. The
resolver's rules are tested line by line in tests/unit/test_address.c on the
corpus tests/data/addresses.tsv; here: the JSON shape, bad input, compounds
registered while the server runs, many threads at once, and that the CLI
and the API say the same thing."""
import json
import threading
import time
import unittest
import urllib.parse

from api_helpers import Client, password_of
from harness import Server, cordon, new_db, shanghai_db, sql

QISHAN = "310105002002"
ZHONGHAI = "310112108064"

COMPOUNDS = [(QISHAN, "岐山村", 310105), (QISHAN, "江苏路480弄", 310105),
             (ZHONGHAI, "中海寰宇", 310112)]


def world():
    """Shanghai, the compounds, and a checkpoint account (when accounts
    exist in this build)."""
    db = shanghai_db()
    for committee, name, district in COMPOUNDS:
        sql(db, f"INSERT INTO compounds (committee, name, district) "
                f"VALUES ({committee}, '{name}', {district})")
    rc, out, err = cordon("user", "add", "checkpoint", "--role", "checkpoint", "--unit", "3101",
                          "--password-stdin", "--db", db, input=password_of("checkpoint") + "\n")
    return db, rc == 0


def path_of(address):
    return "/api/v1/resolve?address=" + urllib.parse.quote(address)


class ResolveApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.has_accounts = world()
        cls.server = Server(cls.db).__enter__()
        cls.client = Client(cls.server.port)
        st, h, body = cls.client.get(path_of("长宁区"))
        if st == 401 and cls.has_accounts:
            # Resolution is for checkpoint staff: log in as one.
            st, h, body = cls.client.login("checkpoint")
            assert st == 200, body

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()

    def get(self, address):
        st, h, body = self.client.get(path_of(address))
        self.assertEqual(st, 200, body)
        self.assertTrue(h["content-type"].startswith("application/json"))
        return body

    def test_issue_example_qishan(self):
        r = self.get("长宁区江苏路街道岐山村12号601室")
        self.assertEqual(r["code"], QISHAN)
        self.assertEqual(r["level"], 4)
        self.assertEqual(r["name"], "岐山居委会")
        self.assertEqual(r["rest"], "岐山村12号601室")
        self.assertEqual(r["status"], "resolved")
        self.assertIsNone(r["reason"])
        self.assertEqual([u["name"] for u in r["path"]], ["上海市", "长宁区", "江苏路街道", "岐山居委会"])
        self.assertEqual([u["code"] for u in r["path"]], ["3101", "310105", "310105002", QISHAN])
        self.assertEqual(r["compound"]["name"], "岐山村")
        self.assertIsInstance(r["compound"]["id"], int)
        self.assertEqual((r["building"], r["unit"], r["room"]), ("12", None, "601"))

    def test_issue_example_zhonghai(self):
        r = self.get("上海市闵行区梅陇镇中海寰宇小区16号楼")
        self.assertEqual(r["code"], ZHONGHAI)
        self.assertEqual(r["name"], "中海寰宇居委会")
        self.assertEqual(r["rest"], "中海寰宇小区16号楼")
        self.assertEqual(r["compound"]["name"], "中海寰宇")
        self.assertEqual(r["building"], "16")
        self.assertIsNone(r["room"])

    def test_full_width_spaces_and_plus_signs(self):
        r = self.get("长宁区 江苏路街道 岐山村１２号６０１室")
        self.assertEqual((r["code"], r["building"], r["room"]), (QISHAN, "12", "601"))
        # A form posts spaces as '+': still the same address.
        st, h, body = self.client.get("/api/v1/resolve?address=" +
                                      urllib.parse.quote_plus("长宁区 江苏路街道 岐山村12号 601室"))
        self.assertEqual(st, 200, body)
        self.assertEqual((body["code"], body["room"]), (QISHAN, "601"))

    def test_partial_says_why_and_keeps_the_rest(self):
        r = self.get("长宁区长宁路1000号")
        self.assertEqual((r["code"], r["level"], r["status"]), ("310105", 2, "partial"))
        self.assertEqual(r["rest"], "长宁路1000号")
        self.assertIn("长宁区", r["reason"])
        r = self.get("南京西路1788号")
        self.assertEqual((r["code"], r["level"], r["name"]), ("3101", 1, "上海市"))

    def test_ambiguous_lists_the_candidates(self):
        r = self.get("和平居委会12号")
        self.assertEqual((r["code"], r["status"]), ("3101", "ambiguous"))
        self.assertEqual(r["candidates_total"], 5)
        self.assertEqual(len(r["candidates"]), 5)
        for c in r["candidates"]:
            self.assertEqual(c["name"], "和平居委会")
            self.assertEqual(len(c["code"]), 12)
        r = self.get("长宁区和平居委会")
        self.assertEqual((r["code"], r["status"]), ("310105004018", "resolved"))

    def test_outside_the_city(self):
        r = self.get("北京市朝阳区建国路1号")
        self.assertIsNone(r["code"])
        self.assertEqual((r["level"], r["status"]), (0, "outside"))
        self.assertEqual(r["outside"], {"code": "11", "name": "北京市"})
        self.assertIn("outside the city", r["reason"])
        self.assertEqual(self.get("江苏南京鼓楼区")["status"], "outside")
        self.assertEqual(self.get("江苏路480弄12号")["code"], QISHAN)

    def test_bad_input_is_400_on_the_field(self):
        for path, code in (("/api/v1/resolve", "missing"),
                           ("/api/v1/resolve?address=", "empty"),
                           ("/api/v1/resolve?address=%20%E3%80%82", "empty"),
                           ("/api/v1/resolve?address=%FF%FE", "bad_utf8"),  # any query
                           ("/api/v1/resolve?address=" + "a" * 600, "too_long")):
            st, h, body = self.client.get(path)
            self.assertEqual(st, 400, path)
            self.assertEqual(body["error"]["code"], code, path)
            self.assertEqual(body["error"]["field"], "address", path)

    def test_compound_registered_while_serving_is_found(self):
        a = "长宁区华山路1200弄7号"
        self.assertEqual(self.get(a)["code"], "310105")
        sql(self.db, "INSERT INTO compounds (committee, name, district) "
                     "VALUES (310105002014, '华山路1200弄', 310105)")
        # The server looks for new compounds at most once a second.
        deadline = time.monotonic() + 5
        while True:
            r = self.get(a)
            if r["code"] != "310105" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(r["code"], "310105002014")
        self.assertEqual(r["compound"]["name"], "华山路1200弄")

    def test_many_threads_at_once(self):
        cases = {"长宁区江苏路街道岐山村12号601室": QISHAN,
                 "闵行梅陇中海寰宇16栋802": ZHONGHAI,
                 "宝山路四九九弄12号": "310106017002",
                 "长宁区长宁路1000号": "310105",
                 "北京市朝阳区": None}
        errors = []

        def worker():
            c = Client(self.server.port)
            c.token, c.csrf = self.client.token, self.client.csrf
            try:
                for _ in range(30):
                    for a, want in cases.items():
                        st, h, body = c.get(path_of(a))
                        if st != 200 or body["code"] != want:
                            errors.append((a, st, body))
            finally:
                c.close()

        threads = [threading.Thread(target=worker) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


class ResolveCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, _ = world()

    def test_json_is_what_the_api_shows(self):
        a = "长宁区江苏路街道岐山村12号楼1单元601室"
        rc, out, err = cordon("resolve", a, "--json", "--db", self.db)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        self.assertEqual((r["code"], r["level"], r["name"], r["rest"]),
                         (QISHAN, 4, "岐山居委会", "岐山村12号楼1单元601室"))
        self.assertEqual((r["building"], r["unit"], r["room"]), ("12", "1", "601"))
        with Server(self.db) as s:
            c = Client(s.port)
            st, h, body = c.get(path_of(a))
            if st == 401:
                c.login("checkpoint")
                st, h, body = c.get(path_of(a))
            c.close()
        self.assertEqual(st, 200, body)
        self.assertEqual(body, r)

    def test_text_output(self):
        rc, out, err = cordon("resolve", "上海市闵行区梅陇镇中海寰宇小区16号楼", "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertIn(ZHONGHAI + " 中海寰宇居委会 (committee) resolved", out)
        self.assertIn("上海市 / 闵行区 / 梅陇镇 / 中海寰宇居委会", out)
        self.assertIn("building 16", out)
        rc, out, err = cordon("resolve", "北京市朝阳区", "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertIn("outside the city: 北京市", out)

    def test_file_of_addresses_one_line_each(self):
        rc, out, err = cordon("resolve", "--file", "-", "--db", self.db,
                              input="长宁区\n\n和平居委会\n北京市\n")
        self.assertEqual(rc, 0, err)
        lines = out.strip().split("\n")
        self.assertEqual(lines[0].split("\t")[:4], ["address", "code", "level", "status"])
        self.assertEqual([l.split("\t")[1:4] for l in lines[1:]],
                         [["310105", "2", "partial"], ["3101", "1", "ambiguous"],
                          ["", "0", "outside"]])
        rc, out, err = cordon("resolve", "--file", "-", "--json", "--db", self.db,
                              input="岐山村12号601室\n")
        self.assertEqual(json.loads(out)["address"], "岐山村12号601室")

    def test_usage_errors(self):
        for args in (("resolve",), ("resolve", "   "), ("resolve", "a", "--file", "-"),
                     ("resolve", "a", "--bogus")):
            rc, out, err = cordon(*args, "--db", self.db)
            self.assertEqual(rc, 2, args)
            self.assertIn("cordon resolve", err)
            self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_missing_database_is_one_line(self):
        rc, out, err = cordon("resolve", "长宁区", "--db", new_db("none.db"))
        self.assertEqual(rc, 1)
        self.assertEqual(len(err.strip().splitlines()), 1, err)


if __name__ == "__main__":
    unittest.main()
