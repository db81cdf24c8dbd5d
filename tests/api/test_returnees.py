"""Returning staff (issue 16): an enterprise's application carries its
prevention checklist and its staff returning from outside the city; each
returnee becomes a pending hand-over to its home committee in the same
transaction (one bad returnee: 400 naming returnees[i].field, nothing
written). The committee's inbox lists them as it lists a checkpoint's
travellers (masked, "from enterprise X"), accepting one registers the
resident, the deadline escalates it, and the enterprise sees the state of
its own returnees' hand-overs but nothing of the resident register."""
import unittest

from harness import sql
from api_helpers import JIANGSU, QISHAN, STREET
from tasks_helpers import session
from test_enterprises import NOW, credit_code, enterprise_world, ok

HANDOVER_BASE = 1000000000000


def id_number(region, birth, seq):
    """A valid mainland ID number (GB 11643: ISO 7064 MOD 11-2)."""
    body = "%s%s%03d" % (region, birth, seq)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + "10X98765432"[s % 11]


WANG = id_number("420106", "19850312", 123)   # 武汉
LI = id_number("320102", "19900101", 456)     # 南京
ZHAO = id_number("330106", "19920202", 789)


def returnee(name, doc, committee, origin="湖北省武汉市", arrival="2020-03-08"):
    return {"name": name, "document": doc, "phone": "13912345678", "origin": origin,
            "arrival": arrival, "committee": committee}


COUNTED = ("enterprise_returnees", "handovers", "handover_events", "enterprise_days",
           "enterprise_applications")


class ReturneesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.ids = db, ids = enterprise_world("returnees.csv")
        cls.maker = ids[credit_code(1)]
        cls.parts = ids[credit_code(6)]
        ok("enterprise", "owner", str(cls.maker), "--account", "enterprise", "--db", db)
        ok("enterprise", "owner", str(cls.parts), "--account", "ent2", "--db", db)

    def counts(self):
        return {t: int(sql(self.db, f"SELECT count(*) FROM {t}")[0][0]) for t in COUNTED}

    def test_reapplying_keeps_each_returnee_one_hand_over(self):
        """Returned by the street and made again, an application names the
        same people: each keeps its hand-over; a new person gets one."""
        first = {"status": "applied", "returnees": [returnee("赵敏", ZHAO, QISHAN)]}
        again = {"status": "applied", "returnees": [returnee("赵敏", ZHAO, QISHAN),
                                                    returnee("李秀英", LI, QISHAN)]}
        url = f"/api/v1/enterprises/{self.parts}/status"
        with session(self.db, NOW, "ent2", "jiangsulu", "qishan") as (s, ent2, street, qishan):
            st, h, b = ent2.post(url, first)
            self.assertEqual(st, 200, b)
            [zhao] = b["handovers"]
            before = self.counts()
            st, h, b = street.post(url, {"status": "closed", "reason": "食堂间隔不足"})
            self.assertEqual(st, 200, b)
            st, h, b = ent2.post(url, again)
            self.assertEqual(st, 200, b)
            self.assertEqual(b["handovers"][0], zhao)
            self.assertNotEqual(b["handovers"][1], zhao)
            after = self.counts()
            self.assertEqual(after["handovers"], before["handovers"] + 1)
            self.assertEqual(after["enterprise_returnees"], before["enterprise_returnees"] + 1)
            st, h, inbox = qishan.get("/api/v1/handovers")
            self.assertEqual(st, 200, inbox)
            self.assertEqual([x["id"] for x in inbox["items"]].count(zhao), 1)

    def test_returnees_become_hand_overs_the_committee_accepts(self):
        body = {"status": "applied", "checklist": {"door_checks": True, "masks": 2000,
                                                   "canteen": True},
                "returnees": [returnee("王建国", WANG, QISHAN),
                              returnee("李秀英", LI, JIANGSU, origin="江苏省南京市")]}
        with session(self.db, NOW, "enterprise", "qishan", "ent2", "changning") as (
                s, ent, qishan, ent2, district):
            st, h, b = ent.post(f"/api/v1/enterprises/{self.maker}/status", body)
            self.assertEqual((st, b["status"]), (200, "applied"), b)
            self.assertEqual(len(b["handovers"]), 2)
            wang, li = b["handovers"]
            self.assertGreater(wang, HANDOVER_BASE)
            self.assertEqual(sql(self.db, "SELECT door_checks, masks, canteen FROM "
                                 f"enterprise_applications WHERE enterprise = {self.maker}"),
                             [[1, 2000, 1]])
            # Qishan's inbox: Wang, from the enterprise, masked; not Li.
            st, h, inbox = qishan.get("/api/v1/handovers")
            self.assertEqual(st, 200, inbox)
            mine = {x["id"]: x for x in inbox["items"]}
            self.assertIn(wang, mine)
            self.assertNotIn(li, mine)
            x = mine[wang]
            self.assertEqual((x["source"], x["screening"], x["state"]),
                             ("enterprise", None, "pending"))
            self.assertEqual(x["enterprise"]["name"], "上海整车制造有限公司")
            self.assertNotEqual(x["returnee"]["name"], "王建国")
            self.assertNotEqual(x["returnee"]["document"], WANG)
            self.assertEqual(x["returnee"]["origin"], "湖北省武汉市")
            # A role that may not unmask: masked, and refused the full view.
            st, h, d = district.get("/api/v1/handovers?state=all")
            self.assertEqual(st, 200, d)
            seen = [y for y in d["items"] if y["id"] == wang]
            self.assertEqual(len(seen), 1)
            self.assertNotEqual(seen[0]["returnee"]["name"], "王建国")
            st, h, d = district.get(f"/api/v1/handovers/{wang}?unmask=1&reason=check")
            self.assertEqual(st, 403, d)
            st, h, full = qishan.get(f"/api/v1/handovers/{wang}?unmask=1&reason=check")
            self.assertEqual((st, full["returnee"]["name"], full["returnee"]["document"]),
                             (200, "王建国", WANG), full)
            # The enterprise reads no inbox and no register.
            st, h, d = ent.get(f"/api/v1/handovers?unit={QISHAN}")
            self.assertEqual(st, 403, d)
            st, h, d = ent.get(f"/api/v1/handovers/{wang}")
            self.assertEqual(st, 403, d)
            st, h, d = ent.get("/api/v1/residents")
            self.assertEqual(st, 403, d)
            # Accepting works as for a checkpoint's traveller.
            st, h, a = qishan.post(f"/api/v1/handovers/{wang}/accept", {})
            self.assertEqual((st, a["state"]), (200, "accepted"), a)
            self.assertEqual(sql(self.db, "SELECT committee FROM residents WHERE "
                                 f"doc_no = '{WANG}'"), [[int(QISHAN)]])
            # The enterprise sees its returnees' hand-overs; another does not.
            st, h, mine = ent.get(f"/api/v1/enterprises/{self.maker}/returnees")
            self.assertEqual(st, 200, mine)
            got = {r["handover"]["id"]: r for r in mine["items"]}
            self.assertEqual(got[wang]["handover"]["state"], "accepted")
            self.assertEqual((got[li]["handover"]["state"], got[li]["handover"]["unit"]),
                             ("pending", JIANGSU))
            self.assertNotEqual(got[wang]["name"], "王建国")
            st, h, d = ent2.get(f"/api/v1/enterprises/{self.maker}/returnees")
            self.assertEqual(st, 404, d)
        # Past its deadline (12 hours) the pending one is overdue, escalated.
        with session(self.db, "2020-03-09T23:00", "jiangsu") as (s, jiangsu):
            st, h, d = jiangsu.get("/api/v1/handovers?state=overdue")
            self.assertEqual(st, 200, d)
            over = [y for y in d["items"] if y["id"] == li]
            self.assertEqual(len(over), 1, d)
            self.assertEqual((over[0]["overdue"], over[0]["escalated_to"]["code"]),
                             (True, STREET))

    def test_a_bad_returnee_writes_nothing(self):
        cases = [
            ([returnee("赵敏", ZHAO, QISHAN), returnee("钱", ZHAO[:17] + "0", QISHAN)],
             "returnees[1].document"),
            ([returnee("赵敏", ZHAO, "310105002999")], "returnees[0].committee"),
            # The first is good and written before the second fails: undone.
            ([returnee("赵敏", ZHAO, QISHAN), returnee("钱", WANG, "310105002999")],
             "returnees[1].committee"),
            ([returnee("赵敏", ZHAO, STREET)], "returnees[0].committee"),
            ([returnee("赵敏", ZHAO, QISHAN, origin="上海市徐汇区")], "returnees[0].origin"),
            ([returnee("赵敏", ZHAO, QISHAN, arrival="2020-03-10")], "returnees[0].arrival"),
            ([returnee("赵敏", ZHAO, QISHAN), returnee("赵敏", ZHAO, JIANGSU)],
             "returnees[1].document"),
        ]
        before = self.counts()
        with session(self.db, NOW, "ent2") as (s, ent2):
            for rs, field in cases:
                st, h, b = ent2.post(f"/api/v1/enterprises/{self.parts}/status",
                                     {"status": "applied", "returnees": rs})
                self.assertEqual((st, b["error"]["field"]), (400, field), b)
            st, h, b = ent2.post(f"/api/v1/enterprises/{self.parts}/status",
                                 {"status": "closed", "returnees": [returnee("赵敏", ZHAO, QISHAN)]})
            self.assertEqual(b["error"]["field"], "returnees", b)
        self.assertEqual(self.counts(), before)


if __name__ == "__main__":
    unittest.main()
