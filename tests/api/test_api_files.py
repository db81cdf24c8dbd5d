"""End-to-end tests of the spreadsheet and print endpoints: importing a CSV
over HTTP (all or nothing, every bad row named; scope and role enforced),
exporting a unit's residents to .xlsx and CSV (masked unless the role may
unmask and asks, which is audited), and the wall chart PDF of a compound
(A4 pages, another committee gets 404)."""
import os
import subprocess
import unittest
import zipfile

from api_helpers import ENV, JIANGSU, QISHAN, Client, make_world
from harness import Server, tmp_path

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "import")


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


class FilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def client(self, name):
        c = Client(self.server.port)
        self.addCleanup(c.close)
        st, h, body = c.login(name)
        self.assertEqual(st, 200, body)
        return c

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

    def test_export_masked_and_unmasked(self):
        c = self.client("qishan")
        st, h, data = c.get(f"/api/v1/residents/export.csv?unit={QISHAN}")
        self.assertEqual(st, 200)
        text = data.decode("utf-8-sig")
        self.assertIn("证件号码", text.splitlines()[0])
        rows = text.splitlines()[1:]
        self.assertTrue(rows)
        self.assertTrue(all("*" in r.split(",")[7] for r in rows), rows[:2])
        st, h, data = c.get(f"/api/v1/residents/export.xlsx?unit={QISHAN}&unmask=1")
        self.assertEqual(st, 200)
        self.assertIn("attachment", h["content-disposition"])
        path = tmp_path("e.xlsx")
        with open(path, "wb") as f:
            f.write(data)
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("***", sheet)
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
        st, h, body = d.get(f"/api/v1/residents/export.csv?unit={QISHAN}&unmask=1")
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


if __name__ == "__main__":
    unittest.main()
