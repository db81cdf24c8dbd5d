"""The demo written in batches (issue 20: `cordon init --demo` on Citus):
staff and their deployments, and the enterprises' days, go to the database
as multi-row statements, a few hundred rows each. What they write must be
what one statement a row wrote: each deployment belongs to its own person,
each enterprise shows its latest day, and on the PostgreSQL (and Citus)
pass the same demo on SQLite has the same rows (demo_digest.py); on Citus
that includes the campaigns' boxes taken by the bookings, which are two
statements there (store_booking_take)."""
import unittest

from harness import DEMO_TIMEOUT, ON_PG, cordon, sql, tmp_path
from demo_digest import digest

ENV = {"CORDON_TODAY": "2020-03-09", "CORDON_NOW": "2020-03-09T08:00"}
# Tables whose rows (ids included) are the same on both databases; the
# register's ids differ, PostgreSQL's bulk path taking them in ranges.
SAME_ROWS = ["staff", "deployments", "home_units", "duty_posts", "teams", "team_members",
             "campaigns", "campaign_points", "campaign_point_days",
             "enterprise_days"]


def demo(db):
    rc, out, err = cordon("init", "--demo", "--demo-per-committee", "0", "--db", db, env=ENV,
                          timeout=DEMO_TIMEOUT)
    assert rc == 0, err
    return db


class DemoBatchesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = demo(tmp_path("demo.db"))

    def test_each_deployment_is_its_own_persons(self):
        """A person of a district's offices is sent down to a street of that
        district; ids matched to the wrong rows would break it."""
        rows = sql(self.db, "SELECT count(*), sum(CASE WHEN d.unit / 1000000 = h.unit THEN 1 ELSE 0 "
                            "END) FROM deployments d JOIN staff s ON s.id = d.staff JOIN "
                            "home_units h ON h.id = s.home_unit WHERE h.level = 'district' AND "
                            "h.unit <> 310106")
        self.assertEqual(rows[0][0], rows[0][1])
        self.assertGreater(rows[0][0], 18000)
        # One deployment a person, and each person's deployment is the one
        # made with it: ids in the same order in both tables.
        self.assertEqual(sql(self.db, "SELECT count(*) FROM staff s WHERE (SELECT count(*) FROM "
                                      "deployments d WHERE d.staff = s.id) <> 1"), [[0]])
        self.assertEqual(sql(self.db, "SELECT count(*) FROM deployments d JOIN staff s ON s.id = "
                                      "d.staff WHERE s.batch <> 1 AND d.id - s.id <> (SELECT "
                                      "min(d2.id) - min(s2.id) FROM deployments d2, staff s2)"),
                         [[0]])
        self.assertEqual(sql(self.db, "SELECT count(*) FROM staff WHERE name = '' OR phone NOT "
                                      "LIKE '139%'"), [[0]])

    def test_each_enterprise_shows_its_latest_day(self):
        rows = sql(self.db, "SELECT count(*) FROM enterprises e WHERE EXISTS (SELECT 1 FROM "
                            "enterprise_days d WHERE d.enterprise = e.id) AND (e.status, "
                            "e.staff_on_site) <> (SELECT d.status, d.staff_on_site FROM "
                            "enterprise_days d WHERE d.enterprise = e.id ORDER BY d.day DESC "
                            "LIMIT 1)")
        self.assertEqual(rows, [[0]])
        n = sql(self.db, "SELECT count(*), count(DISTINCT enterprise) FROM enterprise_days")[0]
        self.assertGreater(n[0], 10000)
        self.assertGreater(n[1], 3500)

    @unittest.skipUnless(ON_PG, "compares the pass's database with SQLite")
    def test_the_same_demo_on_sqlite(self):
        lite = digest(demo(tmp_path("demo.sqlite")))
        here = digest(self.db)
        if "resident_docs" in here:  # Citus: the document lookup, a row per resident
            self.assertEqual(here.pop("resident_docs")[0], here["residents"][0])
        self.assertEqual({t: n for t, (n, _) in here.items()},
                         {t: n for t, (n, _) in lite.items() if t in here})
        for t in SAME_ROWS:
            self.assertEqual(here[t], lite[t], t)


if __name__ == "__main__":
    unittest.main()
