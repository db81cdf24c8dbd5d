"""Masks by reservation over the API (issue 15): a committee opens a
campaign for its households, staff book for a household (one booking per
household, enforced by the database; 410 once the stock is gone, even
under 500 concurrent bookings on the last 100 boxes), staff hand out
against the pickup code (once), a draw campaign is drawn after its window
with a seed that reproduces it. Bad input, the window, households and
campaigns outside the scope: clear errors and nothing written. Runs on
SQLite and, on the PostgreSQL pass, on PostgreSQL."""
import http.client
import re
import subprocess
import json
import threading
import unittest

from harness import Server, cordon, sql
from xlsx_read import read_rows
from api_helpers import GRID1, GRID2, JIANGSU, QISHAN, Client
from tasks_helpers import ZHANG_WEI, login, make_task_world, resident_ids, session

NOW = "2020-03-09T10:00"  # today 2020-03-09


def campaign(**kw):
    body = {"item": "口罩", "measure": "盒", "unit": QISHAN, "per_household": 1, "stock": 5,
            "opens": "2020-03-08", "closes": "2020-03-10", "allocation": "first_come"}
    body.update(kw)
    return body


def add_households(db, n, prefix):
    """n households in a building of 岐山, rooms prefix-1..n; their ids."""
    b = sql(db, f"SELECT b.id FROM buildings b JOIN compounds c ON c.id = b.compound "
                f"WHERE c.committee = {QISHAN} ORDER BY b.id LIMIT 1")[0][0]
    sql(db, f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {n}) "
            f"INSERT INTO households (building, unit, room, committee, district) "
            f"SELECT {b}, '', '{prefix}-' || n, {QISHAN}, 310105 FROM s")
    return [r[0] for r in sql(db, f"SELECT id FROM households WHERE room LIKE '{prefix}-%' "
                                  f"ORDER BY id")]


