"""Problem tickets of return to work (issue 16): an enterprise or its
service specialist opens a ticket (supplies, staff quarantine, logistics,
finance, permits, other), which is a task of the tasks engine assigned to
the specialist, with a deadline and escalation by the daily sweep; the
specialist accepts and closes it, the enterprise may only withdraw its own;
a specialist lists its enterprises and their tickets; an enterprise's
history holds its status changes, applications and tickets in time order.
Jurisdiction: a specialist sees only the enterprises assigned to it, an
enterprise only its own, and neither sees the resident register."""
import unittest

from harness import sql
from tasks_helpers import session, sweep
from test_enterprises import PARK, credit_code, enterprise_world, ok

NOW = "2020-03-09T10:00"


class EnterpriseTicketsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        db, ids = enterprise_world("ticket-enterprises.csv")
        cls.db = db
        cls.maker, cls.parts = ids[credit_code(1)], ids[credit_code(6)]
        cls.canteen = ids[credit_code(4)]  # in no park or building
        ok("enterprise", "owner", str(cls.maker), "--account", "enterprise", "--db", db)
        ok("enterprise", "owner", str(cls.parts), "--account", "ent2", "--db", db)
        ok("enterprise", "assign", str(cls.maker), "--account", "specialist", "--db", db)
        ok("enterprise", "assign", str(cls.canteen), "--account", "spec2", "--db", db)

    def open_ticket(self, c, eid, body):
        return c.post(f"/api/v1/enterprises/{eid}/tickets", body)

    def test_open_work_and_close_a_ticket(self):
        with session(self.db, NOW, "enterprise", "specialist", "jiangsulu",
                     "spec2") as (s, ent, spec, street, spec2):
            st, h, t = self.open_ticket(ent, self.maker, {"kind": "staff_quarantine",
                                                          "note": "12名外地返沪员工待隔离"})
            self.assertEqual(st, 201, t)
            self.assertEqual((t["ticket_kind"], t["ticket_kind_label"], t["state"]),
                             ("staff_quarantine", "员工隔离", "open"))
            self.assertEqual((t["enterprise"]["id"], t["assignee"]), (self.maker, "specialist"))
            self.assertEqual(t["deadline"], "2020-03-11T10:00:00+08:00")
            self.assertEqual(t["where"], PARK)
            tid = t["id"]
            # The enterprise may not work it; another specialist does not see it.
            st, h, b = ent.post(f"/api/v1/tickets/{tid}/accept")
            self.assertEqual(st, 403, b)
            st, h, b = spec2.post(f"/api/v1/tickets/{tid}/accept")
            self.assertEqual(st, 404, b)
            st, h, b = spec.post(f"/api/v1/tickets/{tid}/accept", {"note": "已联系街道"})
            self.assertEqual((st, b["state"]), (200, "accepted"), b)
            st, h, b = spec.post(f"/api/v1/tickets/{tid}/done", {"note": "已安排集中隔离"})
            self.assertEqual((st, b["state"]), (200, "done"), b)
            st, h, b = spec.post(f"/api/v1/tickets/{tid}/done")
            self.assertEqual((st, b["error"]["code"]), (409, "bad_state"))
            # The ticket is a task: the street reads it through the tasks too.
            st, h, task = street.get(f"/api/v1/tasks/{tid}")
            self.assertEqual((st, task["state"]), (200, "done"), task)
            self.assertEqual([e["kind"] for e in task["events"]],
                             ["created", "accepted", "done"])
            # A specialist's ticket is its own; the street may cancel any.
            st, h, t2 = self.open_ticket(spec, self.maker, {"kind": "物流运输"})
            self.assertEqual((st, t2["ticket_kind"], t2["assignee"]),
                             (201, "logistics", "specialist"), t2)
            st, h, b = ent.post(f"/api/v1/tickets/{t2['id']}/cancel")
            self.assertEqual(st, 403, b)
            st, h, b = street.post(f"/api/v1/tickets/{t2['id']}/cancel", {"note": "重复"})
            self.assertEqual((st, b["state"]), (200, "cancelled"), b)
            # The enterprise withdraws its own.
            st, h, t3 = self.open_ticket(ent, self.maker, {"kind": "finance"})
            st, h, b = ent.post(f"/api/v1/tickets/{t3['id']}/cancel")
            self.assertEqual((st, b["state"]), (200, "cancelled"), b)

    def test_bad_input_and_who_may_open(self):
        with session(self.db, NOW, "enterprise", "specialist", "jiangsulu", "ent2",
                     "otherstreet", "viewer") as (s, ent, spec, street, ent2, other, viewer):
            n = int(sql(self.db, "SELECT count(*) FROM enterprise_tickets")[0][0])
            for body, field in (({}, "kind"), ({"kind": "rubbish"}, "kind"),
                                ({"kind": "finance", "deadline": "2020-03-08T10:00"}, "deadline"),
                                ({"kind": "finance", "where": "x"}, "where"),
                                ({"kind": "finance", "title": "x" * 201}, "title")):
                st, h, b = self.open_ticket(ent, self.maker, body)
                self.assertEqual((st, b["error"]["field"]), (400, field), body)
            st, h, b = self.open_ticket(ent, self.parts, {"kind": "finance"})
            self.assertEqual(st, 404, b)
            st, h, b = self.open_ticket(spec, self.parts, {"kind": "finance"})
            self.assertEqual(st, 404, b)
            st, h, b = self.open_ticket(street, self.maker, {"kind": "finance"})
            self.assertEqual(st, 403, b)
            st, h, b = self.open_ticket(viewer, self.maker, {"kind": "finance"})
            self.assertEqual(st, 403, b)
            st, h, b = self.open_ticket(ent, 999999, {"kind": "finance"})
            self.assertEqual(st, 404, b)
            st, h, b = other.post("/api/v1/tickets/1/cancel")
            self.assertEqual(st, 404, b)
            self.assertEqual(int(sql(self.db, "SELECT count(*) FROM enterprise_tickets")[0][0]), n)

    def test_lists_jurisdiction_and_the_history(self):
        with session(self.db, NOW, "enterprise", "specialist", "jiangsulu", "spec2", "ent2",
                     "otherstreet") as (s, ent, spec, street, spec2, ent2, other):
            st, h, a = self.open_ticket(ent, self.maker, {"kind": "supplies"})
            st, h, b = self.open_ticket(spec2, self.canteen, {"kind": "permits"})
            self.assertEqual((st, b["where"], b["assignee"]), (201, "", "spec2"), b)
            st, h, c = self.open_ticket(ent2, self.parts, {"kind": "other"})
            self.assertEqual((st, c["assignee"]), (201, None), c)  # no specialist assigned

            def ids(client, query=""):
                st, h, page = client.get("/api/v1/tickets?limit=500" + query)
                self.assertEqual(st, 200, page)
                return {t["id"] for t in page["items"]}
            self.assertIn(a["id"], ids(spec))
            self.assertFalse({b["id"], c["id"]} & ids(spec))
            self.assertEqual(ids(spec2) & {a["id"], b["id"], c["id"]}, {b["id"]})
            self.assertFalse({b["id"], c["id"]} & ids(ent))
            self.assertTrue({a["id"], b["id"], c["id"]} <= ids(street))
            self.assertEqual(ids(other), set())
            self.assertIn(a["id"], ids(spec, "&kind=supplies&state=active"))
            self.assertNotIn(a["id"], ids(spec, "&kind=finance"))
            self.assertNotIn(a["id"], ids(spec, "&state=done"))
            st, h, e = spec.get("/api/v1/tickets?kind=rubbish")
            self.assertEqual((st, e["error"]["field"]), (400, "kind"))
            st, h, e = spec.get("/api/v1/tickets?state=later")
            self.assertEqual((st, e["error"]["field"]), (400, "state"))
            # One enterprise's tickets; paging.
            st, h, page = spec.get(f"/api/v1/enterprises/{self.maker}/tickets")
            self.assertEqual(st, 200, page)
            self.assertTrue(all(t["enterprise"]["id"] == self.maker for t in page["items"]))
            st, h, e = spec.get(f"/api/v1/enterprises/{self.parts}/tickets")
            self.assertEqual(st, 404, e)
            st, h, first = street.get("/api/v1/tickets?limit=1")
            self.assertEqual((len(first["items"]), bool(first["next"])), (1, True))
            st, h, rest = street.get(f"/api/v1/tickets?limit=500&cursor={first['next']}")
            self.assertEqual(len(rest["items"]) + 1, len(ids(street)))
            # A specialist's enterprises: those assigned; neither role sees residents.
            st, h, mine = spec.get("/api/v1/enterprises")
            self.assertEqual([x["id"] for x in mine["items"]], [self.maker])
            for client in (ent, spec):
                st, h, e = client.get("/api/v1/residents")
                self.assertEqual(st, 403, e)
                st, h, e = client.get("/api/v1/tasks")
                self.assertEqual(st, 403, e)
            # The history: the application and its approval, then the ticket.
            st, h, r = ent.post(f"/api/v1/enterprises/{self.maker}/status",
                                {"status": "applied", "day": "2020-03-08", "reason": "已备齐"})
            self.assertEqual(st, 200, r)
            st, h, r = street.post(f"/api/v1/enterprises/{self.maker}/status",
                                   {"status": "approved"})
            self.assertEqual(st, 200, r)
            st, h, r = spec.post(f"/api/v1/tickets/{a['id']}/accept")
            self.assertEqual(st, 200, r)
            st, h, hist = spec.get(f"/api/v1/enterprises/{self.maker}/history")
            self.assertEqual(st, 200, hist)
            seen = [(i["what"], i["event"]) for i in hist["items"]]
            for step in (("status", "applied"), ("status", "approved"),
                         ("ticket", "created"), ("ticket", "accepted")):
                self.assertIn(step, seen)
            self.assertLess(seen.index(("ticket", "created")), seen.index(("ticket", "accepted")))
            self.assertEqual([i["at"] for i in hist["items"]],
                             sorted(i["at"] for i in hist["items"]))
            applied = [i for i in hist["items"] if i["event"] == "applied"][0]
            self.assertEqual((applied["day"], applied["detail"], applied["by"]),
                             ("2020-03-08", "已备齐", "enterprise"))
            for client in (spec2, ent2, other):
                st, h, e = client.get(f"/api/v1/enterprises/{self.maker}/history")
                self.assertEqual(st, 404, e)

    def test_an_overdue_ticket_escalates_like_any_task(self):
        with session(self.db, NOW, "enterprise") as (s, ent):
            st, h, t = self.open_ticket(ent, self.maker, {"kind": "supplies",
                                                          "deadline": "2020-03-09T12:00"})
            self.assertEqual(st, 201, t)
        sweep(self.db, "2020-03-10T13:00")
        got = sql(self.db, f"SELECT count(*) FROM task_events WHERE task = {t['id']} "
                           "AND kind = 'escalated'")
        self.assertGreater(int(got[0][0]), 0)
        with session(self.db, "2020-03-10T13:00", "jiangsulu") as (s, street):
            st, h, task = street.get(f"/api/v1/tickets?state=active&limit=500")
            mine = [x for x in task["items"] if x["id"] == t["id"]][0]
            self.assertEqual((mine["overdue"], mine["escalation"]), (True, "district"))


if __name__ == "__main__":
    unittest.main()
