"""The import streams (issue 19): a file is read, checked and converted a
window at a time, never whole, so a sheet larger than the window imports
like a small one and its errors name their exact lines. The window is 1 MiB;
CORDON_IMPORT_CHUNK=4096 makes it 4 KB here so that a sheet of a few KB
spans several windows, cut inside quoted fields, CRLFs and four-byte
GB18030 characters (吉田𠮷子). The same sheet goes through the command line
(a file) and through POST /api/v1/imports (an upload read from memory), as
UTF-8 and as GB18030, with the default window and the small one: every
reading imports the same residents."""
import csv
import io
import os
import unittest

from harness import Server, cordon, tmp_path
from api_helpers import ENV, QISHAN, Client, make_world
from test_import_gb18030 import id_number, read_people

SMALL = dict(ENV, CORDON_IMPORT_CHUNK="4096")
HEADER = ["小区", "楼号", "单元", "室号", "姓名", "身份证号", "手机号", "在沪情况", "返沪日期",
          "来源地", "隔离情况", "隔离开始日期", "隔离结束日期", "健康状况"]
NAMES = ["吉田𠮷子", "买买提·艾力", "欧阳明月", "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"]
ROWS = 90


def people():
    """ROWS residents of 岐山村 (line i + 2 of the file is people()[i])."""
    out = []
    for i in range(ROWS):
        birth = f"{1950 + i % 45:04d}{1 + i % 12:02d}{10 + i % 18:02d}"
        out.append(["岐山村", f"{20 + i % 7}号", str(1 + i % 3), str(101 + i),
                    NAMES[i % len(NAMES)], id_number(f"310105{birth}{i:03d}"),
                    f"139{i:08d}", "近期返沪", "2020-03-01", "湖北武汉", "无", "", "", "正常"])
    return out


def cutting(body, encoding):
    """The environment with a window that cuts the first 𠮷 after 4 KB in
    two: the first window ends in the middle of that four-byte character."""
    at = body.index("𠮷".encode(encoding), 4096)
    return dict(ENV, CORDON_IMPORT_CHUNK=str(at + 2))


def sheet(rows, encoding="utf-8"):
    """The sheet as bytes: every field quoted, CRLF line ends."""
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return out.getvalue().encode(encoding)


class StreamingImportTest(unittest.TestCase):
    def post(self, body, env):
        """Posts body to a fresh world; returns (status, report, {doc: name}
        of the sheet's people read back unmasked). In English: the server's
        own sentence, with the line, is the message."""
        db = make_world()
        with Server(db, env=env) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, rep = c.request("POST", f"/api/v1/imports?committee={QISHAN}", body,
                                   headers={"Content-Type": "text/csv",
                                            "Accept-Language": "en"})
            got = self.read_back(c) if st == 200 else {}
            c.close()
        return st, rep, got

    def read_back(self, c):
        got = read_people(self, c, {p[5] for p in people()})
        return {d: (r["name"], r["address"]["room"], r["phone"]) for d, r in got.items()}

    def expected(self):
        return {p[5]: (p[4], p[3], p[6]) for p in people()}

    def test_upload_larger_than_the_window(self):
        for enc in ("utf-8", "gb18030"):
            body = sheet(people(), enc)
            self.assertGreater(len(body), 2 * 4096)
            with self.subTest(encoding=enc):
                st, rep, got = self.post(body, cutting(body, enc))
                self.assertEqual(st, 200, rep)
                self.assertTrue(rep["committed"], rep)
                self.assertEqual((rep["rows"], rep["rejected"], rep["errors"]), (ROWS, 0, []))
                self.assertEqual(got, self.expected())

    def test_command_line_file_larger_than_the_window(self):
        readings = []
        for enc, small in (("utf-8", False), ("utf-8", True), ("gb18030", True)):
            path = tmp_path(f"stream-{enc}.csv")
            with open(path, "wb") as f:
                f.write(sheet(people(), enc))
            env = cutting(sheet(people(), enc), enc) if small else ENV
            db = make_world()
            rc, out, err = cordon("import", "residents", path, "--committee", QISHAN,
                                  "--quiet", "--db", db, env=env)
            self.assertEqual(rc, 0, err)
            self.assertIn(f"imported {ROWS} rows", out)
            with Server(db, env=ENV) as s:
                c = Client(s.port)
                self.assertEqual(c.login("qishan")[0], 200)
                readings.append(self.read_back(c))
                c.close()
        self.assertEqual(readings[0], self.expected())
        self.assertEqual(readings[1], readings[0])
        self.assertEqual(readings[2], readings[0])

    def test_errors_past_the_first_window_name_their_line(self):
        rows = people()
        # A bad ID number on line 80 (header: line 1): a check error.
        bad = [list(r) for r in rows]
        bad[78][5] = bad[78][5][:-1] + ("0" if bad[78][5][-1] != "0" else "1")
        st, rep, got = self.post(sheet(bad), SMALL)
        self.assertEqual(st, 422, rep)
        self.assertFalse(rep["committed"], rep)
        self.assertEqual([e["line"] for e in rep["errors"]], [80], rep)

        # A stray quote on line 71: the reader's error, its line exact.
        text = sheet(rows).decode()
        lines = text.split("\r\n")
        lines[70] = lines[70].replace('"刘洋"', '刘"洋', 1)
        self.assertNotEqual(lines[70], text.split("\r\n")[70])
        body = "\r\n".join(lines).encode()
        self.assertGreater(body.index(lines[70].encode()), 4096)
        st, rep, got = self.post(body, SMALL)
        self.assertEqual((st, rep["error"]["code"]), (400, "bad_file"), rep)
        self.assertIn("line 71, column", rep["error"]["message"])

        # A byte GB18030 does not define on line 85, in a GB18030 upload.
        gb = sheet(rows, "gb18030")
        at = sum(len(x) + 2 for x in gb.split(b"\r\n")[:84]) + 1  # 岐 of "岐山村"
        self.assertGreater(at, 4096)
        body = gb[:at] + b"\x80" + gb[at + 1:]
        st, rep, got = self.post(body, SMALL)
        self.assertEqual((st, rep["error"]["code"]), (400, "bad_file"), rep)
        self.assertIn(f"line 85, byte offset {at}:", rep["error"]["message"])


if __name__ == "__main__":
    unittest.main()
