"""Quarantine cases end to end, with the clock set by CORDON_NOW: a home
quarantine from start to release (the resident's colour and the grid's
counts on each day, the case ending by itself after its last day),
twice-daily temperatures by the grid worker and through the resident's own
check-in link (which opens nothing else), a fever turning the resident red
and raising an urgent task, a missed check-in on the dashboard, bad input
refused with the field named and nothing written, and jurisdiction: outside
the scope a case does not exist."""
import unittest

from harness import Server, sql
from api_helpers import GRID1, JIANGSU, QISHAN, STREET, Client
from tasks_helpers import (LI_NA, LIU_YANG, WANG_FANG, ZHANG_WEI, make_task_world, resident_ids,
                           session, sweep)


class QuarantineLifeTest(unittest.TestCase):
    def setUp(self):
        self.db = make_task_world()

    def colour_and_counts(self, now, rid):
        with session(self.db, now, "qishan") as (s, q):
            st, h, r = q.get(f"/api/v1/residents/{rid}")
            self.assertEqual(st, 200, r)
            st, h, c = q.get(f"/api/v1/units/{GRID1}/counts")
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            return r["colour"], c["colours"], d["quarantine"]

    def test_home_quarantine_from_start_to_release(self):
        with session(self.db, "2020-03-09T10:00", "qishan") as (s, q):
            ids = resident_ids(q)
            rid, household = ids[ZHANG_WEI]
            st, h, before = q.get(f"/api/v1/units/{GRID1}/counts")
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": rid, "kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, case)
            self.assertEqual((case["from"], case["until"], case["state"], case["kind"]),
                             ("2020-03-09", "2020-03-22", "open", "home"))
            self.assertEqual(case["colour"], "orange")
            self.assertEqual(case["household"], household)
            self.assertTrue(case["checkin"].startswith("/checkin.html#"))
            # Colour and counts changed at once, through the register.
            st, h, after = q.get(f"/api/v1/units/{GRID1}/counts")
            self.assertEqual(after["colours"]["orange"], before["colours"]["orange"] + 1)
            self.assertEqual(after["colours"]["green"], before["colours"]["green"] - 1)
            st, h, hist = q.get(f"/api/v1/residents/{rid}/history")
            self.assertEqual(hist["items"][0]["kind"], "quarantine")
            self.assertEqual(hist["items"][0]["colour"], "orange")
            # A second case for the same resident is refused.
            st, h, dup = q.post("/api/v1/quarantines",
                                {"resident": rid, "kind": "home", "from": "2020-03-09"})
            self.assertEqual((st, dup["error"]["code"]), (409, "duplicate"))
        cid = case["id"]
        # Every day of the quarantine: orange, and counted in the committee.
        for day, ending in (("2020-03-10", 0), ("2020-03-15", 0), ("2020-03-22", 1)):
            colour, counts, qd = self.colour_and_counts(day + "T09:00", rid)
            self.assertEqual(colour, "orange", day)
            self.assertEqual(counts["orange"], after["colours"]["orange"], day)
            self.assertEqual((qd["active"], qd["ending_today"]), (1, ending), day)
        # The day after the last: released, by itself.
        colour, counts, qd = self.colour_and_counts("2020-03-23T09:00", rid)
        self.assertEqual(colour, "green")
        self.assertEqual(counts["orange"], before["colours"]["orange"])
        # (李娜, back from Hubei on 03-01, has turned from blue to green too.)
        self.assertEqual(counts["green"], before["colours"]["green"] + 1)
        self.assertEqual(counts["blue"], before["colours"]["blue"] - 1)
        self.assertEqual(qd["active"], 0)
        with session(self.db, "2020-03-23T09:00", "qishan") as (s, q):
            st, h, c = q.get(f"/api/v1/quarantines/{cid}")
            self.assertEqual(c["state"], "ended")
            st, h, lst = q.get("/api/v1/quarantines")
            self.assertEqual(lst["items"], [])
            st, h, lst = q.get("/api/v1/quarantines?state=all")
            self.assertEqual([i["id"] for i in lst["items"]], [cid])
        # The server's tick (the sweep) has closed it in the database.
        self.assertEqual(sql(self.db, f"SELECT state FROM quarantines WHERE id = {cid}"), [[1]])


class TemperatureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        with session(cls.db, "2020-03-09T08:00", "qishan") as (s, q):
            cls.ids = resident_ids(q)
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": cls.ids[ZHANG_WEI][0], "kind": "home",
                                  "from": "2020-03-08", "follower": "grid1"})
            assert st == 201, case
            cls.case = case
            cls.token = case["checkin"].split("#", 1)[1]

    def test_readings_fever_and_link(self):
        cid = self.case["id"]
        with session(self.db, "2020-03-09T08:30", "grid1", "qishan") as (s, g, q):
            st, h, r = g.post(f"/api/v1/quarantines/{cid}/temperatures", {"temperature": 36.5})
            self.assertEqual(st, 201, r)
            self.assertEqual(r["temperatures"][-1]["slot"], "morning")
            self.assertFalse(r["fever"])
            st, h, r = g.post(f"/api/v1/quarantines/{cid}/temperatures",
                              {"temperature": "36.6", "slot": "morning"})
            self.assertEqual((st, r["error"]["code"], r["error"]["field"]),
                             (409, "duplicate", "slot"))
            # Bad readings name the field and write nothing.
            for body, field in (({"temperature": 50}, "temperature"),
                                ({"temperature": "hot"}, "temperature"),
                                ({}, "temperature"),
                                ({"temperature": 36.5, "slot": "noon"}, "slot"),
                                ({"temperature": 36.5, "day": "2020-03-10"}, "day"),
                                ({"temperature": 36.5, "day": "2020-03-01"}, "day"),
                                ({"temperature": 36.5, "colour": "red"}, "colour")):
                st, h, r = g.post(f"/api/v1/quarantines/{cid}/temperatures", body)
                self.assertEqual(st, 400, body)
                self.assertEqual(r["error"]["field"], field, body)
            # The resident's own link: its case only, no session needed.
            anon = Client(s.port)
            st, h, c = anon.get(f"/api/v1/checkin/{self.token}")
            self.assertEqual(st, 200, c)
            self.assertEqual((c["from"], c["until"]), ("2020-03-08", "2020-03-21"))
            self.assertNotIn("resident", c)
            self.assertNotIn("follower", c)
            st, h, c = anon.post(f"/api/v1/checkin/{self.token}",
                                 {"temperature": 37.6, "slot": "evening"})
            self.assertEqual(st, 201, c)
            self.assertTrue(c["fever"])
            self.assertEqual(c["colour"], "red")
            for bad in ("0" * 64, "abc", self.token.upper()):
                st, h, c = anon.get(f"/api/v1/checkin/{bad}")
                self.assertEqual(st, 404, bad)
            # The link is no session.
            st, h, c = anon.get(f"/api/v1/quarantines/{cid}")
            self.assertEqual(st, 401)
            st, h, c = anon.get(f"/api/v1/checkin/{self.token}/../../quarantines/{cid}")
            self.assertIn(st, (401, 404))
            anon.close()
            # The fever: health fact, red, and an urgent task for the follower.
            st, h, r = q.get(f"/api/v1/residents/{self.ids[ZHANG_WEI][0]}")
            self.assertEqual((r["facts"]["health"], r["colour"]), ("fever", "red"))
            st, h, tasks = g.get("/api/v1/tasks?assignee=grid1&state=open")
            urgent = [t for t in tasks["items"] if t["urgent"] and t["kind"] == "inspection"]
            self.assertEqual(len(urgent), 1, tasks)
            self.assertEqual(urgent[0]["deadline"], "2020-03-09T10:30:00+08:00")
            # A new link: the old one stops working.
            st, h, link = q.post(f"/api/v1/quarantines/{cid}/link")
            self.assertEqual(st, 200, link)
            anon = Client(s.port)
            st, h, c = anon.get(f"/api/v1/checkin/{self.token}")
            self.assertEqual(st, 404)
            st, h, c = anon.get("/api/v1/checkin/" + link["checkin"].split("#", 1)[1])
            self.assertEqual(st, 200)
            anon.close()


class MissedCheckinTest(unittest.TestCase):
    def test_missed_morning_shows_and_raises_a_task(self):
        db = make_task_world()
        with session(db, "2020-03-09T08:00", "qishan") as (s, q):
            ids = resident_ids(q)
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": ids[ZHANG_WEI][0], "kind": "home",
                                  "from": "2020-03-09"})
            self.assertEqual(st, 201, case)
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["missed"], 0)
        # Past noon without a morning reading.
        with session(db, "2020-03-09T12:30", "qishan", "jiangsulu") as (s, q, street):
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["missed"], 1)
            st, h, d = street.get(f"/api/v1/units/{STREET}/dashboard")
            self.assertEqual(d["quarantine"]["missed"], 1)
            st, h, c = q.get(f"/api/v1/quarantines/{case['id']}")
            self.assertEqual(c["due"], {"day": "2020-03-09", "slot": "morning", "missed": True})
            # The server's tick raised one inspection task for it.
            st, h, t = q.get("/api/v1/tasks?state=open")
            alerts = [x for x in t["items"] if x["kind"] == "inspection"]
            self.assertEqual(len(alerts), 1, t)
            st, h, r = q.post(f"/api/v1/quarantines/{case['id']}/temperatures",
                              {"temperature": 36.4, "slot": "morning"})
            self.assertEqual(st, 201, r)
            self.assertFalse(r["due"]["missed"])
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["missed"], 0)
        sweep(db, "2020-03-09T12:40")
        self.assertEqual(sql(db, "SELECT count(*) FROM tasks WHERE kind = 'inspection'"), [[1]])


class InputAndJurisdictionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()

    def test_bad_input_names_the_field_and_writes_nothing(self):
        with session(self.db, "2020-03-09T10:00", "qishan") as (s, q):
            rid = resident_ids(q)[LI_NA][0]
            cases = [
                ({"kind": "home", "from": "2020-03-09"}, "resident", "missing"),
                ({"resident": "x", "kind": "home", "from": "2020-03-09"}, "resident", "bad_id"),
                ({"resident": rid, "kind": "hotel", "from": "2020-03-09"}, "kind", "bad_value"),
                ({"resident": rid, "kind": "home"}, "from", "missing"),
                ({"resident": rid, "kind": "home", "from": "2020-03-10"}, "from", "future_date"),
                ({"resident": rid, "kind": "home", "from": "2020-3-9"}, "from", "bad_date"),
                ({"resident": rid, "kind": "home", "from": "2020-03-09", "until": "2020-03-01"},
                 "until", "inconsistent"),
                ({"resident": rid, "kind": "home", "from": "2020-01-01", "until": "2020-01-14"},
                 "until", "inconsistent"),
                ({"resident": rid, "kind": "central", "from": "2020-03-09"}, "facility",
                 "missing"),
                ({"resident": rid, "kind": "home", "from": "2020-03-09", "facility": "x"},
                 "facility", "inconsistent"),
                ({"resident": rid, "kind": "home", "from": "2020-03-09", "follower": "nobody"},
                 "follower", "bad_value"),
                ({"resident": rid, "kind": "home", "from": "2020-03-09", "follower": "jiangsu"},
                 "follower", "bad_value"),
                ({"resident": rid, "kind": "home", "from": "2020-03-09", "x": 1}, "x",
                 "unknown_field"),
            ]
            st, h, before = q.get(f"/api/v1/units/{QISHAN}/counts")
            for body, field, code in cases:
                st, h, r = q.post("/api/v1/quarantines", body)
                self.assertEqual(st, 400, body)
                self.assertEqual((r["error"]["field"], r["error"]["code"]), (field, code), body)
            st, h, after = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(before, after)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM quarantines"), [[0]])

    def test_outside_the_scope_a_case_does_not_exist(self):
        with session(self.db, "2020-03-09T10:00", "qishan", "jiangsu", "grid1", "viewer",
                     "property", "jiangsulu") as (s, q, js, g1, viewer, prop, street):
            ids = resident_ids(q)
            # Another committee, a grid worker outside its grid: 404.
            st, h, r = js.post("/api/v1/quarantines",
                               {"resident": ids[WANG_FANG][0], "kind": "home",
                                "from": "2020-03-09"})
            self.assertEqual(st, 404, r)
            st, h, r = g1.post("/api/v1/quarantines",
                               {"resident": ids[WANG_FANG][0], "kind": "home",
                                "from": "2020-03-09"})
            self.assertEqual(st, 404, r)
            # Roles without the right: 403.
            for c in (viewer, prop, street):
                st, h, r = c.post("/api/v1/quarantines",
                                  {"resident": ids[WANG_FANG][0], "kind": "home",
                                   "from": "2020-03-09"})
                self.assertEqual(st, 403, r)
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": ids[WANG_FANG][0], "kind": "central",
                                  "from": "2020-03-09", "facility": "长宁区集中隔离点"})
            self.assertEqual(st, 201, case)
            cid = case["id"]
            for c in (js, g1):
                st, h, r = c.get(f"/api/v1/quarantines/{cid}")
                self.assertEqual(st, 404)
                st, h, r = c.post(f"/api/v1/quarantines/{cid}/temperatures",
                                  {"temperature": 36.5})
                self.assertEqual(st, 404)
                st, h, r = c.get("/api/v1/quarantines?state=all")
                self.assertNotIn(cid, [i["id"] for i in r["items"]])
            st, h, r = js.get(f"/api/v1/quarantines?unit={QISHAN}")
            self.assertEqual(st, 404)
            st, h, r = street.get(f"/api/v1/quarantines/{cid}")
            self.assertEqual(st, 200)
            self.assertEqual(r["address"], "长宁区集中隔离点")
            st, h, r = q.get("/api/v1/quarantines/999999")
            self.assertEqual(st, 404)


if __name__ == "__main__":
    unittest.main()
