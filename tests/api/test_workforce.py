"""Staff sent down (issue 14) over the API and the command line: the staff
spreadsheet import (all or nothing, errors by line, UTF-8 and GB18030),
deployments and their bad input (overlap, ending before starting, unknown
or out-of-scope post, unknown duty), staffing of a unit on a day with the
gap below each post's minimum, and who sees which staff: a street its
received staff and the city's nothing else, another street nothing, a
district its own offices' staff, roles without the permission 403."""
import unittest

from harness import cordon, sql, tmp_path
from api_helpers import (DISTRICT, JIANGSU, OTHER_STREET, QISHAN, STREET, XUHUI_COMMITTEE, Client,
                         make_world, password_of)
from tasks_helpers import session
import workforce_helpers as wf
from workforce_helpers import CITY_OFFICE, DISTRICT_OFFICE, staff_csv

NOW = "2020-03-09T10:00"


class WorkforceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.w = wf.seed(cls.db, {"A": QISHAN, "X": XUHUI_COMMITTEE}, nstaff=6)
        rc, out, err = cordon("user", "add", "othst", "--role", "street", "--unit", OTHER_STREET,
                              "--password-stdin", "--db", cls.db,
                              input=password_of("othst") + "\n")
        assert rc == 0, err
        for name in ("wjw", "nobody"):
            rc, out, err = cordon("user", "add", name, "--role", "home_unit", "--unit", "3101",
                                  "--password-stdin", "--db", cls.db,
                                  input=password_of(name) + "\n")
            assert rc == 0, err
        wf.cli(cls.db, "member", "--account", "wjw", "--home-unit", CITY_OFFICE)
        # One of the district office's, whom 市卫健委 must not see.
        path = tmp_path("district.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(staff_csv([("区干部", "13800009999", DISTRICT_OFFICE, "1", "")]))
        wf.cli(cls.db, "import", path)

    def count(self, table):
        return sql(self.db, f"SELECT count(*) FROM {table}")[0][0]

    def test_import_is_all_or_nothing_with_errors_by_line(self):
        before = self.count("staff")
        bad = staff_csv([("张三", "1380013800x", CITY_OFFICE, "第一批", "驾驶"),
                         ("李四", "13900139000", "没有这个单位", "2", ""),
                         ("王五", "13900139000", CITY_OFFICE, "x", ""),
                         ("赵六", "13900139001", DISTRICT_OFFICE, "第三批", "")])
        with session(self.db, NOW, "admin", "qishan", "viewer") as (s, admin, q, viewer):
            st, h, rep = admin.post("/api/v1/staff/import", bad.encode(),
                                    headers={"Content-Type": "text/csv"})
            self.assertEqual(st, 422, rep)
            self.assertEqual([(e["line"], e["header"], e["code"]) for e in rep["errors"]],
                             [(2, "手机号", "bad_char"), (3, "派出单位", "unknown_home_unit"),
                              (4, "手机号", "duplicate"), (4, "批次", "bad_batch")])
            self.assertFalse(rep["committed"])
            self.assertEqual(self.count("staff"), before)  # line 5 was good: not written either
            # GB18030, as WPS saves it, headers in another order.
            good = staff_csv([("13900139002", "钱七", DISTRICT_OFFICE, "第二批"),
                              ("13900139003", "孙八", CITY_OFFICE, "3")],
                             header="手机号,姓名,派出单位,批次")
            st, h, rep = admin.post("/api/v1/staff/import", good.encode("gb18030"),
                                    headers={"Content-Type": "text/csv"})
            self.assertEqual(st, 200, rep)
            self.assertEqual((rep["encoding"], rep["rows"], rep["created"], rep["updated"]),
                             ("GB18030", 2, 2, 0))
            self.assertEqual(self.count("staff"), before + 2)
            self.assertEqual(sql(self.db, "SELECT name, batch FROM staff WHERE phone = "
                                          "'13900139002'"), [["钱七", 2]])
            # The same phone again is the same person, updated.
            again = staff_csv([("钱七", "13900139002", DISTRICT_OFFICE, "第三批", "医护")])
            st, h, rep = admin.post("/api/v1/staff/import", again.encode(),
                                    headers={"Content-Type": "text/csv"})
            self.assertEqual((st, rep["created"], rep["updated"]), (200, 0, 1), rep)
            self.assertEqual(sql(self.db, "SELECT batch, skills FROM staff WHERE phone = "
                                          "'13900139002'"), [[3, "医护"]])
            # A missing column, not a spreadsheet: 400, nothing written.
            st, h, rep = admin.post("/api/v1/staff/import", "姓名,手机号\n甲,13900139009\n".encode(),
                                    headers={"Content-Type": "text/csv"})
            self.assertEqual((st, rep["error"]["code"]), (400, "bad_file"), rep)
            for c in (q, viewer):
                st, h, rep = c.post("/api/v1/staff/import", good.encode(),
                                    headers={"Content-Type": "text/csv"})
                self.assertEqual(st, 403, rep)
            self.assertEqual(self.count("staff"), before + 2)

    def deploy(self, client, staff, post, frm, until, duty="垃圾收运", **kw):
        return client.post("/api/v1/deployments", {"staff": staff, "post": post, "from": frm,
                                                   "until": until, "duty": duty, **kw})

    def test_deployments_bad_input_and_staffing(self):
        a, x = self.w["post"]["A"], self.w["post"]["X"]
        s0, s1 = self.w["staff"][0], self.w["staff"][1]
        with session(self.db, NOW, "jiangsulu", "qishan") as (s, street, q):
            before = self.count("deployments")
            st, h, d = self.deploy(street, s0, a, "2020-03-01", "2020-03-20")
            self.assertEqual(st, 201, d)
            self.assertEqual((d["duty"], d["shift"], d["from"], d["until"], d["post_name"]),
                             ("rubbish", "day", "2020-03-01", "2020-03-20", "A岗"))
            st, h, d = self.deploy(street, s1, a, "2020-03-05", "2020-03-12", "gate",
                                   shift="night")
            self.assertEqual(st, 201, d)
            cases = [
                (self.deploy(street, s0, a, "2020-03-20", "2020-03-25"), 409, "overlap", "from"),
                (self.deploy(street, s0, a, "2020-02-20", "2020-03-01"), 409, "overlap", "from"),
                (self.deploy(street, s0, a, "2020-04-10", "2020-04-01"), 400,
                 "until_before_from", "until"),
                (self.deploy(street, s0, 999999, "2020-04-01", "2020-04-02"), 404, "not_found",
                 "post"),
                (self.deploy(street, s0, x, "2020-04-01", "2020-04-02"), 404, "not_found",
                 "post"),
                (self.deploy(street, 999999, a, "2020-04-01", "2020-04-02"), 404, "not_found",
                 "staff"),
                (self.deploy(street, s0, a, "2020-04-01", "2020-04-02", "跳舞"), 400,
                 "bad_value", "duty"),
                (self.deploy(street, s0, a, "2020-04-01", "2020-04-02", shift="noon"), 400,
                 "bad_value", "shift"),
                (self.deploy(street, s0, a, "2020-04-31", "2020-05-02"), 400, "bad_date",
                 "from"),
                (self.deploy(q, s0, a, "2020-04-01", "2020-04-02"), 403, "forbidden", None),
            ]
            for (st, h, body), want, code, field in cases:
                self.assertEqual((st, body["error"]["code"], body["error"].get("field") or None),
                                 (want, code, field), body)
            self.assertEqual(self.count("deployments"), before + 2)
            # Staffing: post A wants 2 by day and 1 by night.
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-03-09")
            self.assertEqual(st, 200, sf)
            post = next(i for i in sf["items"] if i["post"] == a)
            self.assertEqual((post["on_duty"], post["minimum"], post["gap"]), (2, 3, 1))
            self.assertEqual(post["shifts"], {"day": {"on_duty": 1, "minimum": 2, "gap": 1},
                                              "night": {"on_duty": 1, "minimum": 1, "gap": 0}})
            self.assertEqual(sf["totals"], {"posts": 1, "on_duty": 2, "minimum": 3, "gap": 1})
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-03-21")
            self.assertEqual((st, sf["totals"]["on_duty"], sf["totals"]["gap"]), (200, 0, 3))
            st, h, sf = street.get(f"/api/v1/units/{XUHUI_COMMITTEE}/staffing?date=2020-03-09")
            self.assertEqual(st, 404, sf)
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-13-01")
            self.assertEqual((st, sf["error"]["field"]), (400, "date"), sf)
            st, h, sf = q.get(f"/api/v1/units/{QISHAN}/staffing")
            self.assertEqual(st, 403, sf)

    def test_who_sees_which_staff(self):
        a = self.w["post"]["A"]
        s2, s3 = self.w["staff"][2], self.w["staff"][3]
        names = {}
        with session(self.db, NOW, "admin", "jiangsulu", "othst", "changning",
                     "qishan") as (s, admin, street, other, district, q):
            st, h, d = self.deploy(admin, s2, a, "2020-05-01", "2020-05-31")
            self.assertEqual(st, 201, d)
            for name, c in (("admin", admin), ("street", street), ("other", other),
                            ("district", district)):
                st, h, body = c.get("/api/v1/staff?limit=1000")
                self.assertEqual(st, 200, body)
                names[name] = {i["id"] for i in body["items"]}
                for i in body["items"]:
                    self.assertRegex(i["phone"], r"^\d{3}\*{4}\d{4}$")
            self.assertLessEqual({s2, s3}, names["admin"])
            self.assertIn(s2, names["street"])         # received at 岐山
            self.assertNotIn(s3, names["street"])      # sent by the city, not received here
            self.assertEqual(names["other"], set())    # another street: nothing
            self.assertIn(s2, names["district"])
            district_office = {r[0] for r in sql(self.db, "SELECT s.id FROM staff s JOIN "
                                                          "home_units h ON h.id = s.home_unit "
                                                          f"WHERE h.name = '{DISTRICT_OFFICE}'")}
            self.assertLessEqual(district_office, names["district"])
            st, h, body = admin.get("/api/v1/staff?home_unit=" + "%E5%B8%82%E5%8D%AB%E5%81%A5%E5%A7%94")
            self.assertEqual(st, 200, body)
            self.assertEqual({i["home_unit"] for i in body["items"]}, {CITY_OFFICE})
            st, h, body = admin.get("/api/v1/staff?limit=1")
            self.assertEqual((st, len(body["items"])), (200, 1))
            st, h, rest = admin.get(f"/api/v1/staff?limit=1000&cursor={body['next']}")
            self.assertNotIn(body["items"][0]["id"], {i["id"] for i in rest["items"]})
            st, h, body = street.get(f"/api/v1/staff?unit={XUHUI_COMMITTEE}")
            self.assertEqual(st, 404, body)
            st, h, body = q.get("/api/v1/staff")
            self.assertEqual(st, 403, body)

    def test_a_home_unit_sees_where_its_own_staff_are_and_nothing_else(self):
        a = self.w["post"]["A"]
        mine = self.w["staff"][0]
        with session(self.db, NOW, "jiangsulu", "wjw", "nobody") as (s, street, home, nobody):
            st, h, d = self.deploy(street, mine, a, "2020-06-01", "2020-06-30", "community")
            self.assertEqual(st, 201, d)
            st, h, body = home.get("/api/v1/staff?limit=1000")
            self.assertEqual(st, 200, body)
            self.assertEqual({i["home_unit"] for i in body["items"]}, {CITY_OFFICE})
            got = next(i for i in body["items"] if i["id"] == mine)
            self.assertEqual(got["deployment"], {"id": d["id"], "post": "A岗", "unit": QISHAN,
                                                 "from": "2020-06-01", "until": "2020-06-30"})
            st, h, body = home.get("/api/v1/staff?home_unit=" + "%E9%95%BF%E5%AE%81%E5%8C%BA"
                                   "%E6%94%BF%E5%BA%9C%E5%8A%9E")  # 长宁区政府办: not its own
            self.assertEqual(st, 404, body)
            # Nothing of the register, no deploying, no staffing.
            for path in ("/api/v1/residents", f"/api/v1/units/{QISHAN}/counts",
                         f"/api/v1/units/{QISHAN}/staffing", "/api/v1/tasks"):
                st, h, body = home.get(path)
                self.assertEqual(st, 403, (path, body))
            st, h, body = self.deploy(home, mine, a, "2020-08-01", "2020-08-02")
            self.assertEqual(st, 403, body)
            # It imports its own staff, and only its own.
            other = staff_csv([("周九", "13900139100", DISTRICT_OFFICE, "1", "")])
            st, h, rep = home.post("/api/v1/staff/import", other.encode(),
                                   headers={"Content-Type": "text/csv"})
            self.assertEqual((st, [e["code"] for e in rep["errors"]]),
                             (422, ["other_home_unit"]), rep)
            own = staff_csv([("周九", "13900139100", CITY_OFFICE, "1", "")])
            st, h, rep = home.post("/api/v1/staff/import", own.encode(),
                                   headers={"Content-Type": "text/csv"})
            self.assertEqual((st, rep["created"]), (200, 1), rep)
            # A home_unit account that belongs to no home unit sees nothing.
            st, h, body = nobody.get("/api/v1/staff")
            self.assertEqual(st, 403, body)

    def test_signing_in_and_out_through_the_link(self):
        a, x = self.w["post"]["A"], self.w["post"]["X"]
        s4 = self.w["staff"][4]
        with session(self.db, NOW, "jiangsulu", "jiangsu") as (s, street, other):
            st, h, d = self.deploy(street, s4, a, "2020-03-08", "2020-03-10", "community")
            self.assertEqual(st, 201, d)
            st, h, link = street.post(f"/api/v1/deployments/{d['id']}/link")
            self.assertEqual(st, 200, link)
            token = link["token"]
            self.assertEqual(link["url"], f"/sign.html?post={a}#{token}")
            st, h, body = other.post(f"/api/v1/deployments/{d['id']}/link")
            self.assertEqual(st, 403, body)  # a committee: no staff permission
            phone = Client(s.port)  # the person's phone: no session
            before = self.count("sign_events")
            cases = [
                ({"post": x, "action": "in"}, 409, "not_deployed_here"),
                ({"post": a, "action": "out"}, 409, "not_signed_in"),
                ({"post": a, "action": "maybe"}, 400, "bad_value"),
            ]
            for body, want, code in cases:
                st, h, r = phone.post(f"/api/v1/sign/{token}", body)
                self.assertEqual((st, r["error"]["code"]), (want, code), r)
            st, h, r = phone.post("/api/v1/sign/" + "0" * 64, {"post": a, "action": "in"})
            self.assertEqual(st, 404, r)
            self.assertEqual(self.count("sign_events"), before)
            st, h, r = phone.post(f"/api/v1/sign/{token}", {"post": a, "action": "in"})
            self.assertEqual((st, r["action"], r["post_name"]), (201, "in", "A岗"), r)
            st, h, r = phone.post(f"/api/v1/sign/{token}", {"post": a, "action": "in"})
            self.assertEqual((st, r["error"]["code"]), (409, "already_signed_in"), r)
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-03-09")
            post = next(i for i in sf["items"] if i["post"] == a)
            self.assertEqual(post["signed_in"], 1, post)
            st, h, r = phone.post(f"/api/v1/sign/{token}", {"post": a, "action": "out"})
            self.assertEqual(st, 201, r)
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-03-09")
            post = next(i for i in sf["items"] if i["post"] == a)
            self.assertEqual(post["signed_in"], 0, post)
            # A new link: the old one stops working.
            st, h, link2 = street.post(f"/api/v1/deployments/{d['id']}/link")
            st, h, r = phone.post(f"/api/v1/sign/{token}", {"post": a, "action": "in"})
            self.assertEqual(st, 404, r)
            phone.close()
        # A day the deployment does not cover.
        with session(self.db, "2020-03-11T09:00", "jiangsulu") as (s, street):
            phone = Client(s.port)
            st, h, r = phone.post(f"/api/v1/sign/{link2['token']}", {"post": a, "action": "in"})
            self.assertEqual((st, r["error"]["code"]), (409, "not_on_duty"), r)
            phone.close()

    def post_with_a_gap(self, name, kind, unit, min_day):
        """A new post below its minimum by day, swept: (post, its gap task)."""
        out = wf.cli(self.db, "post", "--name", name, "--kind", kind, "--unit", unit,
                     "--min-day", str(min_day))
        post = int(out.split()[1])
        rc, out, err = cordon("staff", "sweep", "--db", self.db, env={"CORDON_NOW": NOW})
        self.assertEqual(rc, 0, err)
        task = sql(self.db, f"SELECT task FROM gap_tasks WHERE duty_post = {post}")
        self.assertEqual(len(task), 1, out)
        return post, task[0][0]

    def test_a_gap_raises_a_task_to_the_street_and_closes_when_filled(self):
        post, task = self.post_with_a_gap("江苏缺员岗", "committee", JIANGSU, 1)
        rc, out, err = cordon("staff", "sweep", "--db", self.db, env={"CORDON_NOW": NOW})
        self.assertEqual(sql(self.db, f"SELECT count(*) FROM gap_tasks WHERE duty_post = {post}"),
                         [[1]])  # once per post, day and shift
        with session(self.db, NOW, "jiangsulu", "jiangsu") as (s, street, committee):
            st, h, t = street.get(f"/api/v1/tasks/{task}")
            self.assertEqual(st, 200, t)
            self.assertEqual(t["state"], "open", t)
            self.assertIn("江苏缺员岗 白班缺1人", t["title"])
            # The task lies at the post's real unit (its committee), never
            # at a made-up code; the street sees it through its range.
            self.assertEqual(sql(self.db, f"SELECT committee, street, district FROM tasks "
                                          f"WHERE id = {task}"),
                             [[int(JIANGSU), int(STREET), int(DISTRICT)]])
            st, h, t = committee.get(f"/api/v1/tasks/{task}")
            self.assertEqual(st, 200, t)
            st, h, ts = street.get("/api/v1/tasks?limit=500")
            self.assertIn(task, [i["id"] for i in ts["items"]])  # on the street's list
            st, h, d = self.deploy(street, self.w["staff"][5], post, "2020-03-09", "2020-03-09",
                                   "gate")
            self.assertEqual(st, 201, d)
            st, h, t = street.get(f"/api/v1/tasks/{task}")
            self.assertEqual((st, t["state"]), (200, "done"), t)

    def test_a_gap_at_a_street_post_lies_at_the_street(self):
        post, task = self.post_with_a_gap("江苏路地铁站", "metro", STREET, 2)
        self.assertEqual(sql(self.db, f"SELECT committee, street, district FROM tasks "
                                      f"WHERE id = {task}"),
                         [[int(STREET), int(STREET), int(DISTRICT)]])
        with session(self.db, NOW, "jiangsulu", "jiangsu") as (s, street, committee):
            st, h, t = street.get(f"/api/v1/tasks/{task}")
            self.assertEqual((st, t["state"]), (200, "open"), t)
            self.assertIn("江苏路地铁站 白班缺2人", t["title"])
            st, h, t = committee.get(f"/api/v1/tasks/{task}")
            self.assertEqual(st, 404, t)  # a committee of the street: not its post
            # On the street's list (it lies at the street's own code, not in
            # its committees' range), not on a committee's.
            st, h, ts = street.get("/api/v1/tasks?limit=500")
            self.assertIn(task, [i["id"] for i in ts["items"]])
            st, h, ts = committee.get("/api/v1/tasks?limit=500")
            self.assertNotIn(task, [i["id"] for i in ts["items"]])

    def test_command_line(self):
        rc, out, err = cordon("staff", "list", "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertIn("干部0\t13700000000\t" + CITY_OFFICE, out)  # the CLI sees phones
        rc, out, err = cordon("staff", "deploy", "--staff", str(self.w["staff"][3]), "--post",
                              str(self.w["post"]["X"]), "--from", "2020-03-01", "--until",
                              "2020-02-01", "--duty", "gate", "--db", self.db)
        self.assertEqual(rc, 1, out)
        self.assertIn("until", err)
        rc, out, err = cordon("staff", "home-unit", "--name", "x", "--level", "city", "--unit",
                              DISTRICT, "--db", self.db)
        self.assertNotEqual(rc, 0)
        self.assertIn("unit", err)


if __name__ == "__main__":
    unittest.main()
