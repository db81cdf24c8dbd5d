"""The return-to-work dashboards (issue 16): resumption by street, park,
building and industry (by count, staff and output) and the enterprises
above an output threshold, each recounted here from the fixture and the
statuses set; the open problem tickets by kind and age; bad input and
jurisdiction."""
import unittest

from harness import sql
from api_helpers import DISTRICT, OTHER_STREET, QISHAN, STREET
from tasks_helpers import session
from test_enterprises import BUILDING, FIXTURE, PARK, credit_code, enterprise_world, ok

NOW = "2020-03-09T10:00"
OPEN = {1: ("fully_open", 1000), 2: ("partly_open", 100), 6: ("fully_open", 400)}


class EnterpriseDashboardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        db, ids = enterprise_world("dashboard-enterprises.csv")
        cls.db, cls.ids = db, ids
        cls.place = {name: int(i) for i, name in sql(db, "SELECT id, name FROM places")}

    def set_open(self):
        for n in OPEN:
            ok("enterprise", "owner", str(self.ids[credit_code(n)]), "--account", "enterprise",
               "--db", self.db)
        with session(self.db, NOW, "enterprise", "jiangsulu") as (s, ent, street):
            for n, (status, on_site) in OPEN.items():
                eid = self.ids[credit_code(n)]
                for c, st, site in ((ent, "applied", None), (street, "approved", None),
                                    (ent, status, on_site)):
                    body = {"status": st} if site is None else {"status": st,
                                                               "staff_on_site": site}
                    r = c.post(f"/api/v1/enterprises/{eid}/status", body)
                    assert r[0] == 200, r

    def recount(self, key_of):
        groups = {}
        for name, n, industry, staff, output, park, building in FIXTURE:
            key = key_of(park, building, industry)
            g = groups.setdefault(key, [0, 0, 0, 0, 0, 0])
            status, site = OPEN.get(n, ("closed", 0))
            out = round(output)
            g[0] += 1
            g[2] += staff
            g[4] += out
            if status in ("partly_open", "fully_open"):
                g[1] += 1
                g[3] += site
                g[5] += out
        return groups

    def test_breakdowns_recounted_and_tickets_by_kind(self):
        self.set_open()
        with session(self.db, NOW, "jiangsulu", "changning", "otherstreet", "qishan",
                     "specialist") as (s, street, district, other, committee, spec):
            place_key = {"": "-", PARK: str(self.place[PARK]), BUILDING: str(self.place[BUILDING])}
            for by, key_of in (("park", lambda p, b, i: place_key[p]),
                               ("building", lambda p, b, i: place_key[b]),
                               ("industry", lambda p, b, i: i),
                               ("street", lambda p, b, i: STREET)):
                st, h, r = street.get(f"/api/v1/units/{STREET}/resumption/breakdown?by={by}")
                self.assertEqual(st, 200, r)
                got = {g["key"]: [g["enterprises"]["total"], g["enterprises"]["open"],
                                  g["staff"]["total"], g["staff"]["on_site"],
                                  g["output"]["total"], g["output"]["open"]]
                       for g in r["groups"]}
                self.assertEqual(got, self.recount(key_of), by)
            # The district's breakdown by street is the street's figures.
            st, h, r = district.get(f"/api/v1/units/{DISTRICT}/resumption/breakdown?by=street")
            self.assertEqual([g["key"] for g in r["groups"]], [STREET])
            # Large enterprises: the default threshold (50,000 万元) and another.
            for threshold in (None, 1000, 10 ** 9):
                q = "" if threshold is None else f"?threshold={threshold}"
                st, h, r = street.get(f"/api/v1/units/{STREET}/resumption/breakdown{q}")
                limit = 50000 if threshold is None else threshold
                want = sorted(credit_code(n) for name, n, i, staff, out, p, b in FIXTURE
                              if round(out) >= limit)
                self.assertEqual(sorted(x["credit_code"] for x in r["large"]["items"]), want)
                self.assertEqual(r["large"]["threshold"], limit)
            self.assertEqual(r["large"]["items"], [])  # nothing above 10^9
            st, h, r = street.get(f"/api/v1/units/{STREET}/resumption/breakdown")
            maker = [x for x in r["large"]["items"] if x["credit_code"] == credit_code(1)][0]
            self.assertEqual((maker["status"], maker["staff_on_site"]), ("fully_open", 1000))
            # Bad input and jurisdiction.
            st, h, r = street.get(f"/api/v1/units/{STREET}/resumption/breakdown?by=colour")
            self.assertEqual((st, r["error"]["field"]), (400, "by"))
            st, h, r = street.get(f"/api/v1/units/{QISHAN}/resumption/breakdown")
            self.assertEqual((st, r["error"]["field"]), (400, "code"))
            st, h, r = other.get(f"/api/v1/units/{STREET}/resumption/breakdown")
            self.assertEqual(st, 404, r)
            for c in (committee, spec):
                st, h, r = c.get(f"/api/v1/units/{STREET}/resumption/breakdown")
                self.assertEqual(st, 403, r)
                st, h, r = c.get(f"/api/v1/units/{STREET}/tickets/summary")
                self.assertEqual(st, 403, r)
        # Tickets by kind and age: two today, one opened three days ago.
        ok("enterprise", "assign", str(self.ids[credit_code(1)]), "--account", "specialist",
           "--db", self.db)
        opened = []
        for now, kind in (("2020-03-06T09:00", "permits"), (NOW, "permits"), (NOW, "finance")):
            with session(self.db, now, "specialist") as (s, spec):
                st, h, t = spec.post(f"/api/v1/enterprises/{self.ids[credit_code(1)]}/tickets",
                                     {"kind": kind})
                self.assertEqual(st, 201, t)
                opened.append(t["id"])
        with session(self.db, NOW, "specialist", "jiangsulu") as (s, spec, street):
            spec.post(f"/api/v1/tickets/{opened[1]}/accept")
            st, h, r = street.get(f"/api/v1/units/{STREET}/tickets/summary")
            self.assertEqual(st, 200, r)
            k = {x["kind"]: x for x in r["kinds"]}
            self.assertEqual((k["permits"]["open"], k["permits"]["accepted"],
                              k["permits"]["overdue"]), (1, 1, 1))
            self.assertEqual(k["permits"]["age"], {"under_1d": 1, "1d_3d": 0, "over_3d": 1})
            self.assertEqual((k["finance"]["open"], k["finance"]["age"]["under_1d"]), (1, 1))
            self.assertEqual(sum(x["open"] + x["accepted"] for x in r["kinds"]), 3)
            st, h, r = street.get(f"/api/v1/units/{OTHER_STREET}/tickets/summary")
            self.assertEqual(st, 404, r)


if __name__ == "__main__":
    unittest.main()