def book_concurrently(port, q, cid, households, nthreads):
    """Books each of households (repeats allowed) for campaign cid over
    nthreads connections that start together, each taking every
    nthreads-th; the statuses, in no particular order."""
    statuses = []
    lock = threading.Lock()
    headers = {"Cookie": "cordon_session=" + q.token, "X-CSRF-Token": q.csrf,
               "Content-Type": "application/json"}
    start = threading.Barrier(nthreads)

    def worker(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        for hh in chunk:
            conn.request("POST", f"/api/v1/campaigns/{cid}/bookings",
                         body=json.dumps({"household": hh}), headers=headers)
            r = conn.getresponse()
            r.read()
            with lock:
                statuses.append((hh, r.status))
        conn.close()

    threads = [threading.Thread(target=worker, args=(households[i::nthreads],))
               for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


class SuppliesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.homes = add_households(cls.db, 520, "T")
        cls.jiangsu_home = sql(cls.db, f"SELECT id FROM households WHERE committee = {JIANGSU} "
                                       f"LIMIT 1")[0][0]

    def count(self, table, where="1 = 1"):
        return sql(self.db, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]

    def test_open_book_pick_up_counts(self):
        h1, h2 = self.homes[0], self.homes[1]
        with session(self.db, NOW, "qishan", "grid1", "viewer", "jiangsu") as (s, q, g1, v, j):
            st, h, c = q.post("/api/v1/campaigns", campaign(
                stock=3, points=[{"name": "益丰大药房", "stock": 2}, {"name": "居委会", "stock": 1}]))
            self.assertEqual(st, 201, c)
            self.assertEqual((c["remaining"], c["allocation"], c["counts"]["booked"],
                              [p["name"] for p in c["points"]]),
                             (3, "first_come", 0, ["益丰大药房", "居委会"]))
            cid = c["id"]
            st, h, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h1})
            self.assertEqual(st, 201, b)
            self.assertEqual((b["state"], b["point"], len(b["code"])),
                             ("allocated", c["points"][0]["id"], 8))
            # The same household again: 409, nothing written.
            st, h, e = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h1})
            self.assertEqual((st, e["error"]["code"]), (409, "already_booked"), e)
            self.assertEqual(self.count("bookings", f"campaign = {cid}"), 1)
            # Another committee does not see the campaign at all.
            st, h, e = j.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h2})
            self.assertEqual(st, 404, e)
            st, h, e = j.get(f"/api/v1/campaigns/{cid}")
            self.assertEqual(st, 404, e)
            # A household of another committee: 404 on the field.
            st, h, e = q.post(f"/api/v1/campaigns/{cid}/bookings",
                              {"household": self.jiangsu_home})
            self.assertEqual((st, e["error"]["field"]), (404, "household"), e)
            # The viewer may not book.
            st, h, e = v.post(f"/api/v1/campaigns/{cid}/bookings", {"household": h2})
            self.assertEqual(st, 403, e)
            # A code typed wrong, then right (lower case is fine), then twice.
            st, h, e = g1.post("/api/v1/pickups", {"code": "12"})
            self.assertEqual((st, e["error"]["code"]), (400, "bad_code"), e)
            st, h, e = g1.post("/api/v1/pickups", {"code": "ZZZZZZZZ"})
            self.assertEqual((st, e["error"]["field"]), (404, "code"), e)
            st, h, p = q.post("/api/v1/pickups", {"code": b["code"].lower()})
            self.assertEqual((st, p["state"], p["item"]), (200, "picked_up", "口罩"), p)
            st, h, e = q.post("/api/v1/pickups", {"code": b["code"]})
            self.assertEqual((st, e["error"]["code"]), (409, "already_picked"), e)
            st, h, c = q.get(f"/api/v1/campaigns/{cid}")
            self.assertEqual(st, 200, c)
            self.assertEqual((c["counts"]["booked"], c["counts"]["picked_up"], c["remaining"],
                              c["points"][0]["picked_up"]), (1, 1, 2, 1))
            # The stock runs out: the third household gets 410.
            for hh in self.homes[2:4]:
                st, h, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": hh})
                self.assertEqual(st, 201, b)
            st, h, e = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": self.homes[4]})
            self.assertEqual((st, e["error"]["code"]), (410, "stock_gone"), e)
            self.assertEqual(self.count("bookings", f"campaign = {cid}"), 3)
            # The pharmacy's list: the point's bookings, no names.
            pid = c["points"][0]["id"]
            st, h, data = q.get(f"/api/v1/campaigns/{cid}/list.xlsx?point={pid}")
            self.assertEqual(st, 200, data)
            rows = read_rows(data)
            self.assertEqual(rows[0], ["取货码", "地址", "状态", "送货"])
            self.assertEqual(len(rows), 3, rows)  # two boxes at the first point
            self.assertIn("已领取", [r[2] for r in rows[1:]])
            st, h, data = j.get(f"/api/v1/campaigns/{cid}/list.xlsx")
            self.assertEqual(st, 404, data)
            st, h, data = v.get(f"/api/v1/campaigns/{cid}/list.xlsx")
            self.assertEqual(st, 403, data)

    def test_bad_input_and_window(self):
        with session(self.db, NOW, "qishan", "grid1", "jiangsu") as (s, q, g1, j):
            for body, field in ((campaign(allocation="lottery"), "allocation"),
                                (campaign(stock=0), "stock"),
                                (campaign(closes="2020-03-01"), "closes"),
                                (campaign(opens="2020-02-30"), "opens"),
                                (campaign(unit="310105002"), "unit"),
                                (campaign(points=[{"name": "A", "stock": 9}]), "points"),
                                (campaign(extra=1), "extra")):
                before = self.count("campaigns")
                st, h, e = q.post("/api/v1/campaigns", body)
                self.assertEqual((st, e["error"]["field"]), (400, field), (body, e))
                self.assertEqual(self.count("campaigns"), before)
            # Only the committee opens campaigns; not for another committee.
            st, h, e = g1.post("/api/v1/campaigns", campaign())
            self.assertEqual(st, 403, e)
            st, h, e = j.post("/api/v1/campaigns", campaign())
            self.assertEqual((st, e["error"]["field"]), (404, "unit"), e)
            # Outside the window: 409 window_closed, nothing written.
            st, h, c = q.post("/api/v1/campaigns", campaign(opens="2020-03-10"))
            self.assertEqual(st, 201, c)
            st, h, e = q.post(f"/api/v1/campaigns/{c['id']}/bookings",
                              {"household": self.homes[5]})
            self.assertEqual((st, e["error"]["code"]), (409, "window_closed"), e)
            # A grid's campaign: a household of another grid is not eligible.
            st, h, c = q.post("/api/v1/campaigns", campaign(unit=GRID2))
            self.assertEqual(st, 201, c)
            fixture = sql(self.db, f"SELECT household FROM residents WHERE grid = {GRID1} "
                                   f"AND household IS NOT NULL LIMIT 1")[0][0]
            st, h, e = q.post(f"/api/v1/campaigns/{c['id']}/bookings", {"household": fixture})
            self.assertEqual((st, e["error"]["code"]), (400, "not_eligible"), e)
            self.assertEqual(self.count("bookings", f"campaign = {c['id']}"), 0)

    def test_draw_is_seeded_and_reproducible(self):
        homes = self.homes[10:20]
        results = []
        for run in range(2):
            with session(self.db, NOW, "qishan") as (s, q):
                st, h, c = q.post("/api/v1/campaigns", campaign(
                    allocation="draw", stock=4, opens="2020-03-09", closes="2020-03-09"))
                self.assertEqual(st, 201, c)
                cid = c["id"]
                codes = {}
                for hh in homes:
                    st, h, b = q.post(f"/api/v1/campaigns/{cid}/bookings", {"household": hh})
                    self.assertEqual((st, b["state"]), (201, "entered"), b)
                    codes[hh] = b["code"]
                st, h, e = q.post("/api/v1/pickups", {"code": codes[homes[0]]})
                self.assertEqual((st, e["error"]["code"]), (409, "not_allocated"), e)
                st, h, e = q.post(f"/api/v1/campaigns/{cid}/draw", {"seed": "20200310"})
                self.assertEqual((st, e["error"]["code"]), (409, "window_open"), e)
            with session(self.db, "2020-03-10T09:00", "qishan") as (s, q):
                st, h, d = q.post(f"/api/v1/campaigns/{cid}/draw", {"seed": "20200310"})
                self.assertEqual(st, 200, d)
                self.assertEqual((d["seed"], d["counts"]["allocated"], d["counts"]["not_drawn"],
                                  d["remaining"]), ("20200310", 4, 6, 0))
                self.assertIn("splitmix64", d["method"])
                st, h, e = q.post(f"/api/v1/campaigns/{cid}/draw", {"seed": "1"})
                self.assertEqual((st, e["error"]["code"]), (409, "already_drawn"), e)
            won = sql(self.db, f"SELECT household FROM bookings WHERE campaign = {cid} "
                               f"AND state = 1 ORDER BY household")
            results.append([r[0] for r in won])
        # The same entries in the same order with the same seed: the same winners.
        self.assertEqual(results[0], results[1])
        self.assertEqual(len(results[0]), 4)

    def test_500_concurrent_bookings_on_the_last_100_boxes(self):
        homes = self.homes[20:520]
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, c = q.post("/api/v1/campaigns", campaign(stock=100))
            self.assertEqual(st, 201, c)
            cid = c["id"]
            statuses = [st for _, st in book_concurrently(s.port, q, cid, homes, 50)]
            self.assertEqual(sorted(set(statuses)), [201, 410], statuses[:20])
            self.assertEqual(statuses.count(201), 100)
            self.assertEqual(statuses.count(410), 400)
            self.assertEqual(self.count("bookings", f"campaign = {cid}"), 100)
            self.assertEqual(sql(self.db, f"SELECT count(DISTINCT household) FROM bookings "
                                          f"WHERE campaign = {cid}")[0][0], 100)
            self.assertEqual(sql(self.db, f"SELECT stock - allocated FROM campaigns "
                                          f"WHERE id = {cid}")[0][0], 0)


