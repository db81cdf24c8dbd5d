"""The demo's rest of return to work (issue 16): the Lingang new area
(临港新片区: 南汇新城镇, 泥城镇, 书院镇, 万祥镇 of 浦东新区) with 300 service
specialists matched in advance to its 600 enterprises, one specialist per
enterprise and two enterprises per specialist, each of whom sees exactly its
own and nothing of the resident register; and the vehicle maker of
虹梅路街道 with its 8 suppliers as one resume-together group waiting for
the two closed ones."""
import unittest

from harness import Server, sql
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


if __name__ == "__main__":
    unittest.main()
