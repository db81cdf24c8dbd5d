"""Workbooks as committees send them (issue 18): every import — residents,
staff, enterprises — takes an .xlsx directly, over HTTP (the same routes,
the type told by the content) and on the command line. The workbooks are
written by a different writer than ours, Debian's python3-openpyxl, by
xlsx_make.py (run with /usr/bin/python3; a missing openpyxl fails the
test), one per quirk: a merged title row and blank rows above the header,
ID numbers as text, phones as numbers, dates as serials (1900 and 1904
systems) or as text, inline and shared strings, trailing empty rows,
several sheets, spaces and full-width digits, and an ID number Excel has
made a number (an error naming row, column and the fix)."""
import os
import subprocess
import unittest

from harness import cordon, sql, tmp_path
from api_helpers import ENV, QISHAN, STREET, Client, make_world
from harness import Server
from tasks_helpers import NOW, session
import workforce_helpers as wf
from xlsx_read import read_rows

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN_PYTHON = "/usr/bin/python3"  # sees Debian's python3-openpyxl


def make(kind, *args):
    """Writes the workbooks of kind into a fresh directory; returns it."""
    out = tmp_path("xlsx-" + kind)
    p = subprocess.run([DEBIAN_PYTHON, os.path.join(HERE, "xlsx_make.py"), out, kind, *args],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("xlsx_make.py failed (is python3-openpyxl installed?): " + p.stderr)
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def id_number(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


class ResidentWorkbooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = make("residents")

    def post(self, c, name, query="", lang="zh-CN"):
        return c.request("POST", f"/api/v1/imports?committee={QISHAN}{query}",
                         read(os.path.join(self.dir, name)),
                         headers={"Content-Type": "application/octet-stream",
                                  "Accept-Language": lang})

    def person(self, c, doc):
        st, h, lst = c.get("/api/v1/residents?limit=500")
        self.assertEqual(st, 200, lst)
        for item in lst["items"]:
            st, h, r = c.get(f"/api/v1/residents/{item['id']}?unmask=1&reason=test")
            if r.get("doc_no") == doc:
                return r
        self.fail(f"no resident {doc}")

    def check_quirks(self, name):
        db = make_world()
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, rep = self.post(c, name)
            self.assertEqual(st, 200, rep)
            self.assertEqual((rep["encoding"], rep["sheet"], rep["rows"], rep["rejected"]),
                             ("xlsx", "登记表", 3, 0))
            zhang = self.person(c, id_number("31010519810101001"))
            li = self.person(c, id_number("31010519860505002"))
            wang = self.person(c, id_number("31010519910909003"))
            c.close()
        self.assertEqual(zhang["name"], "张三")  # spaces around it dropped
        self.assertEqual(zhang["phone"], "13812345678")  # a number, not 1.38E+10
        self.assertEqual(li["phone"], "13912345678")  # full-width digits
        self.assertEqual(wang["name"], "王五")
        return db, zhang, li, wang

    def test_title_rows_numbers_dates_spaces_inline_strings(self):
        db, zhang, li, wang = self.check_quirks("res_quirks.xlsx")
        self.assertIn("2020-03-01", str(li))  # a date serial in a date format
        self.assertIn("2020-03-05", str(wang))  # a date as text: 2020年3月5日

    def test_shared_strings_with_phonetic_runs(self):
        self.check_quirks("res_shared.xlsx")

    def test_id_number_made_a_number_is_an_error_by_excel_row(self):
        db = make_world()
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            before = sql(db, "SELECT count(*) FROM residents")
            st, h, rep = self.post(c, "res_idnumber.xlsx")
            # The downloadable report, as the import page asks for it, names
            # the sheet on each row like the JSON does; a CSV's has no such
            # column.
            back = {"errors": rep["errors"], "total_errors": rep["total_errors"]}
            rst, rh, report = c.post("/api/v1/imports/report.xlsx", dict(back, sheet=rep["sheet"]))
            cst, ch, csv_report = c.post("/api/v1/imports/report.xlsx", back)
            # Skipping bad rows: the rejects CSV's own lines are not the
            # workbook's, so each reason says the sheet and the row.
            after = sql(db, "SELECT count(*) FROM residents")
            sst, sh, skipped = self.post(c, "res_idnumber.xlsx", "&skip_bad=1")
            c.close()
        self.assertEqual((sst, skipped["created"], skipped["rejected"]), (200, 1, 1), skipped)
        self.assertIn("工作表 登记表 第 6 行", skipped["rejects_csv"])
        self.assertEqual(st, 422, rep)
        self.assertEqual(rep["sheet"], "登记表")
        self.assertEqual([(e["line"], e["column"], e["header"], e["code"]) for e in rep["errors"]],
                         [(6, 6, "身份证号", "id_as_number")])
        self.assertIn("设为文本", rep["errors"][0]["message"])
        self.assertEqual(after, before)
        self.assertEqual((rst, cst), (200, 200), (report, csv_report))
        rows = read_rows(report)
        self.assertEqual(rows[0], ["工作表", "行号", "列", "问题", "代码"])
        self.assertEqual(rows[1][:3] + rows[1][4:], ["登记表", "6", "身份证号", "id_as_number"])
        self.assertIn("设为文本", rows[1][3])
        self.assertEqual(read_rows(csv_report)[0], ["行号", "列", "问题", "代码"])

    def test_the_first_sheet_with_the_header_or_the_one_named(self):
        db = make_world()
        zhou, wu = id_number("31010519700101006"), id_number("31010519700101007")
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, rep = self.post(c, "res_sheets.xlsx")
            self.assertEqual((st, rep["sheet"], rep["created"]), (200, "一月", 1), rep)
            st, h, rep = self.post(c, "res_sheets.xlsx", "&sheet=%E4%BA%8C%E6%9C%88")  # 二月
            self.assertEqual((st, rep["sheet"], rep["created"]), (200, "二月", 1), rep)
            st, h, rep = self.post(c, "res_sheets.xlsx", "&sheet=nope", lang="en")
            self.assertEqual(st, 400, rep)
            self.assertIn("一月, 二月", rep["error"]["message"])
            self.person(c, zhou), self.person(c, wu)
            c.close()

    def test_1904_dates_and_the_command_line(self):
        db = make_world()
        rc, out, err = cordon("import", "residents", os.path.join(self.dir, "res_1904.xlsx"),
                              "--committee", QISHAN, "--quiet", "--db", db, env=ENV)
        self.assertEqual(rc, 0, err)
        self.assertIn("(xlsx, sheet Sheet)", out)
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            zheng = self.person(c, id_number("31010519750303008"))
            c.close()
        self.assertIn("2020-03-02", str(zheng))
        rc, out, err = cordon("import", "residents", os.path.join(self.dir, "res_idnumber.xlsx"),
                              "--committee", QISHAN, "--quiet", "--db", db, env=ENV)
        self.assertNotEqual(rc, 0)
        self.assertIn("res_idnumber.xlsx[登记表]:6:6: 身份证号", err)
        rc, out, err = cordon("import", "residents", os.path.join(self.dir, "res_sheets.xlsx"),
                              "--committee", QISHAN, "--sheet", "二月", "--quiet", "--db", db,
                              env=ENV)
        self.assertEqual(rc, 0, err)
        self.assertIn("sheet 二月", out)


    def test_old_xls_through_freexl(self):
        d = make("xls")
        db = make_world()
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, rep = c.request("POST", f"/api/v1/imports?committee={QISHAN}",
                                   read(os.path.join(d, "res_bad.xls")))
            self.assertEqual(st, 422, rep)
            self.assertEqual((rep["encoding"], rep["sheet"]), ("xls", "登记表"))
            self.assertEqual([(e["line"], e["column"], e["code"]) for e in rep["errors"]],
                             [(5, 6, "id_as_number")])
            st, h, rep = c.request("POST", f"/api/v1/imports?committee={QISHAN}",
                                   read(os.path.join(d, "res.xls")))
            self.assertEqual((st, rep["created"]), (200, 2), rep)
            feng = self.person(c, id_number("31010519820202009"))
            c.close()
        self.assertEqual((feng["name"], feng["phone"]), ("冯五", "13812340001"))
        self.assertIn("2020-03-01", str(feng))


class StaffWorkbooks(unittest.TestCase):
    def test_staff_from_a_workbook(self):
        d = make("staff")
        db = make_world()
        wf.seed(db, {"A": QISHAN}, nstaff=0)
        with session(db, NOW, "admin") as (s, admin):
            st, h, rep = admin.post("/api/v1/staff/import", read(os.path.join(d, "staff_bad.xlsx")),
                                    headers={"Content-Type": "application/octet-stream"})
            self.assertEqual(st, 422, rep)
            self.assertEqual(rep["sheet"], "下沉干部")
            self.assertEqual([(e["line"], e["header"]) for e in rep["errors"]], [(6, "手机号")])
            st, h, rep = admin.post("/api/v1/staff/import?sheet=nope",
                                    read(os.path.join(d, "staff.xlsx")),
                                    headers={"Accept-Language": "en"})
            self.assertEqual(st, 400, rep)
            self.assertIn("the sheets are 下沉干部", rep["error"]["message"])
            st, h, rep = admin.post("/api/v1/staff/import?sheet=%E4%B8%8B%E6%B2%89%E5%B9%B2%E9%83%A8",
                                    read(os.path.join(d, "staff.xlsx")),
                                    headers={"Content-Type": "application/octet-stream"})
            self.assertEqual(st, 200, rep)
            self.assertEqual((rep["encoding"], rep["rows"], rep["created"]), ("xlsx", 2, 2))
        rc, out, err = cordon("staff", "import", os.path.join(d, "staff_bad.xlsx"), "--sheet",
                              "下沉干部", "--db", db)
        self.assertNotEqual(rc, 0)
        self.assertIn("下沉干部, line 6, 手机号", err)
        phones = sorted(str(r[0]) for r in sql(db, "SELECT phone FROM staff WHERE name LIKE '表%'"))
        self.assertEqual(phones, ["13900139001", "13900139002"])


class EnterpriseWorkbooks(unittest.TestCase):
    def test_enterprises_from_a_workbook(self):
        from test_enterprises import credit_code
        codes = [credit_code(201), credit_code(202)]
        d = make("enterprises", *codes)
        db = make_world()
        url = f"/api/v1/enterprises/import?street={STREET}"
        with session(db, NOW, "jiangsulu") as (s, street):
            st, h, rep = street.post(url, read(os.path.join(d, "ent_bad.xlsx")),
                                     headers={"Content-Type": "application/octet-stream"})
            self.assertEqual(st, 422, rep)
            self.assertEqual([(e["line"], e["column"], e["code"]) for e in rep["errors"]],
                             [(6, 4, "bad_number")])
            self.assertEqual(rep["sheet"], "企业名录")
            st, h, rep = street.post(url + "&sheet=%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95",  # 企业名录
                                     read(os.path.join(d, "ent.xlsx")),
                                     headers={"Content-Type": "application/octet-stream"})
            self.assertEqual(st, 200, rep)
            self.assertEqual((rep["encoding"], rep["rows"], rep["created"]), ("xlsx", 2, 2))
        rc, out, err = cordon("enterprise", "import", os.path.join(d, "ent.xlsx"), "--street",
                              STREET, "--sheet", "nope", "--db", db)
        self.assertNotEqual(rc, 0)
        self.assertIn("no sheet named nope", err)
        got = sorted(sql(db, "SELECT credit_code, name, staff FROM enterprises "
                             "WHERE name LIKE '表格%' ORDER BY credit_code"))
        self.assertEqual([tuple(r) for r in got],
                         [(codes[0], "表格电子有限公司", 120), (codes[1], "表格物流有限公司", 35)])


if __name__ == "__main__":
    unittest.main()
