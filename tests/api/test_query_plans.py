"""Issue 19: every page a committee, a grid worker, a street, a district and
the city open must read what belongs to them, not scan a table that grows
with the city. A page that answered in 3 ms on the demo took 42 s on a
generated city of 25 million: the committee dashboard's compound list
counted residents per compound through a join that scanned the whole
residents table for every compound.

The server runs with CORDON_PLAN_CHECK=1: the SQLite driver puts every
statement it prepares through EXPLAIN QUERY PLAN and logs each full scan of
a table that grows with the city (src/store/db_sqlite_plan.c). Without
ANALYZE statistics SQLite's plan depends on the schema and the SQL, not on
how many rows there are, so the demo shows the plan a city-sized database
would run. This walk opens every page of each level on the demo and fails
on any full scan a request caused, naming the statement."""
import time
import unittest
import urllib.parse

from harness import ON_PG, Server, demo_db, sql
from api_helpers import Client

TODAY = "2020-03-09"
# Counting the city's and districts' dashboards ahead (app/tasks/tally_memo.c)
# is off: its statements would be prepared by the start-up tick, whose lines
# the walk leaves out, instead of by the pages the walk opens.
ENV = {"CORDON_TODAY": TODAY, "CORDON_PLAN_CHECK": "1", "CORDON_TALLY_AHEAD": "0"}
QISHAN = "310105002002"
STREET = "310105002"
DISTRICT = "310105"
CITY = "3101"

# account -> its unit (the demo's, docs/demo.md)
WALKERS = {
    "qishan": QISHAN,
    "qishan-grid1": QISHAN + "001",
    "jiangsulu": STREET,
    "changning": DISTRICT,
    "admin": CITY,
}

UNIT_PAGES = ["dashboard", "counts", "counts/history", "counts.xlsx", "responsible",
              "staffing?date=" + TODAY, "resumption?date=" + TODAY]
LISTS = ["/api/v1/residents?unit={u}", "/api/v1/residents?unit={u}&q=" +
         urllib.parse.quote("岐山村1号1802"), "/api/v1/residents?unit={u}&q=" +
         urllib.parse.quote("王"), "/api/v1/residents?unit={u}&q=13912345678",
         "/api/v1/residents?unit={u}&q=310105198001010011", "/api/v1/compounds?unit={u}", "/api/v1/places?unit={u}",
         "/api/v1/tasks", "/api/v1/tasks?state=open", "/api/v1/quarantines",
         "/api/v1/quarantines?state=open", "/api/v1/handovers", "/api/v1/screenings?unit={u}",
         "/api/v1/orgs", "/api/v1/staff?unit={u}", "/api/v1/enterprises?unit={u}",
         "/api/v1/residents/export.csv?unit={u}"]


def first_id(body):
    items = body.get("items") if isinstance(body, dict) else None
    if not items or not isinstance(items[0], dict):
        return None
    return items[0].get("id")


def plan_lines(log):
    return [line for line in log if line.startswith("cordon: plan: ")]


