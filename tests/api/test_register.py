"""End-to-end tests of the register through the real `cordon` binary: a
committee's real-format sheet (Chinese headers, UTF-8 with BOM or GB18030)
imports in one command, `cordon counts … --json` shows the right six numbers
for CORDON_TODAY and they change as the days pass; a bad sheet writes nothing
and names each line; export to .xlsx and CSV; the generator is deterministic;
the rule table can be shown and replaced; counts over HTTP."""
import json
import os
import shutil
import unittest
import zipfile

from export_check import expected_row, parse_csv, parse_xlsx, personal, read_fixture
from harness import DEMO_TIMEOUT, Server, cordon, shanghai_db, tmp_path
from xlsx_read import read_rows

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "import")
SHEET = os.path.join(DATA, "qishan_sheet.csv")
QISHAN = "310105002002"


def counts(db, code, today):
    rc, out, err = cordon("counts", code, "--json", "--db", db, env={"CORDON_TODAY": today})
    if rc != 0:
        raise AssertionError(err)
    return json.loads(out)


def colours(**kw):
    base = {"red": 0, "orange": 0, "yellow": 0, "green": 0, "blue": 0, "purple": 0}
    base.update(kw)
    return base


class ImportAndCountsTest(unittest.TestCase):
    def imported(self, sheet=SHEET, today="2020-03-09"):
        db = shanghai_db()
        rc, out, err = cordon("import", "residents", sheet, "--committee", QISHAN, "--db", db,
                              env={"CORDON_TODAY": today})
        self.assertEqual(rc, 0, err)
        return db, out

    def test_counts_follow_the_days(self):
        db, out = self.imported()
        self.assertIn("6 new residents", out)
        self.assertIn("UTF-8 with BOM", out)
        expected = {
            "2020-03-09": colours(red=1, orange=1, yellow=1, green=1, blue=1, purple=1),
            "2020-03-14": colours(red=1, orange=1, yellow=1, green=1, blue=1, purple=1),
            "2020-03-15": colours(red=1, yellow=1, green=2, blue=1, purple=1),
            "2020-03-18": colours(red=1, yellow=1, green=2, blue=1, purple=1),
            "2020-03-19": colours(red=1, green=3, blue=1, purple=1),
            "2020-03-21": colours(red=1, green=3, blue=1, purple=1),
            "2020-03-22": colours(red=1, green=4, purple=1),
        }
        for day, want in expected.items():
            got = counts(db, QISHAN, day)
            self.assertEqual(got, {"code": QISHAN, "total": 6, "colours": want}, day)
        # Every level above sees the same numbers.
        for code in ("310105002", "310105", "3101"):
            got = counts(db, code, "2020-03-22")
            self.assertEqual(got["colours"], expected["2020-03-22"], code)
        rc, out, err = cordon("counts", QISHAN, "--history", "14", "--db", db,
                              env={"CORDON_TODAY": "2020-03-22"})
        days = json.loads(out)["days"]
        self.assertEqual(days[-1]["date"], "2020-03-22")
        by_day = {d["date"]: d["colours"] for d in days}
        self.assertEqual(by_day["2020-03-14"]["orange"], 1)
        self.assertEqual(by_day["2020-03-15"]["orange"], 0)
        self.assertEqual(by_day["2020-03-18"]["yellow"], 1)
        self.assertEqual(by_day["2020-03-19"]["yellow"], 0)

    def test_gb18030_sheet_imports_the_same(self):
        gb = tmp_path("gb.csv")
        with open(SHEET, encoding="utf-8-sig") as f:
            text = f.read()
        with open(gb, "wb") as f:
            f.write(text.encode("gb18030"))
        db1, out1 = self.imported()
        db2, out2 = self.imported(gb)
        self.assertIn("GB18030", out2)
        for code in (QISHAN, "3101"):
            self.assertEqual(counts(db1, code, "2020-03-09"), counts(db2, code, "2020-03-09"))
        e1, e2 = tmp_path("a.csv"), tmp_path("b.csv")
        cordon("export", "residents", "--unit", QISHAN, "-o", e1, "--db", db1)
        cordon("export", "residents", "--unit", QISHAN, "-o", e2, "--db", db2)
        with open(e1, encoding="utf-8-sig") as a, open(e2, encoding="utf-8-sig") as b:
            self.assertEqual(a.read(), b.read())

    def test_bad_sheet_writes_nothing_and_names_each_line(self):
        db = shanghai_db()
        bad = os.path.join(DATA, "bad_sheet.csv")
        rc, out, err = cordon("import", "residents", bad, "--committee", QISHAN, "--db", db,
                              env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(rc, 1)
        self.assertIn("bad_sheet.csv:2:2: 身份证号:", err)
        self.assertIn("[bad_check_digit]", err)
        self.assertIn("bad_sheet.csv:3:4: 返沪日期: 2020-02-30", err)
        self.assertIn("nothing was imported", err)
        self.assertEqual(counts(db, QISHAN, "2020-03-09")["total"], 0)
        rejects = tmp_path("rejects.csv")
        rc, out, err = cordon("import", "residents", bad, "--committee", QISHAN, "--db", db,
                              "--skip-bad", rejects, env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(rc, 0, err)
        with open(rejects, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertIn("错误原因", lines[0])

    def test_unreadable_inputs_are_one_clear_line(self):
        db = shanghai_db()
        for args, code, text in (
            (("import", "residents", "/nonexistent.csv", "--committee", QISHAN), 1, "nonexistent"),
            (("import", "residents", SHEET, "--committee", "310105002999"), 1, "not a committee"),
            (("import", "residents", SHEET, "--committee", "31010500"), 2, "digits"),
            (("import", "people", SHEET), 2, "residents"),
        ):
            rc, out, err = cordon(*args, "--db", db)
            self.assertEqual(rc, code, args)
            self.assertIn(text, err)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
        xlsx = tmp_path("sheet.xlsx")
        with zipfile.ZipFile(xlsx, "w") as z:
            z.writestr("x", "y")
        rc, out, err = cordon("import", "residents", xlsx, "--committee", QISHAN, "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("CSV", err)

    def test_export_xlsx_has_chinese_headers_and_colour_fills(self):
        db, out = self.imported()
        x = tmp_path("q.xlsx")
        rc, out, err = cordon("export", "residents", "--unit", "310105002", "--format", "xlsx",
                              "-o", x, "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertIn("exported 6 residents", out)
        with zipfile.ZipFile(x) as z:
            # constant-memory mode writes strings inline in the sheet
            strings = z.read("xl/worksheets/sheet1.xml").decode()
            styles = z.read("xl/styles.xml").decode()
        for s in ("姓名", "证件号码", "岐山村", "张三", "红"):
            self.assertIn(s, strings)
        self.assertIn("D32F2F", styles.upper())  # red fill

    def test_masked_export_read_back(self):
        """`cordon export --masked` to CSV and .xlsx, parsed back: every
        personal column masked as documented (export_check.py), computed
        from the sheet itself; unmasked, the values in full with sex and
        birth date from the ID number."""
        db, out = self.imported()
        sheet = read_fixture(SHEET)
        for fmt in ("csv", "xlsx"):
            for masked in (True, False):
                with self.subTest(format=fmt, masked=masked):
                    path = tmp_path("m." + fmt)
                    rc, out, err = cordon("export", "residents", "--unit", QISHAN, "--format",
                                          fmt, "-o", path, "--db", db,
                                          *(["--masked"] if masked else []))
                    self.assertEqual(rc, 0, err)
                    with open(path, "rb") as f:
                        data = f.read()
                    rows = parse_csv(data) if fmt == "csv" else parse_xlsx(data)
                    self.assertEqual(personal(rows),
                                     sorted(expected_row(p, masked) for p in sheet))
                    if masked:
                        text = data.decode("utf-8", "replace") if fmt == "csv" else \
                            repr(read_rows(data))
                        for p in sheet:
                            for s in (p["姓名"], p["身份证号"], p["手机号"]):
                                if s:
                                    self.assertNotIn(s, text)

    def test_export_round_trips_through_import(self):
        db, out = self.imported()
        csv = tmp_path("rt.csv")
        cordon("export", "residents", "--unit", QISHAN, "-o", csv, "--db", db)
        db2 = shanghai_db()
        rc, out, err = cordon("import", "residents", csv, "--committee", QISHAN, "--db", db2,
                              env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(rc, 0, err)
        self.assertEqual(counts(db, QISHAN, "2020-03-09"), counts(db2, QISHAN, "2020-03-09"))
        # Importing the same sheet again updates, never duplicates.
        rc, out, err = cordon("import", "residents", csv, "--committee", QISHAN, "--db", db2,
                              env={"CORDON_TODAY": "2020-03-09"})
        self.assertIn("0 new residents, 6 updated", out)
        self.assertEqual(counts(db2, QISHAN, "2020-03-09")["total"], 6)

    def test_counts_over_http(self):
        db, out = self.imported()
        # Counts need a session: a city-wide viewer (aggregates only).
        rc, out, err = cordon("user", "add", "viewer", "--role", "viewer", "--unit", "3101",
                              "--password-stdin", "--db", db, input="viewer-password\n")
        self.assertEqual(rc, 0, err)
        with Server(db, env={"CORDON_TODAY": "2020-03-09"}) as s:
            st, h, body = s.request("POST", "/api/v1/session",
                                    {"username": "viewer", "password": "viewer-password"})
            self.assertEqual(st, 200, body)
            auth = {"Cookie": h["set-cookie"].split(";", 1)[0]}
            st, h, body = s.get("/api/v1/units/310105/counts", headers=auth)
            self.assertEqual(st, 200)
            self.assertEqual(body, {"code": "310105", "total": 6,
                                    "colours": colours(red=1, orange=1, yellow=1, green=1,
                                                       blue=1, purple=1)})
            st, h, body = s.get("/api/v1/units/3101/counts/history?days=30", headers=auth)
            self.assertEqual(st, 200)
            self.assertEqual(body["days"][-1]["date"], "2020-03-09")
            st, h, body = s.get("/api/v1/units/3101/counts/history?days=abc", headers=auth)
            self.assertEqual((st, body["error"]["field"]), (400, "days"))
            st, h, body = s.get("/api/v1/units/310105002999/counts", headers=auth)
            self.assertEqual(st, 404)


class GeneratorAndRulesTest(unittest.TestCase):
    def test_generator_is_deterministic(self):
        db = shanghai_db()
        a, b, c = tmp_path("a.csv"), tmp_path("b.csv"), tmp_path("c.csv")
        env = {"CORDON_TODAY": "2020-03-09"}
        for path, seed in ((a, "5"), (b, "5"), (c, "6")):
            rc, out, err = cordon("gen", "residents", "--count", "3000", "--seed", seed,
                                  "--unit", QISHAN, "-o", path, "--db", db, env=env)
            self.assertEqual(rc, 0, err)
        with open(a, "rb") as fa, open(b, "rb") as fb, open(c, "rb") as fc:
            da, db_, dc = fa.read(), fb.read(), fc.read()
        self.assertEqual(da, db_)
        self.assertNotEqual(da, dc)
        rc, out, err = cordon("import", "residents", a, "--committee", QISHAN, "--db", db,
                              env=env)
        self.assertEqual(rc, 0, err)
        got = counts(db, QISHAN, "2020-03-09")
        self.assertEqual(got["total"], 3000)
        # A plausible mix: mostly green, every colour but possibly red present.
        self.assertGreater(got["colours"]["green"], 2000)
        for c_ in ("orange", "blue", "purple"):
            self.assertGreater(got["colours"][c_], 10, c_)

    def test_rules_show_and_set(self):
        db = shanghai_db()
        env = {"CORDON_TODAY": "2020-03-09"}
        cordon("import", "residents", SHEET, "--committee", QISHAN, "--db", db, env=env)
        rc, out, err = cordon("rules", "show", "--db", db)
        self.assertEqual(rc, 0, err)
        rules = json.loads(out)
        self.assertEqual(rules["window_days"], 14)
        # A 7-day window: 王五 (abroad 03-05) is green from 03-12, 孙八
        # (arrived 03-08) from 03-15; with 14 days they would still be yellow
        # and blue on 03-15.
        rules["window_days"] = 7
        f = tmp_path("rules.json")
        with open(f, "w") as fh:
            json.dump(rules, fh)
        rc, out, err = cordon("rules", "set", f, "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        got = counts(db, QISHAN, "2020-03-14")
        self.assertEqual((got["colours"]["yellow"], got["colours"]["blue"]), (0, 1))
        got = counts(db, QISHAN, "2020-03-15")
        self.assertEqual((got["colours"]["yellow"], got["colours"]["blue"]), (0, 0))
        bad = tmp_path("bad.json")
        with open(bad, "w") as fh:
            fh.write('{"rules":[{"colour":"pink"}]}')
        rc, out, err = cordon("rules", "set", bad, "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("pink", err)


class DemoTest(unittest.TestCase):
    def test_demo_has_qishan_at_its_real_scale(self):
        db = tmp_path("demo.db")
        rc, out, err = cordon("init", "--demo", "--demo-per-committee", "2", "--db", db,
                              env={"CORDON_TODAY": "2020-03-09"}, timeout=DEMO_TIMEOUT)
        self.assertEqual(rc, 0, err)
        q = counts(db, QISHAN, "2020-03-09")
        self.assertGreaterEqual(q["total"], 6000)
        self.assertLess(q["total"], 6100)
        # docs/demo.md: about 6,000 in 岐山, N in every other committee and
        # village of the city (6509 of them in all).
        city = counts(db, "3101", "2020-03-09")
        # (and docs/supplies.md: 6 residents of 中海寰宇 in home quarantine)
        self.assertEqual(city["total"], q["total"] + 2 * (6509 - 1) + 6)
        self.assertIn(f"demo: {city['total']} residents,", out)
        rc, out, err = cordon("grid", "list", "--committee", QISHAN, "--db", db)
        self.assertEqual(len(out.strip().splitlines()), 4)
        rc, out, err = cordon("counts", QISHAN, "--history", "30", "--db", db,
                              env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(len(json.loads(out)["days"]), 30)
        rc, out, err = cordon("init", "--demo", "--db", db, env={"CORDON_TODAY": "2020-03-09"},
                              timeout=DEMO_TIMEOUT)
        self.assertEqual(rc, 0, err)
        self.assertIn("nothing added", out)


if __name__ == "__main__":
    unittest.main()
