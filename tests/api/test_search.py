"""Resident search, each way a role may search (issue 19), on both
databases: the answers of the indexed queries (schema 015) against a model
computed here from the fixture. A substring of a name, of a document or a
phone number (roles that may unmask), the first character of a name and a
whole document or phone number (roles that may not), over a committee, a
grid, a street and a district: each the total of the first page and the
items of the list."""
import unittest
from urllib.parse import quote

from api_helpers import DISTRICT, GRID1, QISHAN, STREET, WorldTest, people, within


def model(unit, pred):
    return sorted(p["身份证号"] for p in people() if within(p["unit"], unit) and pred(p))


class SearchAnswersTest(WorldTest):
    def found(self, c, unit, q):
        st, h, body = c.get(f"/api/v1/residents?unit={unit}&q={quote(q)}&limit=100")
        self.assertEqual(st, 200, (unit, q, body))
        self.assertEqual(body["total"], len(body["items"]), (unit, q))
        return len(body["items"])

    def test_substrings_for_roles_that_unmask(self):
        street = self.client("jiangsulu")
        for q in ("伟", "张伟", "娜", "王芳", "38001", "1380013800", "3101051980", "1235"):
            want = model(STREET, lambda p: q in p["姓名"] or q in p["身份证号"] or
                         q in p["手机号"])
            self.assertEqual(self.found(street, STREET, q), len(want), q)
        self.assertEqual(self.found(street, STREET, "31010519"), 8)
        grid = self.client("grid1")
        self.assertEqual(self.found(grid, GRID1, "张"),
                         len(model(GRID1, lambda p: "张" in p["姓名"])))

    def test_first_character_for_roles_that_mask(self):
        d = self.client("changning")
        for unit, ch in ((DISTRICT, "张"), (STREET, "赵"), (QISHAN, "王"), (GRID1, "张"),
                         (GRID1, "王"), (STREET, "周")):
            want = model(unit, lambda p: p["姓名"].startswith(ch))
            self.assertEqual(self.found(d, unit, ch), len(want), (unit, ch))
        self.assertEqual(self.found(d, STREET, "伟"), 0)  # in a name, not its start

    def test_whole_numbers_for_roles_that_mask(self):
        d = self.client("admin")  # a city administrator may not unmask
        self.assertEqual(self.found(d, DISTRICT, "310105197007077898"), 1)
        self.assertEqual(self.found(d, DISTRICT, "13800138004"), 1)
        self.assertEqual(self.found(d, STREET, "13700137002"), 0)  # another district's
        self.assertEqual(self.found(d, DISTRICT, "13999999999"), 0)

if __name__ == "__main__":
    unittest.main()
