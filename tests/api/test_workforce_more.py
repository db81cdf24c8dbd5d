"""Staff sent down, the rest (issue 14): accounts that follow deployments.
A deployed person gets an account scoped to the post for the deployment's
days -- a helper of the committee (its tasks, those assigned to it), or at
a checkpoint post a checkpoint account that screens only there; it signs
in and out at the post with that account; before and after the
deployment's days login is refused and an open session ends (the clock
moved with CORDON_NOW). Tasks (the rubbish round of a grid's quarantined
households) are assigned to the deployed helper and show on its list."""
import unittest

from harness import cordon, sql, tmp_path
from api_helpers import JIANGSU, QISHAN, XUHUI_COMMITTEE, Client
from checkpoint_helpers import STATION_DISTRICT, make_station_world, traveller
from tasks_helpers import ZHANG_WEI, resident_ids, server_at, session
import workforce_helpers as wf

NOW = "2020-03-09T10:00"
NEW_PW = "helper-pw-2020"


class DeployedAccountsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.exits = make_station_world()
        cls.w = wf.seed(cls.db, {"A": QISHAN, "X": XUHUI_COMMITTEE}, nstaff=8)
        path = tmp_path("district.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(wf.staff_csv([("区干部", "13800009999", wf.DISTRICT_OFFICE, "1", "")]))
        wf.cli(cls.db, "import", path)
        out = wf.cli(cls.db, "post", "--name", "上海站西南出口岗", "--kind", "checkpoint",
                     "--unit", STATION_DISTRICT, "--checkpoint-post", str(cls.exits["sw"]),
                     "--min-day", "1")
        cls.gate = int(out.split()[1])

    def count(self, table):
        return sql(self.db, f"SELECT count(*) FROM {table}")[0][0]

    def deploy(self, client, staff, post, frm="2020-03-08", until="2020-03-10", duty="rubbish"):
        st, h, d = client.post("/api/v1/deployments", {"staff": staff, "post": post, "from": frm,
                                                       "until": until, "duty": duty})
        self.assertEqual(st, 201, d)
        return d["id"]

    def first_login(self, server, name, once):
        """A logged-in client of a new account, its one-time password changed."""
        c = Client(server.port)
        st, h, body = c.login(name, once)
        self.assertEqual(st, 200, body)
        st, h, body = c.post("/api/v1/session/password", {"password": once,
                                                          "new_password": NEW_PW})
        self.assertEqual(st, 200, body)
        return c

    def test_a_helper_account_lives_for_its_deployment(self):
        a, x = self.w["post"]["A"], self.w["post"]["X"]
        with session(self.db, NOW, "jiangsulu", "qishan", "admin") as (s, street, q, admin):
            dep = self.deploy(street, self.w["staff"][0], a)
            accounts = self.count("accounts")
            st, h, r = q.post(f"/api/v1/deployments/{dep}/account", {"username": "helper1"})
            self.assertEqual(st, 403, r)  # a committee: no staff permission
            elsewhere = self.deploy(admin, self.w["staff"][1], x)
            st, h, r = street.post(f"/api/v1/deployments/{elsewhere}/account", {})
            self.assertEqual(st, 404, r)  # another district's post: as if absent
            self.assertEqual(self.count("accounts"), accounts)
            st, h, acc = street.post(f"/api/v1/deployments/{dep}/account",
                                     {"username": "helper1"})
            self.assertEqual(st, 201, acc)
            self.assertEqual((acc["role"], acc["unit"], acc["post"], acc["valid_from"],
                              acc["valid_until"]),
                             ("helper", QISHAN, None, "2020-03-08", "2020-03-10"), acc)
            self.assertEqual(len(acc["password"]), 16)
            # One account per deployment; nothing half-written.
            st, h, r = street.post(f"/api/v1/deployments/{dep}/account", {"username": "helper1b"})
            self.assertEqual((st, r["error"]["code"]), (409, "has_account"), r)
            self.assertEqual(self.count("accounts"), accounts + 1)
            # The person signs in and out at the post with it.
            helper = self.first_login(s, "helper1", acc["password"])
            st, h, r = helper.post("/api/v1/sign", {"post": x, "action": "in"})
            self.assertEqual((st, r["error"]["code"]), (409, "not_deployed_here"), r)
            st, h, r = helper.post("/api/v1/sign", {"action": "in"})
            self.assertEqual((st, r["post"], r["action"]), (201, a, "in"), r)
            st, h, r = helper.post("/api/v1/sign", {"action": "in"})
            self.assertEqual((st, r["error"]["code"]), (409, "already_signed_in"), r)
            st, h, sf = street.get(f"/api/v1/units/{QISHAN}/staffing?date=2020-03-09")
            self.assertEqual(next(i for i in sf["items"] if i["post"] == a)["signed_in"], 1, sf)
            st, h, r = street.post("/api/v1/sign", {"action": "in"})
            self.assertEqual((st, r["error"]["code"]), (403, "not_deployed"), r)
            # It sees the committee's tasks, not the register.
            st, h, r = helper.get("/api/v1/tasks")
            self.assertEqual(st, 200, r)
            st, h, r = helper.get("/api/v1/residents")
            self.assertEqual(st, 403, r)
            helper.close()
        # The last evening of the deployment, and just after midnight: the
        # open session ends, and login is refused.
        with server_at(self.db, "2020-03-10T23:50") as s:
            helper = Client(s.port)
            st, h, r = helper.login("helper1", NEW_PW)
            self.assertEqual(st, 200, r)
            kept = (helper.token, helper.csrf)
            helper.close()
        with server_at(self.db, "2020-03-11T00:10") as s:
            c = Client(s.port)
            c.token, c.csrf = kept
            st, h, r = c.get("/api/v1/tasks")
            self.assertEqual((st, r["error"]["code"]), (401, "account_expired"), r)
            c.close()
            c = Client(s.port)
            st, h, r = c.login("helper1", NEW_PW)
            self.assertEqual((st, r["error"]["code"]), (403, "account_expired"), r)
            c.close()
        # The session is gone, not only refused (written once the server stopped).
        self.assertEqual(sql(self.db, "SELECT count(*) FROM sessions s JOIN accounts a ON "
                                      "a.id = s.account WHERE a.name = 'helper1'"), [[0]])
        # Nor before it starts.
        with server_at(self.db, "2020-03-07T09:00") as s:
            c = Client(s.port)
            st, h, r = c.login("helper1", NEW_PW)
            self.assertEqual((st, r["error"]["code"]), (403, "account_expired"), r)
            c.close()

    def test_a_checkpoint_officer_screens_only_at_the_post(self):
        with session(self.db, NOW, "admin") as (s, admin):
            dep = self.deploy(admin, self.w["staff"][2], self.gate, duty="gate")
            st, h, acc = admin.post(f"/api/v1/deployments/{dep}/account")
            self.assertEqual(st, 201, acc)
            self.assertEqual((acc["username"], acc["role"], acc["post"]),
                             (f"dep{dep}", "checkpoint", self.exits["sw"]), acc)
            officer = self.first_login(s, acc["username"], acc["password"])
            st, h, me = officer.get("/api/v1/session")
            self.assertEqual(me["user"]["post"], self.exits["sw"], me)
            st, h, r = officer.post("/api/v1/screenings", traveller(301))
            self.assertEqual((st, r["post"]["id"]), (201, self.exits["sw"]), r)
            st, h, r = officer.post("/api/v1/screenings",
                                    dict(traveller(302), post=self.exits["se"]))
            self.assertIn(st, (403, 404), r)  # another exit: not this account's
            st, h, r = officer.post("/api/v1/sign", {"action": "in"})
            self.assertEqual((st, r["post"]), (201, self.gate), r)
            officer.close()

    def test_the_rubbish_round_is_assigned_to_the_deployed_helper(self):
        a, x = self.w["post"]["A"], self.w["post"]["X"]
        with session(self.db, NOW, "admin", "qishan") as (s, admin, q):
            dep = self.deploy(admin, self.w["staff"][3], a)
            st, h, acc = admin.post(f"/api/v1/deployments/{dep}/account", {"username": "helper3"})
            self.assertEqual(st, 201, acc)
            far = self.deploy(admin, self.w["staff"][4], x)
            st, h, far_acc = admin.post(f"/api/v1/deployments/{far}/account",
                                        {"username": "helper4"})
            self.assertEqual(st, 201, far_acc)
            hh = resident_ids(q)[ZHANG_WEI][1]
            st, h, r = q.post("/api/v1/tasks", {"kind": "rubbish", "household": hh,
                                                "assignee": "helper4"})
            self.assertEqual((st, r["error"]["field"]), (400, "assignee"), r)  # 徐汇's helper
            st, h, t = q.post("/api/v1/tasks", {"kind": "rubbish", "household": hh,
                                                "assignee": "helper3"})
            self.assertEqual((st, t["assignee"]), (201, "helper3"), t)
            helper = self.first_login(s, "helper3", acc["password"])
            st, h, mine = helper.get("/api/v1/tasks?assignee=helper3")
            self.assertEqual(st, 200, mine)
            self.assertEqual([i["id"] for i in mine["items"]], [t["id"]])
            st, h, r = helper.post(f"/api/v1/tasks/{t['id']}/done", {"note": "已清运"})
            self.assertEqual((st, r["state"]), (200, "done"), r)
            other = self.first_login(s, "helper4", far_acc["password"])
            st, h, r = other.get(f"/api/v1/tasks/{t['id']}")
            self.assertEqual(st, 404, r)  # another committee's helper
            helper.close()
            other.close()

    def test_the_posts_page_roster_notes_and_teams(self):
        a = self.w["post"]["A"]
        s0, s1 = self.w["staff"][6], self.w["staff"][7]
        with session(self.db, NOW, "jiangsulu", "qishan", "admin") as (s, street, q, admin):
            d0 = self.deploy(street, s0, a, "2020-03-09", "2020-03-12")  # Monday to Thursday
            st, h, d1 = street.post("/api/v1/deployments", {
                "staff": s1, "post": a, "from": "2020-03-11", "until": "2020-03-20",
                "duty": "gate", "shift": "night"})
            self.assertEqual(st, 201, d1)
            st, h, page = street.get(f"/api/v1/duty-posts/{a}?week=2020-03-09")
            self.assertEqual(st, 200, page)
            self.assertEqual(len(page["days"]), 7)
            names = {r["staff"]: r["name"] for r in page["roster"]}
            mon, wed, fri = page["days"][0], page["days"][2], page["days"][4]
            self.assertIn(names[s0], mon["day"]["staff"])
            self.assertEqual(mon["night"]["staff"], [])
            self.assertEqual((wed["day"]["staff"].count(names[s0]), wed["night"]["staff"]),
                             (1, [names[s1]]), wed)
            self.assertNotIn(names[s0], fri["day"]["staff"])
            self.assertEqual(mon["day"]["minimum"], 2)
            # A hand-over note for the next shift, read on the post's page.
            st, h, n = street.post(f"/api/v1/duty-posts/{a}/notes", {"note": "3号楼垃圾已清运，5号楼待收"})
            self.assertEqual((st, n["shift"], n["written_by"]), (201, "day", "jiangsulu"), n)
            st, h, r = street.post(f"/api/v1/duty-posts/{a}/notes", {"note": "  "})
            self.assertEqual((st, r["error"]["field"]), (400, "note"), r)
            st, h, r = q.post(f"/api/v1/duty-posts/{a}/notes", {"note": "x"})
            self.assertEqual(st, 403, r)  # a committee: no staff permission, not deployed
            x = self.w["post"]["X"]
            st, h, r = street.get(f"/api/v1/duty-posts/{x}")
            self.assertEqual(st, 404, r)  # another district's post
            # The deployed person's account writes and reads at its own post only.
            st, h, acc = street.post(f"/api/v1/deployments/{d0}/account", {"username": "helper6"})
            self.assertEqual(st, 201, acc)
            helper = self.first_login(s, "helper6", acc["password"])
            st, h, n2 = helper.post(f"/api/v1/duty-posts/{a}/notes", {"note": "交班：一切正常"})
            self.assertEqual((st, n2["written_by"]), (201, "helper6"), n2)
            st, h, page = helper.get(f"/api/v1/duty-posts/{a}")
            self.assertEqual([i["note"] for i in page["notes"]][:2],
                             ["交班：一切正常", "3号楼垃圾已清运，5号楼待收"], page)
            st, h, r = helper.get(f"/api/v1/duty-posts/{x}")
            self.assertEqual(st, 403, r)
            helper.close()
            # A team drawn from two home units, with a lead among its members.
            other = sql(self.db, "SELECT id FROM staff WHERE phone = '13800009999'")[0][0]
            members = [s0, s1, other]
            bad = [({"name": "一队", "post": a, "lead": self.w["staff"][0], "members": members},
                    400, "lead_not_member"),
                   ({"name": "一队", "post": a, "lead": s0, "members": [s0, s0]}, 400,
                    "duplicate"),
                   ({"name": "一队", "post": x, "lead": s0, "members": [s0]}, 404, "not_found")]
            for body, want, code in bad:
                st, h, r = street.post("/api/v1/teams", body)
                self.assertEqual((st, r["error"]["code"]), (want, code), r)
            st, h, t = street.post("/api/v1/teams", {"name": "岐山临时党支部", "post": a,
                                                     "lead": s1, "members": members})
            self.assertEqual(st, 201, t)
            self.assertEqual([m["staff"] for m in t["members"] if m["lead"]], [s1])
            self.assertEqual({m["home_unit"] for m in t["members"]},
                             {wf.CITY_OFFICE, wf.DISTRICT_OFFICE})
            st, h, r = street.post("/api/v1/teams", {"name": "岐山临时党支部", "post": a,
                                                     "lead": s1, "members": members})
            self.assertEqual((st, r["error"]["code"]), (409, "duplicate"), r)
            st, h, ts = street.get("/api/v1/teams")
            self.assertEqual([i["name"] for i in ts["items"]], ["岐山临时党支部"])
            st, h, ts = admin.get(f"/api/v1/teams?unit={XUHUI_COMMITTEE}")
            self.assertEqual(ts["items"], [])
            st, h, ts = q.get("/api/v1/teams")
            self.assertEqual(st, 403, ts)

    def test_the_servers_tick_opens_a_gap_task_that_closes_itself(self):
        out = wf.cli(self.db, "post", "--name", "江苏夜岗", "--kind", "committee", "--unit",
                     JIANGSU, "--min-night", "1")
        post = int(out.split()[1])
        # By day the post needs nobody: the tick at the start of the day
        # shift opens nothing for it.
        with server_at(self.db, NOW):
            pass
        self.assertEqual(sql(self.db, f"SELECT count(*) FROM gap_tasks WHERE duty_post = {post}"),
                         [[0]])
        # The night shift starts: the server's tick (no one read the
        # staffing) opens the gap task, to the street.
        with session(self.db, "2020-03-09T20:30", "jiangsulu") as (s, street):
            task = sql(self.db, f"SELECT task FROM gap_tasks WHERE duty_post = {post}")
            self.assertEqual(len(task), 1)
            task = task[0][0]
            st, h, t = street.get(f"/api/v1/tasks/{task}")
            self.assertEqual((st, t["state"]), (200, "open"), t)
            self.assertIn("江苏夜岗 夜班缺1人", t["title"])
            st, h, d = street.post("/api/v1/deployments", {
                "staff": self.w["staff"][5], "post": post, "from": "2020-03-09",
                "until": "2020-03-09", "duty": "gate", "shift": "night"})
            self.assertEqual(st, 201, d)
            st, h, t = street.get(f"/api/v1/tasks/{task}")
            self.assertEqual(t["state"], "done", t)
            last = t["events"][-1]
            self.assertEqual((last["kind"], last["detail"]), ("done", "岗位已补齐"), t)

    def test_command_line(self):
        out = wf.cli(self.db, "deploy", "--staff", str(self.w["staff"][5]), "--post",
                     str(self.w["post"]["A"]), "--from", "2020-04-01", "--until", "2020-04-30",
                     "--duty", "community")
        dep = out.split()[1]
        rc, out, err = cordon("staff", "account", "--deployment", dep, "--account", "helper5",
                              "--db", self.db, env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(rc, 0, err)
        name, role, pw = out.strip().split("\t")
        self.assertEqual((name, role, len(pw)), ("helper5", "helper", 16))
        self.assertEqual(sql(self.db, "SELECT valid_from, valid_until FROM accounts WHERE name = "
                                      "'helper5'"), [[18353, 18382]])
        rc, out, err = cordon("staff", "account", "--deployment", dep, "--db", self.db,
                              env={"CORDON_TODAY": "2020-03-09"})
        self.assertEqual(rc, 1, out)
        self.assertIn("already has an account", err)



def counts_world():
    """Two committee posts (岐山, a Xuhui committee), three city staff and one
    of 长宁区, the home unit account wjw of the city office, three
    deployments on 2020-03-09 and four and a half hours signed at 岐山.
    Returns (db, w, the district person's staff id, deployment ids)."""
    from api_helpers import make_world, password_of
    db = make_world()
    w = wf.seed(db, {"A": QISHAN, "X": XUHUI_COMMITTEE}, nstaff=3)
    path = tmp_path("district.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wf.staff_csv([("区干部", "13800009999", wf.DISTRICT_OFFICE, "2", "")]))
    wf.cli(db, "import", path)
    district_person = sql(db, "SELECT id FROM staff WHERE phone = '13800009999'")[0][0]
    rc, out, err = cordon("user", "add", "wjw", "--role", "home_unit", "--unit", "3101",
                          "--password-stdin", "--db", db, input=password_of("wjw") + "\n")
    assert rc == 0, err
    wf.cli(db, "member", "--account", "wjw", "--home-unit", wf.CITY_OFFICE)
    a, x, st = w["post"]["A"], w["post"]["X"], w["staff"]
    deps = [(st[0], a, "2020-03-08", "2020-03-10"), (st[1], x, "2020-03-01", "2020-03-31"),
            (district_person, a, "2020-03-09", "2020-03-09")]
    ids = []
    for who, post, frm, until in deps:
        out = wf.cli(db, "deploy", "--staff", str(who), "--post", str(post), "--from", frm,
                     "--until", until, "--duty", "community")
        ids.append(int(out.split()[1]))
    link = wf.cli(db, "link", "--deployment", str(ids[0])).strip().split("#")[1]
    # In at 08:00, out at 12:30: four and a half hours on the 9th.
    for now, action in (("2020-03-09T08:00", "in"), ("2020-03-09T12:30", "out")):
        with server_at(db, now) as s:
            phone = Client(s.port)
            r = phone.post(f"/api/v1/sign/{link}", {"post": a, "action": action})
            assert r[0] == 201, r
            phone.close()
    return db, w, district_person, ids


class CountsTest(unittest.TestCase):
    """Staff sent by home unit and batch, received by street, district and
    kind of post, duty hours per person from signing in and out; a home
    unit's account sees only its own staff's, and nothing of the register."""

    @classmethod
    def setUpClass(cls):
        cls.db, cls.w, cls.district_person, cls.deployments = counts_world()

    def test_counts_by_level_and_the_home_units_line(self):
        with session(self.db, NOW, "admin", "jiangsulu", "wjw", "qishan") as (s, admin, street,
                                                                              home, q):
            st, h, c = admin.get("/api/v1/staff/counts?date=2020-03-09")
            self.assertEqual(st, 200, c)
            self.assertEqual([(r["home_unit"], r["batch"], r["staff"], r["deployed"])
                              for r in c["sent"]],
                             [(wf.CITY_OFFICE, 1, 3, 2), (wf.DISTRICT_OFFICE, 2, 1, 1)], c)
            rec = c["received"]
            self.assertEqual((rec["total"], rec["by_district"], rec["by_street"], rec["by_kind"]),
                             (3, {"310105": 2, "310104": 1}, {"310105002": 2, "310104003": 1},
                              {"committee": 3}), rec)
            # The screen shows names, not codes.
            self.assertEqual(rec["names"], {"310105": "长宁区", "310104": "徐汇区",
                                            "310105002": "江苏路街道", "310104003": "天平路街道"}, rec)
            st, h, c = street.get("/api/v1/staff/counts?date=2020-03-09")
            self.assertEqual((c["sent"], c["received"]["total"], c["received"]["by_street"]),
                             ([], 2, {"310105002": 2}), c)
            st, h, hrs = admin.get("/api/v1/staff/hours?from=2020-03-09&until=2020-03-09")
            self.assertEqual([(i["staff"], i["hours"], i["days"]) for i in hrs["items"]],
                             [(self.w["staff"][0], 4.5, 1)], hrs)
            st, h, hrs = admin.get("/api/v1/staff/hours?from=2020-03-10&until=2020-03-12")
            self.assertEqual(hrs["items"], [])
            st, h, r = q.get("/api/v1/staff/counts")
            self.assertEqual(st, 403, r)  # a committee: no staff permission
            # The home unit: its own staff only, wherever they are.
            st, h, c = home.get("/api/v1/staff/counts?date=2020-03-09")
            self.assertEqual(st, 200, c)
            self.assertEqual([r["home_unit"] for r in c["sent"]], [wf.CITY_OFFICE], c)
            self.assertEqual((c["received"]["total"], c["received"]["by_district"]),
                             (2, {"310105": 1, "310104": 1}), c)
            st, h, hrs = home.get("/api/v1/staff/hours?from=2020-03-09&until=2020-03-09")
            self.assertEqual([i["home_unit"] for i in hrs["items"]], [wf.CITY_OFFICE], hrs)
            # ... and nothing of the register, the posts' pages or staffing.
            for path in ("/api/v1/residents", f"/api/v1/units/{QISHAN}/staffing",
                         f"/api/v1/duty-posts/{self.w['post']['A']}", f"/api/v1/units/{QISHAN}/counts",
                         "/api/v1/tasks", "/api/v1/teams"):
                st, h, r = home.get(path)
                self.assertEqual(st, 403, (path, r))

if __name__ == "__main__":
    unittest.main()
