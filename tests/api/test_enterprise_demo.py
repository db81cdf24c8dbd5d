"""The demo's rest of return to work (issue 16): the Lingang new area
(临港新片区: 南汇新城镇, 泥城镇, 书院镇, 万祥镇 of 浦东新区) with 300 service
specialists matched in advance to its 600 enterprises, one specialist per
enterprise and two enterprises per specialist, each of whom sees exactly its
own and nothing of the resident register; and the vehicle maker of
虹梅路街道 with its 8 suppliers as one resume-together group waiting for
the two closed ones."""
import unittest

from harness import Server, cordon, sql
from api_helpers import Client
from test_cadre_day import DEMO_ENV, demo_db

LINGANG = {"310115145", "310115140", "310115142", "310115143"}


class EnterpriseDemoTest(unittest.TestCase):
    def test_lingang_specialists_and_the_makers_group(self):
        db = demo_db()
        rows = sql(db, "SELECT a.name, count(*) FROM enterprise_specialists s JOIN accounts a "
                       "ON a.id = s.account WHERE a.name LIKE 'lingang%' GROUP BY a.name")
        self.assertEqual(len(rows), 300)
        self.assertEqual({int(n) for _, n in rows}, {2})
        per = sql(db, "SELECT s.enterprise, count(*) FROM enterprise_specialists s JOIN "
                      "enterprises e ON e.id = s.enterprise WHERE e.district = 310115 "
                      "GROUP BY s.enterprise")
        self.assertEqual((len(per), {int(n) for _, n in per}), (600, {1}))
        with Server(db, env=DEMO_ENV) as s:
            c = Client(s.port)
            st, h, b = c.login("lingang123", "demo-lingang")
            self.assertEqual(st, 200, b)
            st, h, page = c.get("/api/v1/enterprises")
            self.assertEqual(len(page["items"]), 2, page)
            self.assertTrue({e["street"] for e in page["items"]} <= LINGANG)
            st, h, b = c.get("/api/v1/residents")
            self.assertEqual(st, 403, b)
            other = sql(db, "SELECT s.enterprise FROM enterprise_specialists s JOIN accounts a "
                            "ON a.id = s.account WHERE a.name = 'lingang124'")[0][0]
            st, h, b = c.get(f"/api/v1/enterprises/{other}")
            self.assertEqual(st, 404, b)
            c.close()
            c = Client(s.port)
            st, h, b = c.login("specialist", "demo-specialist")
            st, h, page = c.get("/api/v1/enterprises?limit=1000")
            maker = [e for e in page["items"] if e["name"] == "漕河泾整车制造有限公司"][0]
            st, h, ch = c.get(f"/api/v1/enterprises/{maker['id']}/chain")
            self.assertEqual((len(ch["group"]["members"]), ch["group"]["waiting"]), (9, 2))
            c.close()

    def test_a_day_of_building_entries_in_hongmei_road(self):
        """`cordon demo entries`: about 300,000 workers enter the street's parks
        and buildings today, by their staff, once each; keyed like the door's
        (a demo worker entering again is not counted twice); a second run adds
        nothing."""
        db = demo_db()
        rc, out, err = cordon("demo", "entries", "--db", db, env=DEMO_ENV)
        self.assertEqual(rc, 0, err)
        n, workers, fevers = sql(db, "SELECT count(*), count(DISTINCT worker), sum(fever) FROM "
                                     "building_entries WHERE street = 310104012")[0]
        self.assertIn(f"{n} building entries", out)
        self.assertTrue(299000 <= int(n) <= 300000, n)
        self.assertEqual(workers, n)
        self.assertTrue(0 < int(fevers) < int(n) // 100, fevers)
        with Server(db, env=DEMO_ENV) as s:
            c = Client(s.port)
            st, h, b = c.login("hongmeilu", "demo-hongmeilu")
            self.assertEqual(st, 200, b)
            st, h, r = c.get("/api/v1/units/310104012/entries")
            self.assertEqual((st, r["on_site"] + r["fevers"], r["fevers"]), (200, n, fevers), r)
            self.assertEqual(len(r["places"]), 200)
            for p in r["places"][:20]:  # by the staff the register puts there
                self.assertAlmostEqual(p["on_site"] + p["fevers"],
                                       p["normal"] * 300000 / r["normal"], delta=2)
            place = r["places"][0]["id"]
            st, h, b = c.post(f"/api/v1/places/{place}/entries",
                              {"worker": "W000000005", "temperature": 36.5})
            self.assertEqual((st, b["counted"]), (200, False), b)
            c.close()
        rc, out, err = cordon("demo", "entries", "--db", db, env=DEMO_ENV)
        self.assertEqual((rc, "no entries added" in out), (0, True), out + err)
        self.assertEqual(sql(db, "SELECT count(*) FROM building_entries")[0][0], n)


if __name__ == "__main__":
    unittest.main()
