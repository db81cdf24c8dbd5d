"""The big screen of a street's operations centre (issue 13, item 13):
a display token issued by the street (`POST /api/v1/displays`), stored
hashed, reads its unit's wall (`GET /api/v1/wall` with `Authorization:
Bearer TOKEN`): the six colours, the committees ranked by what needs
attention (overdue tasks here), the last hour's events, and no person at
all. The token opens nothing else (401 everywhere but its wall), a unit
outside its own is 404, and once revoked the screen gets 401. Only street,
district and city accounts issue, list and revoke tokens."""
import unittest

from harness import sql
from api_helpers import DISTRICT, GRID1, JIANGSU, OTHER_STREET, QISHAN, STREET, people
from tasks_helpers import make_task_world, session

MORNING = "2020-03-09T09:00"
HALF_PAST = "2020-03-09T09:30"
EVENING = "2020-03-09T20:00"


def bearer(token):
    return {"Authorization": "Bearer " + token}


class DisplaysTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        with session(cls.db, MORNING, "jiangsulu", "jiangsu") as (s, street, jiangsu):
            st, h, d = street.post("/api/v1/displays", {"unit": STREET, "name": "街道指挥中心"})
            assert st == 201, d
            cls.display = d
            # A task of 江苏居委会 due at 12:00: overdue in the evening.
            st, h, hh = jiangsu.get("/api/v1/residents?limit=1")
            assert st == 200, hh
            st, h, t = jiangsu.post("/api/v1/tasks", {"kind": "inspection",
                                                      "household": hh["items"][0]["household"],
                                                      "deadline": "2020-03-09T12:00"})
            assert st == 201, t

    def wall(self, client, token=None, query=""):
        return client.get("/api/v1/wall" + query, headers=bearer(token or self.display["token"]))

    def test_issued_once_stored_hashed(self):
        d = self.display
        self.assertRegex(d["token"], "^[0-9a-f]{64}$")
        self.assertEqual(d["url"], "/wall.html#" + d["token"])
        self.assertEqual((d["unit"], d["name"], d["created_by"], d["revoked"]),
                         (STREET, "街道指挥中心", "jiangsulu", False))
        hashes = [r[0] for r in sql(self.db, "SELECT token_hash FROM displays")]
        self.assertNotIn(d["token"], hashes)
        self.assertEqual(len(hashes[0]), 64)

    def test_wall_counts_ranking_and_ticker_without_people(self):
        with session(self.db, HALF_PAST, "jiangsulu") as (s, street):
            st, h, counts = street.get(f"/api/v1/units/{STREET}/counts")
            self.assertEqual(st, 200, counts)
            screen = type(street)(s.port)  # no session: the token alone
            try:
                st, h, raw = screen.exchange("GET", "/api/v1/wall", headers=bearer(
                    self.display["token"]))
                self.assertEqual(st, 200, raw)
                st, h, w = self.wall(screen)
            finally:
                screen.close()
        self.assertEqual((w["code"], w["name"]), (STREET, "江苏路街道"))
        self.assertEqual(w["total"], counts["total"])
        self.assertEqual(w["colours"], counts["colours"])
        self.assertEqual({b["code"] for b in w["below"]} >= {QISHAN, JIANGSU}, True, w["below"])
        # The task created at 09:00 is on the ticker at 09:30, by committee.
        self.assertIn({"source": "task", "kind": "created", "unit": JIANGSU,
                       "unit_name": "江苏居委会", "at": "2020-03-09T09:00:00+08:00"}, w["events"])
        text = raw.decode()
        for p in people():
            for field in ("姓名", "身份证号", "手机号"):
                self.assertNotIn(p[field], text)

    def test_overdue_ranks_first_and_the_hour_passes(self):
        with session(self.db, EVENING, "jiangsulu") as (s, street):
            st, h, w = self.wall(street)
        self.assertEqual(st, 200, w)
        # 江苏's task is overdue; the committees needing most attention come
        # first.
        rows = {b["code"]: b for b in w["below"]}
        self.assertEqual(rows[JIANGSU]["attention"]["tasks_overdue"], 1, w)
        scores = [b["attention"]["score"] for b in w["below"]]
        self.assertEqual(scores, sorted(scores, reverse=True), scores)
        self.assertIn(JIANGSU, [b["code"] for b in w["below"][:2]])
        quiet = [b for b in w["below"] if b["attention"]["score"] == 0]
        self.assertTrue(quiet and all(b["code"] not in (JIANGSU,) for b in quiet))
        self.assertGreaterEqual(w["attention"]["tasks_overdue"], 1)
        # The hour has passed: not created, only escalated now by the sweep.
        self.assertEqual({e["kind"] for e in w["events"]}, {"escalated"}, w["events"])

    def test_token_opens_its_wall_only(self):
        with session(self.db, MORNING, "jiangsulu") as (s, street):
            c = type(street)(s.port)
            try:
                for method, path in (("GET", f"/api/v1/units/{STREET}/counts"),
                                     ("GET", f"/api/v1/units/{STREET}/dashboard"),
                                     ("GET", "/api/v1/residents"), ("GET", "/api/v1/displays"),
                                     ("POST", "/api/v1/displays"), ("GET", "/api/v1/session")):
                    st, h, body = c.request(method, path, {"unit": STREET} if method == "POST"
                                            else None, headers=bearer(self.display["token"]))
                    self.assertEqual((st, body["error"]["code"]), (401, "display_only"),
                                     (method, path))
                st, h, w = self.wall(c, query=f"?unit={QISHAN}")
                self.assertEqual((st, w["code"]), (200, QISHAN))
                st, h, w = self.wall(c, query=f"?unit={OTHER_STREET}")
                self.assertEqual(st, 404, w)
                st, h, w = self.wall(c, token="0" * 64)
                self.assertEqual((st, w["error"]["code"]), (401, "display_revoked"))
            finally:
                c.close()

    def test_sessions_read_walls_in_their_scope(self):
        with session(self.db, MORNING, "qishan", "viewer", "checkpoint") as (s, q, v, cp):
            st, h, w = q.get("/api/v1/wall")
            self.assertEqual((st, w["code"]), (200, QISHAN))
            self.assertEqual(q.get(f"/api/v1/wall?unit={JIANGSU}")[0], 404)
            st, h, w = v.get(f"/api/v1/wall?unit={STREET}")
            self.assertEqual((st, w["code"]), (200, STREET))
            self.assertEqual(cp.get("/api/v1/wall")[0], 403)

    def test_issue_list_revoke_by_street_and_above_only(self):
        with session(self.db, MORNING, "jiangsulu", "changning", "qishan", "viewer") as (
                s, street, district, q, v):
            n = sql(self.db, "SELECT count(*) FROM displays")[0][0]
            for c, body, status, field in (
                    (q, {"unit": QISHAN}, 403, None), (v, {"unit": DISTRICT}, 403, None),
                    (street, {"unit": OTHER_STREET}, 404, "unit"),
                    (street, {"unit": GRID1}, 400, "unit"), (street, {}, 400, "unit"),
                    (street, {"unit": STREET, "token": "x"}, 400, "token")):
                st, h, r = c.post("/api/v1/displays", body)
                self.assertEqual(st, status, (body, r))
                if field:
                    self.assertEqual(r["error"]["field"], field, r)
            self.assertEqual(sql(self.db, "SELECT count(*) FROM displays")[0][0], n)
            st, h, d = street.post("/api/v1/displays", {"unit": QISHAN})
            self.assertEqual(st, 201, d)
            for c in (street, district):
                st, h, page = c.get("/api/v1/displays")
                self.assertEqual(st, 200, page)
                ids = [i["id"] for i in page["items"]]
                self.assertIn(d["id"], ids)
                self.assertIn(self.display["id"], ids)
                self.assertNotIn("token", page["items"][0])
            st, h, page = street.get(f"/api/v1/displays?unit={QISHAN}")
            self.assertEqual([i["id"] for i in page["items"]], [d["id"]])
            self.assertEqual(q.get("/api/v1/displays")[0], 403)
            self.assertEqual(street.get(f"/api/v1/displays?unit={OTHER_STREET}")[0], 404)
            # Revoked: by the street only; the screen gets 401 from then on.
            self.assertEqual(q.post(f"/api/v1/displays/{d['id']}/revoke")[0], 403)
            self.assertEqual(self.wall(street, d["token"])[0], 200)
            st, h, r = district.post(f"/api/v1/displays/{d['id']}/revoke")
            self.assertEqual((st, r["revoked"]), (200, True), r)
            st, h, r = self.wall(street, d["token"])
            self.assertEqual((st, r["error"]["code"]), (401, "display_revoked"), r)
            st, h, r = street.post(f"/api/v1/displays/{d['id']}/revoke")
            self.assertEqual((st, r["revoked_at"]), (200, "2020-03-09T09:00:00+08:00"), r)
            self.assertEqual(street.post("/api/v1/displays/99999/revoke")[0], 404)


if __name__ == "__main__":
    unittest.main()
