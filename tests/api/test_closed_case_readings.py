"""Temperature readings on a quarantine case that is no longer open (issue
21): only an open case takes a reading, as only an open case changes its
last day or is cancelled (docs/tasks.md). A case past its last day, a case
released early and a cancelled case refuse a reading from the grid worker
with 409 `bad_state`; through the resident's check-in link, an ended case
refuses it the same way and a cancelled case's link opens nothing (404).
Nothing is written: the case read back (GET) has the readings it had."""
import unittest

from harness import sql
from api_helpers import Client
from tasks_helpers import LI_NA, WANG_FANG, ZHANG_WEI, make_task_world, resident_ids, session


class ClosedCaseReadingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        with session(cls.db, "2020-03-09T08:00", "qishan") as (s, q):
            ids = resident_ids(q)
            cases = {}
            for who, body in ((ZHANG_WEI, {"from": "2020-03-08", "until": "2020-03-09"}),
                              (LI_NA, {"from": "2020-03-08"}),
                              (WANG_FANG, {"from": "2020-03-08"})):
                st, h, c = q.post("/api/v1/quarantines",
                                  dict(body, resident=ids[who][0], kind="home",
                                       follower="grid1" if who != WANG_FANG else "grid2"))
                assert st == 201, c
                cases[who] = c
            # One reading each while open, to see it kept afterwards.
            for c in cases.values():
                st, h, r = q.post(f"/api/v1/quarantines/{c['id']}/temperatures",
                                  {"temperature": 36.5, "slot": "morning"})
                assert st == 201, r
        cls.past_last_day = cases[ZHANG_WEI]
        cls.released = cases[LI_NA]
        cls.cancelled = cases[WANG_FANG]
        # On the 10th: ZHANG_WEI's case is past its last day (the 9th); LI_NA's
        # is released as of yesterday (ended now); WANG_FANG's is cancelled.
        with session(cls.db, "2020-03-10T08:00", "qishan") as (s, q):
            st, h, r = q.post(f"/api/v1/quarantines/{cls.released['id']}/until",
                              {"until": "2020-03-09", "reason": "核酸阴性，解除隔离"})
            assert (st, r["state"]) == (200, "ended"), r
            st, h, r = q.post(f"/api/v1/quarantines/{cls.cancelled['id']}/cancel",
                              {"reason": "录入错误"})
            assert (st, r["state"]) == (200, "cancelled"), r

    def readings_of(self, q, case):
        st, h, c = q.get(f"/api/v1/quarantines/{case['id']}")
        self.assertEqual(st, 200, c)
        return c["state"], [(t["day"], t["slot"], t["temperature"]) for t in c["temperatures"]]

    def test_no_reading_on_a_case_that_is_not_open(self):
        one = [("2020-03-09", "morning", 36.5)]
        bodies = ({"temperature": 36.6},
                  {"temperature": 36.6, "day": "2020-03-09", "slot": "evening"},
                  {"temperature": 38.2, "slot": "evening"})  # a fever changes nothing either
        with session(self.db, "2020-03-10T15:00", "qishan", "grid1", "grid2") as (s, q, g1, g2):
            for case, worker, state in ((self.past_last_day, g1, "ended"),
                                        (self.released, g1, "ended"),
                                        (self.cancelled, g2, "cancelled")):
                for body in bodies:
                    st, h, r = worker.post(f"/api/v1/quarantines/{case['id']}/temperatures",
                                           body)
                    self.assertEqual((st, r.get("error", {}).get("code")), (409, "bad_state"),
                                     (case["id"], body, r))
                self.assertEqual(self.readings_of(q, case), (state, one))
            anon = Client(s.port)
            for case in (self.past_last_day, self.released):
                token = case["checkin"].split("#", 1)[1]
                for body in bodies:
                    st, h, r = anon.post(f"/api/v1/checkin/{token}", body)
                    self.assertEqual((st, r.get("error", {}).get("code")), (409, "bad_state"),
                                     (body, r))
                st, h, c = anon.get(f"/api/v1/checkin/{token}")
                self.assertEqual(st, 200, c)
                self.assertEqual((c["state"], [(t["day"], t["slot"]) for t in c["temperatures"]]),
                                 ("ended", [("2020-03-09", "morning")]))
                self.assertEqual(self.readings_of(q, case), ("ended", one))
            token = self.cancelled["checkin"].split("#", 1)[1]
            st, h, r = anon.post(f"/api/v1/checkin/{token}", {"temperature": 36.6})
            self.assertEqual((st, r.get("error", {}).get("code")), (404, "not_found"), r)
            self.assertEqual(self.readings_of(q, self.cancelled), ("cancelled", one))
            anon.close()
        self.assertEqual(sql(self.db, "SELECT count(*) FROM temperatures"), [[3]])
        # The refused 38.2 raised no urgent task either.
        self.assertEqual(sql(self.db, "SELECT count(*) FROM tasks WHERE title LIKE '发热%'"),
                         [[0]])


if __name__ == "__main__":
    unittest.main()
