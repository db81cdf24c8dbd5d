"""Resident search, each way a role may search (issue 19), on both
databases: the answers of the indexed queries (schema 015) against a model
computed here from the fixture. A substring of a name, of a document or a
phone number (roles that may unmask), the first character of a name and a
whole document or phone number (roles that may not), over a committee, a
grid, a street and a district: each the total of the first page and the
items of the list."""
import csv
import unittest
from urllib.parse import quote

from api_helpers import DISTRICT, ENV, GRID1, QISHAN, STREET, Server, WorldTest, make_world, \
    people, within
from harness import cordon, tmp_path


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
        # A text without an ASCII letter is matched with instr, one with a
        # letter with LIKE (store/residents_query.c): LIKE's wildcards are
        # plain characters in both.
        for q in ("伟", "张伟", "娜", "王芳", "38001", "1380013800", "3101051980", "1235", "%",
                  "_", "伟%", "3101%1980", "1380_13800", "\\"):
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


class SearchPagesTest(WorldTest):
    """More matches than a page: the first page's total (read with the page
    in one statement where the search is a substring) is every match, the
    pages walked by cursor hold each match once in id order, and only the
    first page carries a total. The world holds 400 generated residents of
    the street besides the fixture's."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        gen = tmp_path("street.csv")
        for args in (("gen", "residents", "--count", "400", "--seed", "19", "--unit", STREET,
                      "-o", gen, "--db", cls.db),
                     ("import", "residents", gen, "--no-cases", "--db", cls.db)):
            rc, out, err = cordon(*args, env=ENV)
            assert rc == 0, err
        with open(gen, encoding="utf-8-sig") as f:
            cls.people = people() + [dict(r, unit=r["居委会代码"]) for r in csv.DictReader(f)]
        # Each page of a substring search counts against the search rate.
        cls.server = Server(cls.db, "--search-rate", "100000", env=ENV)
        cls.server.__enter__()

    def model(self, unit, pred):
        return [p for p in self.people if within(p["unit"], unit) and pred(p)]

    def substring(self, unit, q):
        return self.model(unit, lambda p: q in p["姓名"] or q in p["身份证号"] or
                          q in p["手机号"])

    def walk(self, c, unit, q, limit):
        path = f"/api/v1/residents?unit={unit}&limit={limit}" + (f"&q={quote(q)}" if q else "")
        st, h, body = c.get(path)
        self.assertEqual(st, 200, (unit, q, body))
        total, ids = body["total"], []
        while True:
            self.assertLessEqual(len(body["items"]), limit)
            self.assertTrue(all(i["masked"] for i in body["items"]), (unit, q))
            ids += [i["id"] for i in body["items"]]
            if body["next"] is None:
                break
            st, h, body = c.get(f"{path}&cursor={body['next']}")
            self.assertEqual(st, 200, (unit, q, body))
            self.assertNotIn("total", body)
        self.assertEqual(ids, sorted(set(ids)), (unit, q))
        return total, ids

    def check(self, c, unit, q, want, limit=3):
        total, ids = self.walk(c, unit, q, limit)
        self.assertGreater(len(want), limit, (unit, q))  # more than one page
        self.assertEqual(total, len(want), (unit, q))
        self.assertEqual(len(ids), len(want), (unit, q))
        # One page holding all: the same residents as the pages walked.
        self.assertEqual(self.walk(c, unit, q, 500), (len(want), ids), (unit, q))

    def test_substring_pages_for_roles_that_unmask(self):
        street = self.client("jiangsulu")
        for q in ("王", "伟", "138", "1980", "1"):
            self.check(street, STREET, q, self.substring(STREET, q))
        self.check(street, QISHAN, "1", self.substring(QISHAN, "1"))
        grid = self.client("grid1")
        self.check(grid, GRID1, "1", self.substring(GRID1, "1"), 1)

    def test_pages_for_roles_that_mask(self):
        d = self.client("changning")
        for unit, ch, limit in ((DISTRICT, "邹", 3), (STREET, "吴", 3), (QISHAN, "吴", 1)):
            self.check(d, unit, ch, self.model(unit, lambda p: p["姓名"].startswith(ch)), limit)
        self.check(d, STREET, "", self.model(STREET, lambda p: True), 7)

if __name__ == "__main__":
    unittest.main()
