"""End-to-end tests of the spreadsheet and print endpoints: importing a CSV
over HTTP (all or nothing, every bad row named; scope and role enforced),
exporting a unit's residents to .xlsx and CSV (masked unless the role may
unmask and asks, which is audited; every personal column parsed back and
checked, see ExportFieldsTest), and the wall chart PDF of a compound (A4
pages, another committee gets 404)."""
import os
import subprocess
import unittest
import zipfile

from api_helpers import (ACCOUNTS, ENV, FIXTURE, GRID1, GRID2, JIANGSU, QISHAN, Client,
                         WorldTest, make_world, within)
from export_check import expected_row, parse_csv, parse_xlsx, personal, read_fixture
from harness import Server, cordon, tmp_path

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "import")
EXPORT_PEOPLE = os.path.join(HERE, "..", "data", "api", "export_people.csv")


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


class FilesTest(WorldTest):
    def post_csv(self, c, path, data, csrf=True):
        return c.request("POST", path, data, headers={"Content-Type": "text/csv"}, csrf=csrf)

    def test_import_all_or_nothing_over_http(self):
        c = self.client("qishan")
        st, h, body = self.post_csv(c, f"/api/v1/imports?committee={QISHAN}", read("bad_sheet.csv"))
        self.assertEqual(st, 422, body)
        self.assertFalse(body["committed"])
        self.assertEqual([(e["line"], e["column"], e["code"]) for e in body["errors"]],
                         [(2, 2, "bad_check_digit"), (3, 4, "no_such_date")])
        st, h, before = c.get(f"/api/v1/units/{QISHAN}/counts")
        st, h, body = self.post_csv(c, f"/api/v1/imports?committee={QISHAN}", read("qishan_sheet.csv"))
        self.assertEqual(st, 200, body)
        self.assertTrue(body["committed"])
        self.assertEqual(body["rows"], 6)
        st, h, after = c.get(f"/api/v1/units/{QISHAN}/counts")
        self.assertEqual(after["total"], before["total"] + body["created"])
        # Without the CSRF token: refused, nothing written.
        st, h, body = self.post_csv(c, f"/api/v1/imports?committee={QISHAN}",
                                    read("qishan_sheet.csv"), csrf=False)
        self.assertEqual(st, 403)

    def test_import_refused_outside_scope_or_role(self):
        c = self.client("jiangsu")
        st, h, body = self.post_csv(c, f"/api/v1/imports?committee={QISHAN}", read("qishan_sheet.csv"))
        self.assertEqual(st, 404)
        v = self.client("viewer")
        st, h, body = self.post_csv(v, f"/api/v1/imports?committee={QISHAN}", read("qishan_sheet.csv"))
        self.assertEqual(st, 403)
        c = self.client("jiangsulu")  # a street may read but not write the register
        st, h, body = self.post_csv(c, f"/api/v1/imports?committee={QISHAN}", read("qishan_sheet.csv"))
        self.assertEqual(st, 403)

    def test_export_unmasked_is_audited_and_refused_outside(self):
        c = self.client("qishan")
        st, h, data = c.get(f"/api/v1/residents/export.xlsx?unit={QISHAN}&unmask=1&reason=test")
        self.assertEqual(st, 200)
        self.assertIn("attachment", h["content-disposition"])
        admin = self.client("admin")
        st, h, audit = admin.get("/api/v1/audit?limit=50")
        self.assertTrue(any(i.get("action") == "export_unmasked" for i in audit["items"]), audit)
        v = self.client("viewer")
        st, h, body = v.get(f"/api/v1/residents/export.xlsx?unit={QISHAN}")
        self.assertEqual(st, 403)
        o = self.client("jiangsu")
        st, h, body = o.get(f"/api/v1/residents/export.csv?unit={QISHAN}")
        self.assertEqual(st, 404)
        d = self.client("changning")  # a district may read, not unmask
        st, h, body = d.get(f"/api/v1/residents/export.csv?unit={QISHAN}&unmask=1&reason=test")
        self.assertEqual(st, 403)

    def test_counts_table_as_xlsx(self):
        v = self.client("viewer")  # counts only: allowed, aggregates carry no names
        st, h, data = v.get("/api/v1/units/310105/counts.xlsx")
        self.assertEqual(st, 200)
        path = tmp_path("c.xlsx")
        with open(path, "wb") as f:
            f.write(data)
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        for s in ("长宁区", "江苏路街道", "合计", "红"):
            self.assertIn(s, sheet)
        st, h, body = v.get("/api/v1/units/310101/counts.xlsx")  # another district
        self.assertEqual(st, 404)

    def test_wallchart_pdf(self):
        c = self.client("qishan")
        st, h, comps = c.get(f"/api/v1/compounds?unit={QISHAN}")
        self.assertEqual(st, 200, comps)
        cid = comps["items"][0]["id"]
        st, h, pdf = c.get(f"/api/v1/compounds/{cid}/wallchart.pdf")
        self.assertEqual(st, 200)
        self.assertEqual(h["content-type"], "application/pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        path = tmp_path("w.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        self.assertIn("595 x 842", info)
        o = self.client("jiangsu")
        st, h, body = o.get(f"/api/v1/compounds/{cid}/wallchart.pdf")
        self.assertEqual(st, 404)


class ExportFieldsTest(unittest.TestCase):
    """Every personal column of an export (name, document number, sex,
    birth date, phone), parsed back from CSV and .xlsx, for every role that
    may export, masked and (roles that may unmask) unmasked, against the
    values computed from the fixture sheets (export_check.py); the rows are
    exactly the residents within the unit. Fixtures: tests/data/api/
    residents.csv and export_people.csv (names of one, three and four
    characters and a Latin one, a passport, ID numbers ending in X)."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        rc, out, err = cordon("import", "residents", EXPORT_PEOPLE, "--db", cls.db, env=ENV)
        assert rc == 0, err
        grids = {"岐山第一网格": GRID1, "岐山第二网格": GRID2}
        cls.people = []
        for path in (FIXTURE, EXPORT_PEOPLE):
            for p in read_fixture(path):
                p["unit"] = grids.get(p["网格"], p["居委会代码"])
                cls.people.append(p)
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def expected(self, unit, masked):
        rows = sorted(expected_row(p, masked) for p in self.people if within(p["unit"], unit))
        self.assertTrue(rows, unit)
        return rows

    def exported(self, data, fmt):
        return personal(parse_csv(data) if fmt == "csv" else parse_xlsx(data))

    def test_every_role_that_may_export(self):
        roles = {"city_admin": False, "district": False, "street": True, "committee": True,
                 "grid_worker": True}
        for name, (role, unit, grid) in ACCOUNTS.items():
            if role not in roles:
                continue
            c = Client(self.server.port)
            self.addCleanup(c.close)
            self.assertEqual(c.login(name)[0], 200)
            scope = grid or unit
            for fmt in ("csv", "xlsx"):
                for unmask in ((False, True) if roles[role] else (False,)):
                    with self.subTest(account=name, format=fmt, unmask=unmask):
                        st, h, data = c.get(f"/api/v1/residents/export.{fmt}?unit={scope}"
                                            + ("&unmask=1&reason=test" if unmask else ""))
                        self.assertEqual(st, 200, data)
                        self.assertEqual(self.exported(data, fmt),
                                         self.expected(scope, masked=not unmask))

    def test_command_line_export_read_back(self):
        for fmt in ("csv", "xlsx"):
            for masked in (True, False):
                with self.subTest(format=fmt, masked=masked):
                    path = tmp_path("export." + fmt)
                    rc, out, err = cordon("export", "residents", "--unit", QISHAN, "--format",
                                          fmt, "-o", path, "--db", self.db,
                                          *(["--masked"] if masked else []))
                    self.assertEqual(rc, 0, err)
                    with open(path, "rb") as f:
                        data = f.read()
                    self.assertEqual(self.exported(data, fmt), self.expected(QISHAN, masked))


if __name__ == "__main__":
    unittest.main()