class ConcurrentRepeatsTest(unittest.TestCase):
    """The one-statement booking under concurrency: 100 households each
    booked three times at once by 30 connections, on 60 boxes held by two
    points. Exactly 60 households get one booking each (201), their other
    two requests 409, the others 410 every time; the campaign's and each
    point's allocated equal the bookings they hold, never above stock."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.homes = add_households(cls.db, 100, "C")

    def test_repeats_on_points_are_all_or_nothing(self):
        with session(self.db, NOW, "qishan") as (s, q):
            st, _, c = q.post("/api/v1/campaigns", campaign(
                stock=60, points=[{"name": "甲药房", "stock": 25}, {"name": "乙药房", "stock": 35}]))
            self.assertEqual(st, 201, c)
            cid = c["id"]
            # Each household three times, its repeats in different connections.
            order = [h for _ in range(3) for h in self.homes]
            statuses = book_concurrently(s.port, q, cid, order, 30)
        won = {h for h, st in statuses if st == 201}
        self.assertEqual(len(won), 60)
        self.assertEqual(sum(1 for _, st in statuses if st == 201), 60)
        for h, st in statuses:
            self.assertIn(st, (201, 409) if h in won else (410,), h)
        self.assertEqual(sum(1 for _, st in statuses if st == 409), 120)
        rows = sql(self.db, f"SELECT household FROM bookings WHERE campaign = {cid}")
        self.assertEqual(sorted(r[0] for r in rows), sorted(won))
        self.assertEqual(sql(self.db, f"SELECT stock, allocated FROM campaigns "
                                      f"WHERE id = {cid}")[0], [60, 60])
        points = sql(self.db, f"SELECT p.stock, p.allocated, (SELECT count(*) FROM bookings b "
                              f"WHERE b.point = p.id) FROM campaign_points p "
                              f"WHERE p.campaign = {cid} ORDER BY p.id")
        self.assertEqual([list(r) for r in points], [[25, 25, 25], [35, 35, 35]])


class HouseholdPageTest(unittest.TestCase):
    """The household's own page: a link and short code issued by staff,
    opened with no account; booking and asking for help through it;
    reissue kills the old ones; a quarantined household's booking is
    delivered (a task)."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.homes = add_households(cls.db, 5, "P")

    def count(self, table, where="1 = 1"):
        return sql(self.db, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]

    def test_link_page_book_help_reissue(self):
        hh = self.homes[0]
        with session(self.db, NOW, "qishan", "viewer", "jiangsu") as (s, q, v, j):
            st, h, c = q.post("/api/v1/campaigns", campaign(stock=10))
            self.assertEqual(st, 201, c)
            st, h, other = j.post("/api/v1/campaigns", campaign(unit=JIANGSU))
            self.assertEqual(st, 201, other)
            # Staff only, within the scope.
            st, h, e = v.post(f"/api/v1/households/{hh}/link")
            self.assertEqual(st, 403, e)
            st, h, e = j.post(f"/api/v1/households/{hh}/link")
            self.assertEqual(st, 404, e)
            st, h, link = q.post(f"/api/v1/households/{hh}/link")
            self.assertEqual(st, 201, link)
            token = link["link"].split("/h/", 1)[1]
            self.assertEqual((len(token), len(link["code"])), (64, 8))
            # Only the hashes are kept.
            self.assertEqual(self.count("household_links", f"token_hash = '{token}'"), 0)
            anon = Client(s.port)
            st, h, page = anon.get(f"/api/v1/household/{token}")
            self.assertEqual(st, 200, page)
            self.assertEqual([x["id"] for x in page["campaigns"]], [c["id"]])
            self.assertIsNone(page["campaigns"][0]["booking"])
            st, h, html = anon.get(f"/h/{token}")
            self.assertEqual(st, 200)
            self.assertIn(b"household.js", html)
            # Book from the page; again: 409; another committee's: 404.
            st, h, b = anon.post(f"/api/v1/household/{token}/bookings", {"campaign": c["id"]})
            self.assertEqual((st, b["household"], b["state"]), (201, hh, "allocated"), b)
            st, h, e = anon.post(f"/api/v1/household/{token}/bookings", {"campaign": c["id"]})
            self.assertEqual((st, e["error"]["code"]), (409, "already_booked"), e)
            st, h, e = anon.post(f"/api/v1/household/{token}/bookings", {"campaign": other["id"]})
            self.assertEqual((st, e["error"]["field"]), (404, "campaign"), e)
            # The short code opens the same page (typed in lower case too).
            st, h, page = anon.get(f"/api/v1/household/{link['code'].lower()}")
            self.assertEqual((st, page["campaigns"][0]["booking"]["code"]), (200, b["code"]), page)
            # Help: a task at the household.
            before = self.count("tasks", f"household = {hh}")
            st, h, task = anon.post(f"/api/v1/household/{token}/help",
                                    {"kind": "groceries", "note": "米和油"})
            self.assertEqual((st, task["kind"]), (201, "groceries"), task)
            self.assertEqual(sql(self.db, f"SELECT household, kind, note FROM tasks "
                                          f"WHERE id = {task['task']}"),
                             [[hh, "groceries", "米和油"]])
            st, h, e = anon.post(f"/api/v1/household/{token}/help", {"kind": "inspection"})
            self.assertEqual((st, e["error"]["field"]), (400, "kind"), e)
            self.assertEqual(self.count("tasks", f"household = {hh}"), before + 1)
            # A forged token, a forged code: 404, nothing written.
            bookings = self.count("bookings")
            for bad in ("0" * 64, "ABCDEFGH", "x"):
                st, h, e = anon.post(f"/api/v1/household/{bad}/bookings", {"campaign": c["id"]})
                self.assertEqual(st, 404, (bad, e))
                st, h, e = anon.get(f"/api/v1/household/{bad}")
                self.assertEqual(st, 404, (bad, e))
            self.assertEqual(self.count("bookings"), bookings)
            # Reissue: the old link and code stop working.
            st, h, link2 = q.post(f"/api/v1/households/{hh}/link")
            self.assertEqual(st, 201, link2)
            for old in (token, link["code"]):
                st, h, e = anon.get(f"/api/v1/household/{old}")
                self.assertEqual(st, 404, e)
            st, h, page = anon.get("/api/v1/household/" + link2["link"].split("/h/", 1)[1])
            self.assertEqual(st, 200, page)
            anon.close()

    def test_printed_slip(self):
        hh = self.homes[4]
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, e = q.post(f"/api/v1/households/{hh}/slip.pdf?base=ftp://x")
            self.assertEqual((st, e["error"]["field"]), (400, "base"), e)
            self.assertEqual(self.count("household_links", f"household = {hh}"), 0)
            st, h, pdf = q.post(f"/api/v1/households/{hh}/slip.pdf?base=http://cordon.example/")
            self.assertEqual((st, h["content-type"]), (201, "application/pdf"))
            self.assertTrue(pdf.startswith(b"%PDF"))
            text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                  check=True).stdout.decode()
            m = re.search(r"http://cordon\.example/h/([0-9a-f]{64})", text)
            self.assertTrue(m, text)
            code = re.search(r"Code ([2-9A-Z]{8})", text).group(1)
            anon = Client(s.port)
            for key in (m.group(1), code):
                st, h, page = anon.get(f"/api/v1/household/{key}")
                self.assertEqual(st, 200, page)
            anon.close()

    def test_quarantined_household_gets_delivery_task(self):
        with session(self.db, NOW, "qishan") as (s, q):
            hh = resident_ids(q)[ZHANG_WEI][1]
            st, h, body = q.post(f"/api/v1/households/{hh}/quarantine",
                                 {"kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, body)
            st, h, c = q.post("/api/v1/campaigns", campaign(stock=10))
            self.assertEqual(st, 201, c)
            st, h, b = q.post(f"/api/v1/campaigns/{c['id']}/bookings", {"household": hh})
            self.assertEqual((st, b["delivery"]), (201, True), b)
            self.assertEqual(sql(self.db, f"SELECT household, kind FROM tasks "
                                          f"WHERE id = {b['task']}"), [[hh, "other"]])
            st, h, c = q.get(f"/api/v1/campaigns/{c['id']}")
            self.assertEqual(c["counts"]["delivery"], 1, c)
            # The page masks the members' names.
            st, h, link = q.post(f"/api/v1/households/{hh}/link")
            anon = Client(s.port)
            st, h, page = anon.get("/api/v1/household/" + link["link"].split("/h/", 1)[1])
            self.assertEqual(st, 200, page)
            self.assertTrue(page["members"])
            for m in page["members"]:
                self.assertIn("*", m["name"])
                self.assertEqual(m["quarantine_until"] is not None, True, m)
            anon.close()

    def test_public_writes_are_rate_limited(self):
        with session(self.db, NOW, "qishan") as (s, q):
            st, h, link = q.post(f"/api/v1/households/{self.homes[3]}/link")
            self.assertEqual(st, 201, link)
        token = link["link"].split("/h/", 1)[1]
        with Server(self.db, "--public-rate", "2", env={"CORDON_NOW": NOW}) as s:
            anon = Client(s.port)
            codes = [anon.post(f"/api/v1/household/{token}/help", {"kind": "other"})[0]
                     for _ in range(3)]
            anon.close()
        self.assertEqual(codes, [201, 201, 429])


class CampaignCliTest(unittest.TestCase):
    """`cordon campaign`: the same use cases from the command line."""

    def test_add_book_pickup_draw_show_link(self):
        db = make_task_world()
        homes = add_households(db, 4, "C")
        env = {"CORDON_NOW": NOW}
        rc, out, err = cordon("campaign", "add", "--unit", QISHAN, "--item", "口罩", "--stock",
                              "2", "--opens", "2020-03-09", "--closes", "2020-03-09", "--point",
                              "益丰大药房=2", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        cid = out.split()[1]
        self.assertIn("益丰大药房", out)
        rc, out, err = cordon("campaign", "book", cid, "--household", str(homes[0]), "--db", db,
                              env=env)
        self.assertEqual(rc, 0, err)
        code = out.split()[1]
        rc, out, err = cordon("campaign", "book", cid, "--household", str(homes[0]), "--db", db,
                              env=env)
        self.assertNotEqual(rc, 0)
        self.assertIn("already booked", err)
        rc, out, err = cordon("campaign", "pickup", "--code", code, "--db", db, env=env)
        self.assertEqual((rc, out.split()[:2]), (0, ["picked", "up"]), err)
        rc, out, err = cordon("campaign", "show", cid, "--db", db, env=env)
        self.assertIn("picked up 1", out)
        rc, out, err = cordon("campaign", "add", "--unit", QISHAN, "--item", "口罩", "--stock",
                              "1", "--opens", "2020-03-08", "--closes", "2020-03-09",
                              "--allocation", "draw", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        did = out.split()[1]
        for hh in homes[1:4]:
            rc, out, err = cordon("campaign", "book", did, "--household", str(hh), "--db", db,
                                  env=env)
            self.assertEqual(rc, 0, err)
        rc, out, err = cordon("campaign", "draw", did, "--seed", "42", "--db", db,
                              env={"CORDON_NOW": "2020-03-10T08:00"})
        self.assertEqual(rc, 0, err)
        self.assertIn("allocated 1", out)
        self.assertIn("draw seed 42", out)
        rc, out, err = cordon("campaign", "link", str(homes[0]), "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        self.assertIn("/h/", out)
        rc, out, err = cordon("campaign", "book", "--db", db, env=env)
        self.assertEqual(rc, 2, err)


if __name__ == "__main__":
    unittest.main()
