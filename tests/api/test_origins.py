"""High-risk origins (issue 13, item 9): city and district accounts keep a
table of patterns (a region's name or code as checkpoints write it) and the
quarantine each calls for (`POST /api/v1/origins`, `GET`, `POST
/api/v1/origins/{id}/delete`); every hand-over carries `quarantine_offer`,
the quarantine its traveller's arrival calls for from the day of arrival
(the longest pattern found in the origin; a traveller from abroad with no
rule: home, 14 days; otherwise null), so the committee accepts and
quarantines in one click — the case opened with the offer's kind, from and
until."""
import unittest

from harness import sql
from checkpoint_helpers import login, make_station_world, server_at, traveller

NOW = "2020-03-09T10:00"


class OriginsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.posts = make_station_world()

    def test_rules_and_the_offer_of_a_handover(self):
        with server_at(self.db, NOW) as s:
            district, admin, street, q, sw = (login(s, n) for n in
                                              ("changning", "admin", "jiangsulu", "qishan", "sw"))
            n = sql(self.db, "SELECT count(*) FROM origins")[0][0]
            # Who may edit, and what is refused (nothing written).
            for c, body, status, field in (
                    (street, {"pattern": "湖北", "kind": "home", "days": 14}, 403, None),
                    (q, {"pattern": "湖北", "kind": "home", "days": 14}, 403, None),
                    (district, {"pattern": "湖北", "kind": "none", "days": 14}, 400, "kind"),
                    (district, {"pattern": "湖北", "kind": "home", "days": 0}, 400, "days"),
                    (district, {"pattern": "湖北", "kind": "home", "days": 61}, 400, "days"),
                    (district, {"pattern": " ", "kind": "home", "days": 14}, 400, "pattern"),
                    (district, {"kind": "home", "days": 14}, 400, "pattern")):
                st, h, r = c.post("/api/v1/origins", body)
                self.assertEqual(st, status, (body, r))
                if field:
                    self.assertEqual(r["error"]["field"], field, r)
            self.assertEqual(sql(self.db, "SELECT count(*) FROM origins")[0][0], n)
            st, h, hubei = district.post("/api/v1/origins", {"pattern": "湖北", "kind": "home",
                                                             "days": 14, "note": "全省"})
            self.assertEqual(st, 201, hubei)
            st, h, wuhan = admin.post("/api/v1/origins", {"pattern": "武汉", "kind": "central",
                                                          "days": 14})
            self.assertEqual(st, 201, wuhan)
            st, h, r = admin.post("/api/v1/origins", {"pattern": "武汉", "kind": "home",
                                                      "days": 7})
            self.assertEqual((st, r["error"]["code"]), (409, "duplicate"), r)
            st, h, page = q.get("/api/v1/origins")
            self.assertEqual(st, 200, page)
            self.assertEqual([(i["pattern"], i["kind"], i["days"]) for i in page["items"]],
                             [("湖北", "home", 14), ("武汉", "central", 14)])
            self.assertEqual(login(s, "checkpoint").get("/api/v1/origins")[0], 403)
            # Offers: 武汉 (the longest pattern) over 湖北; abroad; none.
            cases = {}
            for seq, kw in ((1, {"origin": "湖北武汉"}), (2, {"origin": "湖北黄冈"}),
                            (3, {"origin": "日本东京", "abroad": True}),
                            (4, {"origin": "浙江杭州"})):
                st, h, sc = sw.post("/api/v1/screenings", traveller(seq, **kw))
                self.assertEqual(st, 201, sc)
                cases[seq] = sc["handover"]["id"]
            st, h, one = q.get(f"/api/v1/handovers/{cases[1]}")
            self.assertEqual(one["quarantine_offer"],
                             {"kind": "central", "days": 14, "from": "2020-03-09",
                              "until": "2020-03-22", "rule": wuhan["id"], "pattern": "武汉"})
            st, h, two = q.post(f"/api/v1/handovers/{cases[2]}/accept", {})
            self.assertEqual(st, 200, two)
            self.assertEqual((two["quarantine_offer"]["kind"], two["quarantine_offer"]["pattern"]),
                             ("home", "湖北"))
            st, h, three = q.get(f"/api/v1/handovers/{cases[3]}")
            self.assertEqual(three["quarantine_offer"],
                             {"kind": "home", "days": 14, "from": "2020-03-09",
                              "until": "2020-03-22", "rule": None, "pattern": ""})
            st, h, four = q.get(f"/api/v1/handovers/{cases[4]}")
            self.assertIsNone(four["quarantine_offer"])
            # One click: the offer as the case's body.
            o = two["quarantine_offer"]
            st, h, case = q.post("/api/v1/quarantines", {"resident": two["resident"],
                                                         "kind": o["kind"], "from": o["from"],
                                                         "until": o["until"]})
            self.assertEqual(st, 201, case)
            # A rule deleted: 湖北黄冈 has none any more; deleting twice is 404.
            self.assertEqual(q.post(f"/api/v1/origins/{hubei['id']}/delete")[0], 403)
            st, h, r = district.post(f"/api/v1/origins/{hubei['id']}/delete")
            self.assertEqual((st, r["pattern"]), (200, "湖北"), r)
            self.assertEqual(district.post(f"/api/v1/origins/{hubei['id']}/delete")[0], 404)
            st, h, two = q.get(f"/api/v1/handovers/{cases[2]}")
            self.assertIsNone(two["quarantine_offer"])
            for c in (district, admin, street, q, sw):
                c.close()


if __name__ == "__main__":
    unittest.main()
