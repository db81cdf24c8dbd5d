"""Hand-over deadlines and escalation, with the clock set by CORDON_NOW:
unaccepted past its deadline (12 hours by default) a hand-over is overdue
and escalated to the street, one period later to the district — on every
read, on the dashboards of each level, and in its timeline once the sweep
(`cordon handover escalate`, also the server's tick) has run; the sweep is
idempotent; the deadline is configurable; a rejected or routed hand-over
gets a fresh deadline at its new holder."""
import unittest

from harness import cordon, sql
from api_helpers import DISTRICT, QISHAN, STREET
from checkpoint_helpers import event_kinds, login, make_station_world, server_at, traveller


class EscalationTest(unittest.TestCase):
    def setUp(self):
        self.db, self.posts = make_station_world()

    def screen_at(self, now, seq, **kw):
        with server_at(self.db, now) as s:
            c = login(s, "sw")
            st, h, body = c.post("/api/v1/screenings", traveller(seq, **kw))
            c.close()
        self.assertEqual(st, 201, body)
        return body

    def look(self, now, who, path):
        with server_at(self.db, now) as s:
            c = login(s, who)
            st, h, body = c.get(path)
            c.close()
        self.assertEqual(st, 200, (now, who, path, body))
        return body

    def sweep(self, now):
        rc, out, err = cordon("handover", "escalate", "--db", self.db, env={"CORDON_NOW": now})
        self.assertEqual(rc, 0, err)
        return out

    def test_overdue_at_the_street_then_the_district(self):
        s = self.screen_at("2020-03-09T10:00", 1)
        hid = s["handover"]["id"]
        self.assertEqual(s["handover"]["deadline"], "2020-03-09T22:00:00+08:00")
        h = self.look("2020-03-09T21:59", "qishan", f"/api/v1/handovers/{hid}")
        self.assertEqual((h["overdue"], h["escalation"], h["escalated_to"]), (False, 0, None))
        # One minute past the deadline: the street's.
        h = self.look("2020-03-09T22:01", "jiangsulu", f"/api/v1/handovers/{hid}")
        self.assertEqual((h["overdue"], h["escalation"]), (True, 1))
        self.assertEqual((h["escalated_to"]["code"], h["escalated_to"]["name"]),
                         (STREET, "江苏路街道"))
        over = self.look("2020-03-09T22:01", "jiangsulu", "/api/v1/handovers?state=overdue")
        self.assertEqual([i["id"] for i in over["items"]], [hid])
        over = self.look("2020-03-09T21:59", "jiangsulu", "/api/v1/handovers?state=overdue")
        self.assertEqual(over["items"], [])
        d = self.look("2020-03-09T22:01", "jiangsulu", f"/api/v1/units/{STREET}/dashboard")
        ho = d["checkpoints"]["handovers"]
        self.assertEqual((ho["pending"], ho["overdue"]), (1, 1))
        self.assertEqual(ho["levels"]["committee"], {"pending": 1, "overdue": 1})
        self.assertEqual(ho["escalated"], {"street": 1, "district": 0})
        # Another period later: the district's.
        h = self.look("2020-03-10T10:00", "changning", f"/api/v1/handovers/{hid}")
        self.assertEqual((h["escalation"], h["escalated_to"]["code"]), (2, DISTRICT))
        d = self.look("2020-03-10T10:00", "changning", f"/api/v1/units/{DISTRICT}/dashboard")
        self.assertEqual(d["checkpoints"]["handovers"]["escalated"], {"street": 0, "district": 1})

    def test_the_sweep_records_each_step_once(self):
        hid = self.screen_at("2020-03-09T10:00", 2)["handover"]["id"]
        self.assertIn("0 a level up, 0 two levels up", self.sweep("2020-03-09T21:00"))
        self.assertIn("1 a level up, 0 two levels up", self.sweep("2020-03-09T22:00"))
        self.assertIn("0 a level up, 0 two levels up", self.sweep("2020-03-09T23:00"))
        h = self.look("2020-03-09T23:00", "qishan", f"/api/v1/handovers/{hid}")
        self.assertEqual(event_kinds(h), ["created", "escalated"])
        self.assertEqual(h["events"][1]["unit"], STREET)
        self.assertIn("0 a level up, 1 two levels up", self.sweep("2020-03-10T10:00"))
        self.assertIn("0 a level up, 0 two levels up", self.sweep("2020-03-11T10:00"))
        h = self.look("2020-03-11T10:00", "qishan", f"/api/v1/handovers/{hid}")
        self.assertEqual(event_kinds(h), ["created", "escalated", "escalated"])
        self.assertEqual(h["events"][2]["unit"], DISTRICT)
        # A sweep that jumps both steps at once records both.
        hid2 = self.screen_at("2020-03-11T10:00", 3)["handover"]["id"]
        self.assertIn("1 a level up, 1 two levels up", self.sweep("2020-03-13T10:00"))
        h = self.look("2020-03-13T10:00", "qishan", f"/api/v1/handovers/{hid2}")
        self.assertEqual([e["unit"] for e in h["events"]], [QISHAN, STREET, DISTRICT])

    def test_accepted_never_escalates(self):
        hid = self.screen_at("2020-03-09T10:00", 4)["handover"]["id"]
        with server_at(self.db, "2020-03-09T11:00") as s:
            c = login(s, "qishan")
            st, h, body = c.post(f"/api/v1/handovers/{hid}/accept", {})
            c.close()
        self.assertEqual(st, 200, body)
        self.sweep("2020-03-12T10:00")
        h = self.look("2020-03-12T10:00", "qishan", f"/api/v1/handovers/{hid}")
        self.assertEqual((h["overdue"], event_kinds(h)), (False, ["created", "accepted"]))

    def test_a_new_holder_gets_a_fresh_deadline(self):
        hid = self.screen_at("2020-03-09T10:00", 5)["handover"]["id"]
        with server_at(self.db, "2020-03-09T21:00") as s:
            c = login(s, "qishan")
            st, h, body = c.post(f"/api/v1/handovers/{hid}/reject", {"reason": "不在本居委"})
            c.close()
        self.assertEqual((st, body["unit"]), (200, STREET))
        self.assertEqual(body["deadline"], "2020-03-10T09:00:00+08:00")
        h = self.look("2020-03-09T22:30", "jiangsulu", f"/api/v1/handovers/{hid}")
        self.assertFalse(h["overdue"])
        # Held by the street: escalation goes to the district, then the city.
        h = self.look("2020-03-10T09:30", "jiangsulu", f"/api/v1/handovers/{hid}")
        self.assertEqual(h["escalated_to"]["code"], DISTRICT)

    def test_the_deadline_is_configurable(self):
        rc, out, err = cordon("handover", "deadline", "2", "--db", self.db)
        self.assertEqual(rc, 0, err)
        s = self.screen_at("2020-03-09T10:00", 6)
        self.assertEqual(s["handover"]["deadline"], "2020-03-09T12:00:00+08:00")
        h = self.look("2020-03-09T14:01", "qishan", f"/api/v1/handovers/{s['handover']['id']}")
        self.assertEqual(h["escalation"], 2)
        for bad in ("0", "169", "x"):
            rc, out, err = cordon("handover", "deadline", bad, "--db", self.db)
            self.assertEqual(rc, 2, bad)

    def test_the_server_tick_sweeps(self):
        hid = self.screen_at("2020-03-09T10:00", 7)["handover"]["id"]
        # The tick runs at start: a server started past the deadline records it.
        with server_at(self.db, "2020-03-09T23:00") as s:
            c = login(s, "qishan")
            st, h, body = c.get(f"/api/v1/handovers/{hid}")
            c.close()
        self.assertEqual(event_kinds(body), ["created", "escalated"])
        self.assertEqual(sql(self.db, "SELECT escalated FROM handovers WHERE id = %d" % hid),
                         [[1]])


if __name__ == "__main__":
    unittest.main()
