"""Masks by reservation, the rest (issue 15), over the API, with the clock
moved by CORDON_NOW: boxes not collected by the end of their pickup window
go back on the server's tick (first come: to stock; draw: to the next
households in the seeded draw order, the same ones on every run); pickup
points serve on their days and hours and hand out at most their daily
boxes; a campaign may take only some colours. Runs on SQLite and, on the
PostgreSQL pass, on PostgreSQL."""
import unittest

from harness import cordon, sql
from api_helpers import JIANGSU, QISHAN
from tasks_helpers import ZHANG_WEI, make_task_world, resident_ids, session
from test_supplies import NOW, add_households, campaign


class PickupWindowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.homes = add_households(cls.db, 60, "W")

    def count(self, table, where="1 = 1"):
        return sql(self.db, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]

    def test_first_come_boxes_go_back_to_stock(self):
        h = self.homes[0:4]
        with session(self.db, NOW, "qishan") as (s, q):
            st, _, c = q.post("/api/v1/campaigns", campaign(
                stock=3, pickup_days=1, points=[{"name": "药房", "stock": 3}]))
            self.assertEqual((st, c["pickup_days"]), (201, 1), c)
            cid = c["id"]
            codes = []
            for hh in h[0:3]:
                st, _, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": hh})
                self.assertEqual((st, b["pick_by"]), (201, "2020-03-09"), b)
                codes.append(b["code"])
            st, _, e = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h[3]})
            self.assertEqual(st, 410, e)
            st, _, p = q.post("/api/v1/pickups", {"code": codes[0]})
            self.assertEqual(st, 200, p)
        # The next day, the tick has put the two uncollected boxes back.
        with session(self.db, "2020-03-10T09:00", "qishan") as (s, q):
            st, _, c = q.get(f"/api/v1/campaigns/{cid}")
            self.assertEqual((c["counts"]["lapsed"], c["counts"]["allocated"],
                              c["counts"]["picked_up"], c["remaining"],
                              c["points"][0]["allocated"]), (2, 0, 1, 2, 1), c)
            st, _, e = q.post("/api/v1/pickups", {"code": codes[1]})
            self.assertEqual((st, e["error"]["code"]), (409, "pickup_lapsed"), e)
            # The box is bookable again (the booking window is still open).
            st, _, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h[3]})
            self.assertEqual((st, b["state"], b["pick_by"]), (201, "allocated", "2020-03-10"), b)
        self.assertEqual(self.count("bookings", f"campaign = {cid} AND state = 4"), 2)

    def test_pickup_after_the_window_before_the_tick_is_refused(self):
        with session(self.db, NOW, "qishan") as (s, q):
            st, _, c = q.post("/api/v1/campaigns", campaign(stock=2, pickup_days=1))
            st, _, b = q.post(f"/api/v1/campaigns/{c['id']}/bookings",
                              {"household": self.homes[10]})
            self.assertEqual(st, 201, b)
        # The CLI does not run the tick: the booking is still allocated.
        rc, out, err = cordon("campaign", "pickup", "--code", b["code"], "--db", self.db,
                              env={"CORDON_NOW": "2020-03-10T09:00"})
        self.assertNotEqual(rc, 0)
        self.assertIn("had to be collected", err)
        self.assertEqual(self.count("bookings", f"id = {b['id']} AND state = 1"), 1)
        rc, out, err = cordon("campaign", "lapse", "--db", self.db,
                              env={"CORDON_NOW": "2020-03-10T09:00"})
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.count("bookings", f"id = {b['id']} AND state = 4"), 1)

    def test_draw_passes_boxes_to_the_next_drawn_in_order(self):
        runs = []
        for run, homes in enumerate((self.homes[20:28], self.homes[30:38])):
            with session(self.db, NOW, "qishan") as (s, q):
                st, _, c = q.post("/api/v1/campaigns", campaign(
                    allocation="draw", stock=2, pickup_days=1, opens="2020-03-09",
                    closes="2020-03-09"))
                cid = c["id"]
                for hh in homes:
                    st, _, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": hh})
                    self.assertEqual(st, 201, b)
            with session(self.db, "2020-03-10T09:00", "qishan") as (s, q):
                st, _, d = q.post(f"/api/v1/campaigns/{cid}/draw", {"seed": "77"})
                self.assertEqual((st, d["counts"]["allocated"], d["counts"]["not_drawn"]),
                                 (200, 2, 6), d)
            order = [r[0] for r in sql(self.db, f"SELECT household FROM bookings WHERE "
                                                f"campaign = {cid} ORDER BY draw_rank")]
            code = sql(self.db, f"SELECT code FROM bookings WHERE campaign = {cid} "
                                f"AND draw_rank = 1")[0][0]
            with session(self.db, "2020-03-10T10:00", "qishan") as (s, q):
                st, _, p = q.post("/api/v1/pickups", {"code": code})
                self.assertEqual(st, 200, p)
            # The second winner did not come: its box goes to rank 3.
            with session(self.db, "2020-03-11T09:00", "qishan") as (s, q):
                st, _, c = q.get(f"/api/v1/campaigns/{cid}")
                self.assertEqual((c["counts"]["lapsed"], c["counts"]["allocated"],
                                  c["counts"]["picked_up"], c["counts"]["not_drawn"],
                                  c["remaining"]), (1, 1, 1, 5, 0), c)
            # Nobody came on the 11th either: rank 4 on the 12th.
            with session(self.db, "2020-03-12T09:00", "qishan") as (s, q):
                st, _, c = q.get(f"/api/v1/campaigns/{cid}")
                self.assertEqual((c["counts"]["lapsed"], c["counts"]["allocated"]), (2, 1), c)
            held = sql(self.db, f"SELECT draw_rank, state, pick_by FROM bookings WHERE "
                                f"campaign = {cid} ORDER BY draw_rank")
            self.assertEqual([r[1] for r in held], [2, 4, 4, 1, 3, 3, 3, 3], held)
            self.assertEqual(held[3][2] - held[2][2], 1, held)
            runs.append([homes.index(hh) for hh in order])
        # The same entries and seed: the same order, so the same households.
        self.assertEqual(runs[0], runs[1])

    def test_a_drawn_household_on_delivery_gets_its_task(self):
        with session(self.db, NOW, "qishan") as (s, q):
            hh = resident_ids(q)[ZHANG_WEI][1]
            st, _, body = q.post(f"/api/v1/households/{hh}/quarantine",
                                 {"kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, body)
            st, _, c = q.post("/api/v1/campaigns", campaign(
                allocation="draw", stock=1, opens="2020-03-09", closes="2020-03-09"))
            st, _, b = q.post(f"/api/v1/campaigns/{c['id']}/bookings", {"household": hh})
            self.assertEqual((st, b["delivery"], b.get("task")), (201, True, None), b)
        before = self.count("tasks", f"household = {hh} AND title LIKE '送货上门%'")
        with session(self.db, "2020-03-10T09:00", "qishan") as (s, q):
            st, _, d = q.post(f"/api/v1/campaigns/{c['id']}/draw", {"seed": "1"})
            self.assertEqual((st, d["counts"]["allocated"], d["counts"]["delivery"]), (200, 1, 1), d)
        self.assertEqual(self.count("tasks", f"household = {hh} AND title LIKE '送货上门%'"),
                         before + 1)


class PointAndColourTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.homes = add_households(cls.db, 10, "K")

    def test_point_days_hours_and_daily_stock(self):
        point = {"name": "益丰大药房", "stock": 5, "daily": 1, "hours": "08:00-12:00",
                 "days": [1, 2, 3, 4, 5]}
        with session(self.db, NOW, "qishan") as (s, q):  # a Monday, 10:00
            for bad, field in (({"hours": "12:00-08:00"}, "points.hours"),
                               ({"hours": "8-12"}, "points.hours"),
                               ({"days": [0]}, "points.days"),
                               ({"daily": -1}, "points.daily")):
                st, _, e = q.post("/api/v1/campaigns",
                                  campaign(points=[dict(point, **bad)]))
                self.assertEqual((st, e["error"]["field"]), (400, field), (bad, e))
            st, _, c = q.post("/api/v1/campaigns", campaign(points=[point]))
            self.assertEqual((st, c["points"][0]["hours"], c["points"][0]["days"],
                              c["points"][0]["daily"]), (201, "08:00-12:00", [1, 2, 3, 4, 5], 1),
                             c)
            codes = []
            for hh in self.homes[0:3]:
                st, _, b = q.post(f"/api/v1/campaigns/{c['id']}/bookings", {"household": hh})
                self.assertEqual(st, 201, b)
                codes.append(b["code"])
            st, _, p = q.post("/api/v1/pickups", {"code": codes[0]})
            self.assertEqual(st, 200, p)
            st, _, e = q.post("/api/v1/pickups", {"code": codes[1]})
            self.assertEqual((st, e["error"]["code"]), (409, "daily_stock_gone"), e)
        for now in ("2020-03-10T13:00", "2020-03-14T10:00"):  # after hours; a Saturday
            with session(self.db, now, "qishan") as (s, q):
                st, _, e = q.post("/api/v1/pickups", {"code": codes[1]})
                self.assertEqual((st, e["error"]["code"]), (409, "point_closed"), (now, e))
        with session(self.db, "2020-03-10T08:00", "qishan") as (s, q):
            st, _, p = q.post("/api/v1/pickups", {"code": codes[1]})
            self.assertEqual(st, 200, p)
        self.assertEqual(sql(self.db, f"SELECT state FROM bookings WHERE code = '{codes[2]}'"),
                         [[1]])

    def test_colours(self):
        red, green = self.homes[5], self.homes[6]
        for hh, colour in ((red, 0), (red, 3), (green, 3)):
            sql(self.db, f"INSERT INTO residents (name, doc_type, doc_no, household, committee, "
                         f"district, colour, updated_at) SELECT 'x', doc_type, doc_no || '{hh}{colour}', "
                         f"{hh}, committee, district, {colour}, 0 FROM residents "
                         f"WHERE committee = {QISHAN} LIMIT 1")
        with session(self.db, NOW, "qishan") as (s, q):
            st, _, e = q.post("/api/v1/campaigns", campaign(colours=["red"],
                                                            exclude_colours=["red"]))
            self.assertEqual((st, e["error"]["field"]), (400, "exclude_colours"), e)
            st, _, e = q.post("/api/v1/campaigns", campaign(colours=["pink"]))
            self.assertEqual((st, e["error"]["field"]), (400, "colours"), e)
            st, _, only = q.post("/api/v1/campaigns", campaign(colours=["red", "橙"]))
            self.assertEqual((st, only["colours"]), (201, ["red", "orange"]), only)
            st, _, but = q.post("/api/v1/campaigns", campaign(exclude_colours=["red", "orange"]))
            self.assertEqual((st, but["colours"]), (201, ["yellow", "green", "blue", "purple"]),
                             but)
            for cid, hh, want in ((only["id"], red, 201), (only["id"], green, 400),
                                  (only["id"], self.homes[7], 400), (but["id"], red, 400),
                                  (but["id"], green, 201)):
                st, _, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": hh})
                self.assertEqual(st, want, (cid, hh, b))
                if want == 400:
                    self.assertEqual(b["error"]["code"], "not_eligible", b)
            self.assertEqual(sql(self.db, f"SELECT count(*) FROM bookings WHERE campaign IN "
                                          f"({only['id']}, {but['id']})")[0][0], 2)


class CampaignListTest(unittest.TestCase):
    def test_list_pages_and_counts_by_unit(self):
        db = make_task_world()
        homes = add_households(db, 3, "L")
        with session(db, NOW, "qishan", "grid1", "jiangsu", "viewer") as (s, q, g1, j, v):
            ids = []
            for item in ("口罩", "酒精"):
                st, _, c = q.post("/api/v1/campaigns", campaign(item=item))
                self.assertEqual(st, 201, c)
                ids.append(c["id"])
            st, _, other = j.post("/api/v1/campaigns", campaign(unit=JIANGSU))
            self.assertEqual(st, 201, other)
            for hh in homes[:2]:
                st, _, b = q.post(f"/api/v1/campaigns/{ids[1]}/bookings", {"household": hh})
                self.assertEqual(st, 201, b)
            st, _, page = q.get("/api/v1/campaigns?limit=1")
            self.assertEqual((st, [c["id"] for c in page["items"]]), (200, [ids[1]]), page)
            self.assertEqual(page["items"][0]["counts"]["booked"], 2)
            self.assertEqual(page["items"][0]["units"],
                             [{"unit": QISHAN, "booked": 2, "allocated": 2, "picked_up": 0,
                               "delivery": 0, "delivered": 0}])
            st, _, page = q.get(f"/api/v1/campaigns?limit=1&cursor={page['next']}")
            self.assertEqual(([c["id"] for c in page["items"]], page["next"]), ([ids[0]], None))
            # A grid worker sees its committee's; another committee only its own.
            st, _, page = g1.get("/api/v1/campaigns")
            self.assertEqual([c["id"] for c in page["items"]], ids[::-1])
            st, _, page = j.get("/api/v1/campaigns")
            self.assertEqual([c["id"] for c in page["items"]], [other["id"]])
            st, _, e = j.get(f"/api/v1/campaigns?unit={QISHAN}")
            self.assertEqual(st, 404, e)
            st, _, e = v.get("/api/v1/campaigns")  # the viewer sees counts, not the register
            self.assertEqual(st, 403, e)


if __name__ == "__main__":
    unittest.main()