@unittest.skipIf(ON_PG, "SQLite only: the plan check reads SQLite's EXPLAIN QUERY PLAN")
class CityPagesUseIndexesTest(unittest.TestCase):
    def test_no_page_scans_a_table_that_grows_with_the_city(self):
        db = demo_db(env={"CORDON_TODAY": TODAY})
        with Server(db, env=ENV) as s:
            self.assertEqual(s.get("/healthz")[0], 200)
            time.sleep(0.3)  # the start-up tick's lines reach s.log
            startup = {line.split(": ", 3)[-1] for line in plan_lines(s.log)}
            n_start = len(s.log)
            opened = self.walk(s)
            time.sleep(0.3)
            caused = [line for line in plan_lines(s.log[n_start:])
                      if line.split(": ", 3)[-1] not in startup]
        # The walk really opened pages of every kind (a walk that opened
        # nothing would pass trivially).
        self.assertGreater(opened, 80)
        self.assertEqual(caused, [], "full scans caused by pages:\n" + "".join(caused))

    def test_supplies_read_one_household_by_its_committee(self):
        """Masks by reservation at city size: a booking (a campaign that
        takes some colours only, so the household's worst colour is read
        twice), the campaign with its points' pick-ups, and the household's
        own page read that household's residents by (committee, household).
        By the household alone, one booking read the whole register of a
        city of 25 million (15 s)."""
        db = demo_db(env={"CORDON_TODAY": TODAY})
        hh = sql(db, f"SELECT h.id FROM households h WHERE h.committee = {QISHAN} AND EXISTS "
                     f"(SELECT 1 FROM residents r WHERE r.committee = h.committee AND "
                     f"r.household = h.id) ORDER BY h.id LIMIT 1")[0][0]
        with Server(db, env=ENV) as s:
            self.assertEqual(s.get("/healthz")[0], 200)
            time.sleep(0.3)  # the start-up tick's lines reach s.log
            n_start = len(s.log)
            c = Client(s.port)
            self.assertEqual(c.login("qishan", "demo-qishan")[0], 200)
            st, h, camp = c.post("/api/v1/campaigns", {
                "item": "口罩", "measure": "盒", "unit": QISHAN, "per_household": 1,
                "stock": 5, "opens": TODAY, "closes": TODAY, "allocation": "first_come",
                "colours": ["green", "yellow", "orange", "red", "blue", "purple"],
                "points": [{"name": "居委会", "stock": 5}]})
            self.assertEqual(st, 201, camp)
            st, h, b = c.post(f"/api/v1/campaigns/{camp['id']}/bookings", {"household": hh})
            self.assertEqual(st, 201, b)
            st, h, got = c.get(f"/api/v1/campaigns/{camp['id']}")
            self.assertEqual((st, got["points"][0]["allocated"]), (200, 1), got)
            st, h, link = c.post(f"/api/v1/households/{hh}/link")
            self.assertEqual(st, 201, link)
            anon = Client(s.port)
            st, h, page = anon.get("/api/v1/household/" + link["code"])
            anon.close()
            self.assertEqual(st, 200, page)
            self.assertTrue(page["members"], page)
            c.close()
            time.sleep(0.3)
            caused = plan_lines(s.log[n_start:])
        self.assertEqual(caused, [], "full scans caused by supplies:\n" + "".join(caused))

    def walk(self, s):
        """Opens every page of every walker; returns how many answered 200."""
        opened = 0
        for name, unit in WALKERS.items():
            c = Client(s.port)
            st, h, b = c.login(name, "demo-" + name)
            self.assertEqual(st, 200, (name, b))
            paths = [f"/api/v1/units/{unit}/{p}" for p in UNIT_PAGES]
            paths += [p.format(u=unit) for p in LISTS]
            if len(unit) <= 12:
                paths.append(f"/api/v1/units/{unit}/wallchart.pdf")
            for path in paths:
                st, h, body = c.get(path)
                self.assertNotEqual(st, 500, (name, path, body))
                opened += st == 200
                if st != 200 or not isinstance(body, dict):
                    continue
                opened += self.open_items(c, name, path, body)
            c.close()
        return opened

    def open_items(self, c, name, path, body):
        """Opens the first item of a list, and what hangs off it."""
        item = first_id(body)
        if item is None:
            return 0
        base = path.split("?")[0]
        if base.endswith("/export.csv") or "/units/" in base:
            return 0
        more = [f"{base}/{item}"]
        if base.endswith("/residents"):
            more += [f"{base}/{item}/history"]
            hh = body["items"][0].get("household")
            if hh:
                more.append(f"/api/v1/households/{hh}")
        if base.endswith("/compounds"):
            more += [f"{base}/{item}/map", f"{base}/{item}/wallchart.pdf"]
        if base.endswith("/enterprises"):
            more.append(f"{base}/{item}/chain")
        n = 0
        for p in more:
            st, h, b = c.get(p)
            self.assertNotEqual(st, 500, (name, p, b))
            n += st == 200
        return n


if __name__ == "__main__":
    unittest.main()
