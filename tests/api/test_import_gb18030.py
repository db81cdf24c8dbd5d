"""A GB18030 file to POST /api/v1/imports (issue 21): committees' Excel
and WPS save CSV as GB18030 as often as UTF-8, and the command line's
import of it is tested, the HTTP one was not. The sheet is
tests/data/import/qishan_sheet.csv plus two residents whose names test the
decoding where it breaks first: 吉田𠮷子 (𠮷 is a four-byte GB18030
sequence) and 买买提·艾力 (the middle dot). The same sheet is posted as
UTF-8 to one world and as GB18030 to another: both are imported, the
reports agree but for the encoding, and every name, address and phone
read back (unmasked, one resident at a time) is the file's, the same in
both worlds."""
import csv
import io
import os
import unittest

from harness import Server
from api_helpers import ENV, QISHAN, Client, make_world

HERE = os.path.dirname(os.path.abspath(__file__))
SHEET = os.path.join(HERE, "..", "data", "import", "qishan_sheet.csv")


def id_number(first17):
    """A mainland ID number: the 17 digits and their GB 11643 check
    character (computed here, not by the code under test)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


def sheet_text():
    """The fixture as text (its BOM dropped) and two rows more."""
    with open(SHEET, encoding="utf-8-sig") as f:
        text = f.read()
    if not text.endswith("\n"):
        text += "\n"
    extra = [
        ["岐山村", "12号", "3", "101", "吉田𠮷子", id_number("31010519850707002"),
         "13512345678", "一直在沪", "", "", "无", "", "", "正常"],
        ["岐山村", "12号", "3", "102", "买买提·艾力", id_number("65010119900315201"),
         "", "近期返沪", "2020-03-02", "新疆乌鲁木齐", "", "", "", "正常"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(extra)
    return text + out.getvalue()


def expected_rows(text):
    """{document number: row} from the sheet, read with a CSV parser."""
    return {r["身份证号"]: r for r in csv.DictReader(io.StringIO(text))}


def read_people(test, c, docs):
    """{document number: resident} of the residents c sees whose document
    is in docs, each read back unmasked."""
    st, h, lst = c.get("/api/v1/residents?limit=500")
    test.assertEqual(st, 200, lst)
    people = {}
    for item in lst["items"]:
        st, h, r = c.get(f"/api/v1/residents/{item['id']}?unmask=1&reason=test")
        test.assertEqual(st, 200, r)
        if r["doc_no"] in docs:
            people[r["doc_no"]] = r
    return people


class Gb18030ImportTest(unittest.TestCase):
    def import_and_read(self, body):
        """Posts body to a fresh world as 岐山's committee; returns the
        import report and {document number: resident} of the sheet's people,
        each read back unmasked."""
        db = make_world()
        want = expected_rows(sheet_text())
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, report = c.request("POST", f"/api/v1/imports?committee={QISHAN}", body,
                                      headers={"Content-Type": "text/csv"})
            self.assertEqual(st, 200, report)
            people = read_people(self, c, want)
            c.close()
        return report, people

    def test_gb18030_body_imports_as_the_utf8_one(self):
        text = sheet_text()
        want = expected_rows(text)
        gb = text.encode("gb18030")
        self.assertIn("𠮷".encode("gb18030"), gb)
        self.assertEqual(len("𠮷".encode("gb18030")), 4)
        r8, p8 = self.import_and_read(b"\xef\xbb\xbf" + text.encode("utf-8"))
        rg, pg = self.import_and_read(gb)
        self.assertTrue(rg["committed"], rg)
        self.assertEqual(rg["encoding"].upper().replace("-", ""), "GB18030", rg)
        self.assertEqual(r8["encoding"].upper().replace("-", "")[:4], "UTF8", r8)
        self.assertEqual((rg["rows"], rg["rejected"], rg["errors"]), (len(want), 0, []), rg)
        same = {k: v for k, v in r8.items() if k != "encoding"}
        self.assertEqual({k: v for k, v in rg.items() if k != "encoding"}, same)
        # Every person of the sheet, with the file's name, address and phone.
        self.assertEqual(sorted(pg), sorted(want))
        for doc, row in want.items():
            got = pg[doc]
            self.assertEqual(got["name"], row["姓名"], doc)
            self.assertEqual((got["address"]["compound"], got["address"]["building"],
                              got["address"]["room"]),
                             (row["小区"], row["楼号"], row["室号"]), doc)
            self.assertEqual(got["phone"] or "", row["手机号"], doc)
            if row["来源地"]:
                self.assertEqual(got["facts"]["arrival"]["origin"], row["来源地"], doc)
        # And the very same residents as from the UTF-8 file.
        def comparable(p):
            return {k: v for k, v in p.items() if k not in ("updated_at",)}
        self.assertEqual({d: comparable(p) for d, p in pg.items()},
                         {d: comparable(p) for d, p in p8.items()})


if __name__ == "__main__":
    unittest.main()
