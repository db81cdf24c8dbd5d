"""Every server message in the user's language: errors answer in the
language of Accept-Language, Chinese by default, each with its stable
`code` and `field`; the Chinese sentence starts with the field's label
(隔离截止日期, not quarantine.until). Field errors, permission errors,
screening errors and an import report's row errors alike."""
import io
import os
import re
import unittest
import zipfile

from api_helpers import QISHAN, Client, WorldTest

HERE = os.path.dirname(os.path.abspath(__file__))
BAD_SHEET = os.path.join(HERE, "..", "data", "import", "bad_sheet.csv")
HAN = re.compile(r"[\u4e00-\u9fff]")
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


class MessagesTest(WorldTest):
    def a_resident(self, c):
        st, h, page = c.get(f"/api/v1/residents?unit={QISHAN}&limit=1")
        return page["items"][0]["id"]

    def assert_chinese(self, e, label=None):
        self.assertTrue(HAN.search(e["message"]), e)
        self.assertIsNone(ASCII_WORD.search(e["message"]), e)
        if label:
            self.assertTrue(e["message"].startswith(label + "："), e)

    def test_field_error_in_chinese_by_default_english_on_request(self):
        q = self.client("qishan")
        rid = self.a_resident(q)
        body = {"quarantine": {"kind": "home", "from": "2020-03-09", "until": "2020-03-01"}}
        st, h, zh = q.post(f"/api/v1/residents/{rid}/facts", body)
        self.assertEqual(st, 400, zh)
        e = zh["error"]
        self.assertEqual((e["code"], e["field"]), ("inconsistent", "quarantine.until"))
        self.assert_chinese(e, "隔离截止日期")
        st, h, en = q.post(f"/api/v1/residents/{rid}/facts", body,
                           headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual((en["error"]["code"], en["error"]["field"]), (e["code"], e["field"]))
        self.assertIsNone(HAN.search(en["error"]["message"]), en)
        # A preference for Chinese over English is honoured by its q.
        st, h, pref = q.post(f"/api/v1/residents/{rid}/facts", body,
                             headers={"Accept-Language": "en;q=0.5, zh-CN;q=0.9"})
        self.assertEqual(pref["error"]["message"], e["message"])

    def test_permission_and_not_found_in_chinese(self):
        d = self.client("changning")
        st, h, body = d.post("/api/v1/residents", {"name": "某某"})
        self.assertEqual(st, 403, body)
        self.assert_chinese(body["error"])
        st, h, body = d.get("/api/v1/residents/99999999")
        self.assertEqual(st, 404, body)
        self.assert_chinese(body["error"])
        st, h, body = d.get("/api/v1/residents/99999999", headers={"Accept-Language": "en"})
        self.assertIsNone(HAN.search(body["error"]["message"]), body)

    def test_query_and_login_errors_in_chinese(self):
        c = Client(self.server.port)
        self.addCleanup(c.close)
        st, h, body = c.post("/api/v1/session", {"username": "qishan", "password": "wrong"})
        self.assertEqual(st, 401, body)
        self.assert_chinese(body["error"])
        q = self.client("qishan")
        st, h, body = q.get("/api/v1/residents?limit=0")
        self.assertEqual((st, body["error"]["field"]), (400, "limit"))
        self.assert_chinese(body["error"], "每页条数")

    def test_import_row_errors_in_chinese(self):
        q = self.client("qishan")
        with open(BAD_SHEET, "rb") as f:
            data = f.read()
        st, h, body = q.request("POST", f"/api/v1/imports?committee={QISHAN}", data,
                                headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 422, body)
        self.assertEqual([e["code"] for e in body["errors"]], ["bad_check_digit", "no_such_date"])
        for e in body["errors"]:
            self.assert_chinese(e)
        st, h, en = q.request("POST", f"/api/v1/imports?committee={QISHAN}", data,
                              headers={"Content-Type": "text/csv", "Accept-Language": "en"})
        for e in en["errors"]:
            self.assertIsNone(HAN.search(e["message"]), e)

    def test_import_error_report_as_xlsx_in_chinese(self):
        q = self.client("qishan")
        with open(BAD_SHEET, "rb") as f:
            st, h, body = q.request("POST", f"/api/v1/imports?committee={QISHAN}", f.read(),
                                    headers={"Content-Type": "text/csv",
                                             "Accept-Language": "en"})
        # Sent back as the English answer came: the sheet is in Chinese all the same.
        report = {"errors": body["errors"], "total_errors": body["total_errors"] + 5}
        st, h, data = q.post("/api/v1/imports/report.xlsx", report)
        self.assertEqual(st, 200, data)
        self.assertTrue(h["content-type"].startswith("application/vnd.openxmlformats"), h)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
        for word in ("行号", "问题", "校验位不对", "日历上没有这一天", "bad_check_digit", "共 7 处错误"):
            self.assertIn(word, text)
        self.assertNotIn("check character", text)
        st, h, body = q.post("/api/v1/imports/report.xlsx", {"errors": [{"line": 2}]})
        self.assertEqual((st, body["error"]["field"]), (400, "errors.code"), body)
        self.assert_chinese(body["error"])
        st, h, body = self.client("changning").post("/api/v1/imports/report.xlsx", report)
        self.assertEqual(st, 403, body)


if __name__ == "__main__":
    unittest.main()
