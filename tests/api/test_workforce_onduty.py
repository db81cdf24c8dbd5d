"""The 今日在岗 board (issue 14): GET /api/v1/units/{code}/on-duty. A street
or committee gets each post with its day and night shifts (minimum, who is
on duty with their home unit and duty, signed in or not, the gap), posts
with a gap first; a district or the city gets counts by kind of post. A
committee sees only its own posts; a home unit's account only its own
staff, and no minimums (nothing of the register of others). Every level
counts who arrives and who leaves that day (a deployment's first and last
day), and each person carries the days of their deployment."""
import unittest

from harness import cordon
from api_helpers import JIANGSU, QISHAN, STREET, Client
from tasks_helpers import server_at, session
import workforce_helpers as wf
from test_workforce_more import counts_world

DAY = "2020-03-09"


class OnDutyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.w, cls.district_person, deps = counts_world()
        # A metro station of the street that needs nobody, then a post of
        # 江苏 short by day: the board lists the short one before it.
        out = wf.cli(cls.db, "post", "--name", "江苏路地铁站", "--kind", "metro", "--unit", STREET)
        cls.metro = int(out.split()[1])
        out = wf.cli(cls.db, "post", "--name", "江苏缺员岗", "--kind", "committee", "--unit",
                     JIANGSU, "--min-day", "1")
        cls.short = int(out.split()[1])
        # The district person signs in at 岐山 at 14:00 (and stays).
        link = wf.cli(cls.db, "link", "--deployment", str(deps[2])).strip().split("#")[1]
        with server_at(cls.db, DAY + "T14:00") as s:
            phone = Client(s.port)
            r = phone.post(f"/api/v1/sign/{link}", {"post": cls.w["post"]["A"], "action": "in"})
            assert r[0] == 201, r
            phone.close()

    def test_the_street_board_gaps_first_with_who_is_where(self):
        a = self.w["post"]["A"]
        with session(self.db, DAY + "T15:00", "jiangsulu") as (s, street):
            st, h, b = street.get(f"/api/v1/units/{STREET}/on-duty?date={DAY}")
            self.assertEqual((st, b["by"]), (200, "post"), b)
            self.assertEqual([i["post"] for i in b["items"]], [a, self.short, self.metro], b)
            qs = b["items"][0]
            self.assertEqual((qs["name"], qs["gap"]), ("A岗", 1), qs)
            day, night = qs["shifts"]["day"], qs["shifts"]["night"]
            self.assertEqual((day["minimum"], day["on_duty"], day["signed_in"], day["gap"]),
                             (2, 2, 1, 0), day)
            self.assertEqual([(p["name"], p["home_unit"], p["duty"], p["signed_in"])
                              for p in day["people"]],
                             [("区干部", wf.DISTRICT_OFFICE, "community", True),
                              ("干部0", wf.CITY_OFFICE, "community", False)], day)
            self.assertEqual((night["minimum"], night["on_duty"], night["gap"], night["people"]),
                             (1, 0, 1, []), night)
            self.assertEqual(b["totals"], {"posts": 3, "minimum": 4, "on_duty": 2,
                                           "signed_in": 1, "gap": 2, "arriving": 1,
                                           "leaving": 1}, b)
            # Arrivals and departures: the district person is deployed for
            # that one day only (arrives and leaves), 干部0 from the 8th to
            # the 10th.
            self.assertEqual([(p["name"], p["from"], p["until"]) for p in day["people"]],
                             [("区干部", DAY, DAY), ("干部0", "2020-03-08", "2020-03-10")], day)
            st, h, b = street.get(f"/api/v1/units/{STREET}/on-duty?date=2020-03-10")
            self.assertEqual((b["totals"]["on_duty"], b["totals"]["arriving"],
                              b["totals"]["leaving"]), (1, 0, 1), b)
            st, h, b = street.get(f"/api/v1/units/{STREET}/on-duty?date=2020-03-08")
            self.assertEqual((b["totals"]["on_duty"], b["totals"]["arriving"],
                              b["totals"]["leaving"]), (1, 1, 0), b)
            # Another day: nobody on duty, every minimum a gap.
            st, h, b = street.get(f"/api/v1/units/{STREET}/on-duty?date=2020-04-01")
            self.assertEqual((b["totals"]["on_duty"], b["totals"]["gap"]), (0, 4), b)

    def test_above_the_street_counts_by_kind(self):
        with session(self.db, DAY + "T15:00", "admin", "changning") as (s, admin, district):
            st, h, b = admin.get(f"/api/v1/units/3101/on-duty?date={DAY}")
            self.assertEqual((st, b["by"]), (200, "kind"), b)
            kinds = {i["kind"]: i for i in b["items"]}
            self.assertEqual(set(kinds), {"committee", "metro"}, b)
            c = kinds["committee"]
            self.assertEqual((c["posts"], c["posts_short"], c["minimum"], c["on_duty"],
                              c["signed_in"], c["gap"]), (3, 3, 7, 3, 1, 4), c)
            self.assertNotIn("shifts", c)  # the city's answer stays small
            self.assertEqual(b["totals"]["posts"], 4, b)
            self.assertEqual((b["totals"]["arriving"], b["totals"]["leaving"]), (1, 1), b)
            st, h, b = district.get(f"/api/v1/units/310105/on-duty?date={DAY}")
            self.assertEqual((st, b["by"], b["totals"]["on_duty"]), (200, "kind", 2), b)

    def test_a_committee_sees_its_own_posts_only(self):
        with session(self.db, DAY + "T15:00", "qishan") as (s, q):
            st, h, b = q.get(f"/api/v1/units/{QISHAN}/on-duty?date={DAY}")
            self.assertEqual((st, [i["post"] for i in b["items"]]), (200, [self.w["post"]["A"]]), b)
            for other in (JIANGSU, STREET, "3101"):
                st, h, r = q.get(f"/api/v1/units/{other}/on-duty?date={DAY}")
                self.assertEqual(st, 404, (other, r))

    def test_a_home_unit_sees_its_own_staff_and_no_minimums(self):
        with session(self.db, DAY + "T15:00", "wjw") as (s, home):
            st, h, b = home.get(f"/api/v1/units/{STREET}/on-duty?date={DAY}")
            self.assertEqual((st, [i["post"] for i in b["items"]]), (200, [self.w["post"]["A"]]), b)
            day = b["items"][0]["shifts"]["day"]
            self.assertEqual([p["name"] for p in day["people"]], ["干部0"], day)
            # Its own people's moves only: 干部0 neither arrives nor leaves.
            self.assertEqual((b["totals"]["arriving"], b["totals"]["leaving"]), (0, 0), b)
            self.assertEqual((day["minimum"], day["gap"], b["items"][0]["gap"]), (None, None, None))
            st, h, b = home.get(f"/api/v1/units/3101/on-duty?date={DAY}")
            self.assertEqual(b["items"], [{"kind": "committee", "posts": 2, "posts_short": None,
                                           "minimum": None, "on_duty": 2, "signed_in": 0,
                                           "gap": None}], b)

    def test_bad_input(self):
        with session(self.db, DAY + "T15:00", "jiangsulu", "viewer") as (s, street, viewer):
            st, h, r = street.get(f"/api/v1/units/{STREET}/on-duty?date=2020-3-9")
            self.assertEqual((st, r["error"]["code"]), (400, "bad_date"), r)
            st, h, r = street.get("/api/v1/units/31x/on-duty")
            self.assertEqual((st, r["error"]["code"]), (400, "bad_code"), r)
            st, h, r = street.get("/api/v1/units/310105001/on-duty")
            self.assertEqual(st, 404, r)  # another street
            st, h, r = viewer.get(f"/api/v1/units/{STREET}/on-duty")
            self.assertEqual(st, 403, r)


if __name__ == "__main__":
    unittest.main()
