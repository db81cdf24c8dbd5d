"""A whole household into quarantine at once (`POST
/api/v1/households/{id}/quarantine`), as a committee worker does for a
returning family: one case per resident within the caller's scope, in one
transaction, each resident orange at once and the counts with them, one
rubbish task for the household; asking again opens nothing and lists the
residents as skipped; another committee gets 404, roles without the
quarantine permission 403, a grid worker of another grid 404; bad input
400 with the field named and nothing written."""
import unittest

from harness import sql
from api_helpers import QISHAN
from tasks_helpers import make_task_world, resident_ids, session

NOW = "2020-03-09T10:00"


class HouseholdQuarantineTest(unittest.TestCase):
    def setUp(self):
        self.db = make_task_world()
        with session(self.db, NOW, "qishan") as (s, q):
            ids = resident_ids(q)
        # 岐山村 1号 1-101: 张伟 (…1235) and 李娜 (…2344), both in grid 1.
        self.zhang, self.household = ids["1235"]
        self.li, li_household = ids["2344"]
        self.assertEqual(li_household, self.household)
        # Cases and tasks the world already holds (none: the fixture is
        # imported --no-cases): counted from here.
        self.base = sql(self.db, "SELECT count(*) FROM quarantines")[0][0]
        self.base_tasks = sql(self.db, "SELECT count(*) FROM tasks")

    def cases(self):
        """Cases opened since setUp."""
        return sql(self.db, "SELECT count(*) FROM quarantines")[0][0] - self.base

    def test_the_household_goes_into_home_quarantine(self):
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, before = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(st, 200, before)
            st, h, body = q.post(f"/api/v1/households/{self.household}/quarantine",
                                 {"kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, body)
            self.assertEqual(sorted(c["resident"] for c in body["cases"]),
                             sorted([self.zhang, self.li]))
            self.assertEqual(body["skipped"], [])
            self.assertEqual(body["tasks_generated"], 1)
            for c in body["cases"]:
                self.assertEqual((c["until"], c["state"], c["colour"]),
                                 ("2020-03-22", "open", "orange"))
                self.assertTrue(c["checkin"].startswith("/checkin.html#"))
            self.assertEqual(len({c["checkin"] for c in body["cases"]}), 2)
            for rid in (self.zhang, self.li):
                st, h, r = q.get(f"/api/v1/residents/{rid}")
                self.assertEqual((st, r["colour"]), (200, "orange"))
            st, h, after = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(after["colours"]["orange"], before["colours"]["orange"] + 2, after)
            self.assertEqual(sql(self.db, "SELECT count(*) FROM tasks WHERE kind = 'rubbish' "
                                          f"AND household = {self.household}"), [[1]])
            # Again: nothing opened, both listed as skipped.
            st, h, again = q.post(f"/api/v1/households/{self.household}/quarantine",
                                  {"kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 200, again)
            self.assertEqual((again["cases"], sorted(again["skipped"])),
                             ([], sorted([self.zhang, self.li])))
        self.assertEqual(self.cases(), 2)

    def test_only_within_the_scope(self):
        with session(self.db, NOW, "jiangsu", "viewer", "checkpoint", "grid2", "grid1") as \
                (s, jiangsu, viewer, cp, grid2, grid1):
            body = {"kind": "home", "from": "2020-03-09"}
            url = f"/api/v1/households/{self.household}/quarantine"
            st, h, r = jiangsu.post(url, body)
            self.assertEqual((st, r["error"]["field"]), (404, "id"))
            for c in (viewer, cp):
                st, h, r = c.post(url, body)
                self.assertEqual(st, 403, r)
            # The residents are in grid 1: not grid 2's to open.
            st, h, r = grid2.post(url, body)
            self.assertEqual((st, r["error"]["field"]), (404, "id"))
            self.assertEqual(self.cases(), 0)
            st, h, r = grid1.post(url, body)
            self.assertEqual((st, len(r["cases"])), (201, 2))
            st, h, r = grid1.post("/api/v1/households/99999999/quarantine", body)
            self.assertEqual((st, r["error"]["field"]), (404, "id"))

    def fail_history_of(self, resident):
        """Makes the register's history insert of one resident fail with a
        constraint error, as a later step of opening its case (after the
        case row is written) might."""
        if "://" in self.db:
            # A check that only new rows must pass (NOT VALID), rather than
            # a trigger: Citus refuses triggers on distributed tables, and
            # the check's error (23514) is the one a trigger would raise.
            sql(self.db, "ALTER TABLE fact_history ADD CONSTRAINT fail_one "
                         f"CHECK (resident <> {resident}) NOT VALID")
        else:
            sql(self.db, "CREATE TRIGGER fail_one BEFORE INSERT ON fact_history "
                         f"WHEN NEW.resident = {resident} "
                         "BEGIN SELECT RAISE(ABORT, 'injected'); END")

    def test_a_failure_is_not_reported_as_skipped(self):
        # A constraint failure after li's case row was written: the answer
        # is the error, not "skipped", and nothing of the household stays.
        history = sql(self.db, "SELECT count(*) FROM fact_history")
        colours = sql(self.db, f"SELECT id, colour FROM residents WHERE household = {self.household} "
                               "ORDER BY id")
        self.fail_history_of(self.li)
        url = f"/api/v1/households/{self.household}/quarantine"
        body = {"kind": "home", "from": "2020-03-09"}
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, r = q.post(url, body)
            self.assertEqual(st, 409, r)
            self.assertNotIn("skipped", r)
            self.assertEqual(self.cases(), 0)
            self.assertEqual(sql(self.db, "SELECT count(*) FROM fact_history"), history)
            self.assertEqual(sql(self.db, "SELECT count(*) FROM tasks"), self.base_tasks)
            self.assertEqual(sql(self.db, "SELECT id, colour FROM residents WHERE household = "
                                          f"{self.household} ORDER BY id"), colours)
        # The cause removed, the same request opens both.
        sql(self.db, "ALTER TABLE fact_history DROP CONSTRAINT fail_one" if "://" in self.db
            else "DROP TRIGGER fail_one")
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, r = q.post(url, body)
            self.assertEqual((st, len(r["cases"]), r["skipped"]), (201, 2, []), r)
        self.assertEqual(self.cases(), 2)

    def test_bad_input_names_the_field_and_writes_nothing(self):
        with session(self.db, NOW, "qishan") as (s, q):
            url = f"/api/v1/households/{self.household}/quarantine"
            for body, field in (({"kind": "home"}, "from"),
                                ({"kind": "hotel", "from": "2020-03-09"}, "kind"),
                                ({"kind": "home", "from": "2020-02-30"}, "from"),
                                ({"kind": "home", "from": "2020-03-10"}, "from"),
                                ({"kind": "home", "from": "2020-03-09", "until": "2020-03-01"},
                                 "until"),
                                ({"kind": "central", "from": "2020-03-09"}, "facility"),
                                ({"kind": "home", "from": "2020-03-09", "resident": 1},
                                 "resident"),
                                ({"kind": "home", "from": "2020-03-09", "follower": "nobody"},
                                 "follower")):
                st, h, r = q.post(url, body)
                self.assertEqual((st, r["error"]["field"]), (400, field), body)
            st, h, r = q.post("/api/v1/households/abc/quarantine",
                              {"kind": "home", "from": "2020-03-09"})
            self.assertEqual((st, r["error"]["field"]), (400, "id"))
        self.assertEqual(self.cases(), 0)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM tasks"), self.base_tasks)


if __name__ == "__main__":
    unittest.main()
