"""Quarantine cases end to end, with the clock set by CORDON_NOW: a home
quarantine from start to release (the resident's colour and the grid's
counts on each day, the case ending by itself after its last day),
twice-daily temperatures by the grid worker and through the resident's own
check-in link (which opens nothing else), a fever turning the resident red
and raising an urgent task, a missed check-in on the dashboard, bad input
refused with the field named and nothing written, and jurisdiction: outside
the scope a case does not exist."""
import datetime
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
            # A path that climbs out of the link is no route (the server
            # does not resolve "..": it would otherwise be the 401 above).
            st, h, c = anon.get(f"/api/v1/checkin/{self.token}/../../quarantines/{cid}")
            self.assertEqual(st, 404, c)
            self.assertEqual(c["error"]["code"], "not_found", c)
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


def day_no(d):
    """Days since 1970-01-01 of "YYYY-MM-DD" (how the tables keep days)."""
    return (datetime.date.fromisoformat(d) - datetime.date(1970, 1, 1)).days


def rubbish_of_day(db, d):
    return sql(db, "SELECT state FROM tasks WHERE kind = 'rubbish' AND day = %d" % day_no(d))


class QuarantineChangeTest(unittest.TestCase):
    """Moving a case's last day (early release, extension) and cancelling a
    case opened by mistake: the fact, colour and counts follow on the right
    day, generated tasks stop, and the change is recorded with its reason."""

    def setUp(self):
        self.db = make_task_world()

    def open_case(self, now, who, body):
        with session(self.db, now, "qishan") as (s, q):
            ids = resident_ids(q)
            st, h, before = q.get(f"/api/v1/units/{GRID1}/counts")
            body = dict(body, resident=ids[who][0])
            st, h, case = q.post("/api/v1/quarantines", body)
            self.assertEqual(st, 201, case)
            return ids[who][0], case, before["colours"]

    def look(self, now, rid, cid):
        with session(self.db, now, "qishan") as (s, q):
            st, h, r = q.get(f"/api/v1/residents/{rid}")
            st, h, c = q.get(f"/api/v1/units/{GRID1}/counts")
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            st, h, case = q.get(f"/api/v1/quarantines/{cid}")
            return r["colour"], c["colours"], d["quarantine"], case

    def test_early_release_turns_the_colour_the_next_day(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-09"})
        cid = case["id"]
        sweep(self.db, "2020-03-12T08:00")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-12"), [[0]])
        with session(self.db, "2020-03-12T09:00", "qishan") as (s, q):
            st, h, c = q.post(f"/api/v1/quarantines/{cid}/until",
                              {"until": "2020-03-12", "reason": "卫健委通知提前解除"})
            self.assertEqual(st, 200, c)
            self.assertEqual((c["until"], c["state"], c["colour"], c["tasks_cancelled"]),
                             ("2020-03-12", "open", "orange", 0))
            self.assertEqual([(e["kind"], e["until_before"], e["until_after"], e["reason"])
                              for e in c["events"]],
                             [("until", "2020-03-22", "2020-03-12", "卫健委通知提前解除")])
            st, h, hist = q.get(f"/api/v1/residents/{rid}/history")
            self.assertEqual(hist["items"][0]["kind"], "quarantine")
            st, h, r = q.get(f"/api/v1/residents/{rid}")
            self.assertEqual(r["facts"]["quarantine"]["until"], "2020-03-12")
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["ending_today"], 1)
        # Still orange on its new last day; released the day after.
        colour, counts, qd, c = self.look("2020-03-12T20:00", rid, cid)
        self.assertEqual((colour, counts["orange"]), ("orange", before["orange"] + 1))
        colour, counts, qd, c = self.look("2020-03-13T09:00", rid, cid)
        self.assertEqual((colour, counts["orange"], qd["active"]), ("green", before["orange"], 0))
        self.assertEqual(c["state"], "ended")
        sweep(self.db, "2020-03-13T09:30")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-13"), [])
        self.assertEqual(sql(self.db, f"SELECT state, closed_day FROM quarantines WHERE id = {cid}"),
                         [[1, day_no("2020-03-13")]])

    def test_release_as_of_yesterday_ends_the_case_now(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-08"})
        cid = case["id"]
        token = case["checkin"].split("#", 1)[1]
        sweep(self.db, "2020-03-11T08:00")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-11"), [[0]])
        with session(self.db, "2020-03-11T09:00", "qishan") as (s, q):
            st, h, c = q.post(f"/api/v1/quarantines/{cid}/until",
                              {"until": "2020-03-10", "reason": "核酸阴性，解除隔离"})
            self.assertEqual(st, 200, c)
            self.assertEqual((c["until"], c["state"], c["closed"], c["colour"]),
                             ("2020-03-10", "ended", "2020-03-11", "green"))
            self.assertEqual(c["tasks_cancelled"], 1)
            st, h, counts = q.get(f"/api/v1/units/{GRID1}/counts")
            self.assertEqual(counts["colours"]["orange"], before["orange"])
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["active"], 0)
            # Today's rubbish collection is cancelled, its event naming the reason.
            st, h, t = q.get("/api/v1/tasks?state=cancelled")
            rubbish = [x for x in t["items"] if x["kind"] == "rubbish" and x["day"] == "2020-03-11"]
            self.assertEqual(len(rubbish), 1, t)
            st, h, task = q.get(f"/api/v1/tasks/{rubbish[0]['id']}")
            self.assertEqual(task["state"], "cancelled")
            self.assertIn("核酸阴性，解除隔离", task["events"][-1]["detail"])
            # An ended case changes no more; its link still shows the dates.
            for path, body in (("until", {"until": "2020-03-20", "reason": "x"}),
                               ("cancel", {"reason": "x"})):
                st, h, r = q.post(f"/api/v1/quarantines/{cid}/{path}", body)
                self.assertEqual((st, r["error"]["code"]), (409, "bad_state"), path)
            anon = Client(s.port)
            st, h, r = anon.get(f"/api/v1/checkin/{token}")
            self.assertEqual((st, r["state"]), (200, "ended"))
            anon.close()
        sweep(self.db, "2020-03-12T09:00")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-12"), [])
        self.assertEqual(sql(self.db, "SELECT action FROM audit WHERE action LIKE 'quarantine%'"),
                         [["quarantine_until"]])

    def test_extension_keeps_the_colour_and_the_tasks(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-09"})
        cid = case["id"]
        with session(self.db, "2020-03-20T09:00", "grid1") as (s, g):
            st, h, c = g.post(f"/api/v1/quarantines/{cid}/until",
                              {"until": "2020-03-29", "reason": "延长隔离：密接者复检"})
            self.assertEqual(st, 200, c)
            self.assertEqual((c["until"], c["state"], c["tasks_cancelled"]),
                             ("2020-03-29", "open", 0))
            # The same day again: nothing more written.
            st, h, c = g.post(f"/api/v1/quarantines/{cid}/until",
                              {"until": "2020-03-29", "reason": "重复提交"})
            self.assertEqual((st, len(c["events"])), (200, 1), c)
        colour, counts, qd, c = self.look("2020-03-25T09:00", rid, cid)
        self.assertEqual((colour, counts["orange"], qd["active"]),
                         ("orange", before["orange"] + 1, 1))
        sweep(self.db, "2020-03-25T09:30")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-25"), [[0]])
        colour, counts, qd, c = self.look("2020-03-30T09:00", rid, cid)
        self.assertEqual((colour, c["state"]), ("green", "ended"))

    def test_cancel_clears_the_fact_and_the_link(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-09"})
        cid = case["id"]
        token = case["checkin"].split("#", 1)[1]
        with session(self.db, "2020-03-09T11:00", "qishan") as (s, q):
            st, h, c = q.post(f"/api/v1/quarantines/{cid}/cancel", {"reason": "录入错误，选错了人"})
            self.assertEqual(st, 200, c)
            self.assertEqual((c["state"], c["colour"], c["closed"], c["tasks_cancelled"]),
                             ("cancelled", "green", "2020-03-09", 1))
            self.assertEqual(c["events"][0]["kind"], "cancelled")
            st, h, r = q.get(f"/api/v1/residents/{rid}")
            self.assertEqual(r["facts"]["quarantine"]["kind"], "none")
            st, h, counts = q.get(f"/api/v1/units/{GRID1}/counts")
            self.assertEqual(counts["colours"], before)
            st, h, d = q.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(d["quarantine"]["active"], 0)
            st, h, lst = q.get("/api/v1/quarantines")
            self.assertEqual(lst["items"], [])
            anon = Client(s.port)
            st, h, r = anon.get(f"/api/v1/checkin/{token}")
            self.assertEqual(st, 404)
            st, h, r = anon.post(f"/api/v1/checkin/{token}", {"temperature": 36.5})
            self.assertEqual(st, 404)
            anon.close()
            for path, body in (("until", {"until": "2020-03-20", "reason": "x"}),
                               ("cancel", {"reason": "x"})):
                st, h, r = q.post(f"/api/v1/quarantines/{cid}/{path}", body)
                self.assertEqual((st, r["error"]["code"]), (409, "bad_state"), path)
            # The resident may get a right case now.
            st, h, again = q.post("/api/v1/quarantines",
                                  {"resident": rid, "kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, again)
        self.assertEqual(sql(self.db, f"SELECT state FROM tasks WHERE quarantine = {cid}"), [[3]])
        self.assertEqual(sql(self.db, f"SELECT state FROM quarantines WHERE id = {cid}"), [[2]])

    def test_household_still_in_quarantine_keeps_its_rubbish(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-09"})
        other, case2, _ = self.open_case("2020-03-09T10:30", LI_NA,
                                         {"kind": "home", "from": "2020-03-09"})
        sweep(self.db, "2020-03-11T08:00")
        with session(self.db, "2020-03-11T09:00", "qishan") as (s, q):
            st, h, c = q.post(f"/api/v1/quarantines/{case['id']}/until",
                              {"until": "2020-03-10", "reason": "提前解除"})
            self.assertEqual((st, c["state"], c["tasks_cancelled"]), (200, "ended", 0), c)
        # 李娜 is still at home: the household's rubbish is collected today and after.
        self.assertEqual(rubbish_of_day(self.db, "2020-03-11"), [[0]])
        sweep(self.db, "2020-03-12T08:00")
        self.assertEqual(rubbish_of_day(self.db, "2020-03-12"), [[0]])

    def test_released_on_its_first_day(self):
        rid, case, before = self.open_case("2020-03-09T10:00", ZHANG_WEI,
                                           {"kind": "home", "from": "2020-03-09"})
        with session(self.db, "2020-03-09T16:00", "qishan") as (s, q):
            st, h, c = q.post(f"/api/v1/quarantines/{case['id']}/until",
                              {"until": "2020-03-08", "reason": "误判，当日解除"})
            self.assertEqual(st, 200, c)
            self.assertEqual((c["state"], c["colour"]), ("ended", "green"))
            st, h, r = q.get(f"/api/v1/residents/{rid}")
            self.assertEqual(r["facts"]["quarantine"]["kind"], "none")


class QuarantineChangeRefusedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        with session(cls.db, "2020-03-09T10:00", "qishan") as (s, q):
            cls.ids = resident_ids(q)
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": cls.ids[WANG_FANG][0], "kind": "home",
                                  "from": "2020-03-08"})
            assert st == 201, case
            cls.case = case["id"]
            st, h, short = q.post("/api/v1/quarantines",
                                  {"resident": cls.ids[ZHANG_WEI][0], "kind": "home",
                                   "from": "2020-03-09", "until": "2020-03-09"})
            assert st == 201, short
            cls.short = short["id"]

    def unchanged(self):
        self.assertEqual(sql(self.db, "SELECT count(*) FROM quarantine_events"), [[0]])
        self.assertEqual(sql(self.db, f"SELECT state, day_until FROM quarantines "
                                      f"WHERE id = {self.case}"), [[0, day_no("2020-03-21")]])

    def test_bad_input_names_the_field_and_writes_nothing(self):
        cid = self.case
        cases = [
            ("until", {"until": "2020-03-30"}, "reason", "missing"),
            ("until", {"until": "2020-03-30", "reason": ""}, "reason", "missing"),
            ("until", {"until": "2020-03-30", "reason": "   "}, "reason", "missing"),
            ("until", {"until": "2020-03-30", "reason": 7}, "reason", "bad_type"),
            ("until", {"until": "2020-03-30", "reason": "长" * 100}, "reason", "too_long"),
            ("until", {"reason": "x"}, "until", "missing"),
            ("until", {"until": "2020-3-30", "reason": "x"}, "until", "bad_date"),
            ("until", {"until": "2020-03-06", "reason": "x"}, "until", "inconsistent"),
            ("until", {"until": "2020-03-07", "reason": "x"}, "until", "out_of_range"),
            ("until", {"until": "2021-03-30", "reason": "x"}, "until", "out_of_range"),
            ("until", {"until": "2020-03-30", "reason": "x", "kind": "home"}, "kind",
             "unknown_field"),
            ("cancel", {}, "reason", "missing"),
            ("cancel", {"reason": "x", "until": "2020-03-30"}, "until", "unknown_field"),
        ]
        with session(self.db, "2020-03-09T10:00", "qishan") as (s, q):
            st, h, before = q.get(f"/api/v1/units/{QISHAN}/counts")
            for path, body, field, code in cases:
                st, h, r = q.post(f"/api/v1/quarantines/{cid}/{path}", body)
                self.assertEqual(st, 400, (path, body, r))
                self.assertEqual((r["error"]["field"], r["error"]["code"]), (field, code), body)
            st, h, after = q.get(f"/api/v1/units/{QISHAN}/counts")
            self.assertEqual(before, after)
        self.unchanged()

    def test_outside_the_scope_404_other_roles_403(self):
        cid = self.case
        body = {"until": "2020-03-30", "reason": "x"}
        with session(self.db, "2020-03-09T10:00", "jiangsu", "grid1", "checkpoint", "viewer",
                     "property", "jiangsulu") as (s, js, g1, cp, viewer, prop, street):
            # Another committee; a grid worker of another grid: as if none.
            for c in (js, g1):
                for path, b in (("until", body), ("cancel", {"reason": "x"})):
                    st, h, r = c.post(f"/api/v1/quarantines/{cid}/{path}", b)
                    self.assertEqual(st, 404, r)
            for c in (cp, viewer, prop, street):
                for path, b in (("until", body), ("cancel", {"reason": "x"})):
                    st, h, r = c.post(f"/api/v1/quarantines/{cid}/{path}", b)
                    self.assertEqual(st, 403, r)
            st, h, r = js.post("/api/v1/quarantines/999999/cancel", {"reason": "x"})
            self.assertEqual(st, 404)
        self.unchanged()

    def test_a_case_past_its_last_day_is_409(self):
        with session(self.db, "2020-03-10T10:00", "qishan") as (s, q):
            st, h, r = q.post(f"/api/v1/quarantines/{self.short}/until",
                              {"until": "2020-03-20", "reason": "延长"})
            self.assertEqual((st, r["error"]["code"]), (409, "bad_state"), r)


if __name__ == "__main__":
    unittest.main()
