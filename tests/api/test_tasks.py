"""Places, grids and tasks end to end, with the clock set by CORDON_NOW:
assignment from place to grid to person (and by hand), the state machine
(open -> accepted -> done, or cancelled) with its events, the daily rubbish
collection generated for a household in home quarantine (once a day
however often the sweep runs, ending with the quarantine), escalation
committee -> street -> district by the clock and on each level's board,
and jurisdiction: a property company sees only its compounds' tasks, other
committees and grids see nothing; bad input is refused with the field
named."""
import json
import unittest

from harness import cordon, sql
from api_helpers import DISTRICT, GRID1, GRID2, JIANGSU, QISHAN, STREET
from tasks_helpers import (LIU_YANG, WANG_FANG, ZHANG_WEI, make_task_world, resident_ids,
                           session, sweep)


def setup_grids(db):
    """Responsible persons for both grids, a market in grid 1, a property
    company serving 岐山村 with the `property` account. Returns ids."""
    out = {}
    with session(db, "2020-03-09T09:00", "qishan") as (s, q):
        for grid, who in ((GRID1, "grid1"), (GRID2, "grid2")):
            st, h, r = q.request("PUT", f"/api/v1/units/{grid}/responsible", {"account": who})
            assert st == 200, r
        st, h, p = q.post("/api/v1/places", {"kind": "market", "name": "岐山菜场", "grid": GRID1})
        assert st == 201, p
        out["market"] = p["id"]
        st, h, p = q.post("/api/v1/places", {"kind": "corridor", "name": "1号楼楼道",
                                             "grid": GRID1, "responsible": "grid2"})
        assert st == 201, p
        out["corridor"] = p["id"]
        st, h, cs = q.get("/api/v1/compounds")
        out["compounds"] = {c["name"]: c["id"] for c in cs["items"]}
        out["ids"] = resident_ids(q)
    rc, o, err = cordon("org", "add", "--street", STREET, "--name", "长宁物业", "--kind",
                        "property", "--db", db)
    assert rc == 0, err
    org = o.split()[1]
    rc, o, err = cordon("org", "link", org, "--compound", str(out["compounds"]["岐山村"]),
                        "--db", db)
    assert rc == 0, err
    rc, o, err = cordon("org", "member", org, "--account", "property", "--db", db)
    assert rc == 0, err
    return out


class AssignmentAndStatesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        cls.w = setup_grids(cls.db)

    def test_places_come_a_page_at_a_time(self):
        with session(self.db, "2020-03-09T10:00", "qishan") as (s, q):
            st, h, all_ = q.get("/api/v1/places")
            self.assertEqual(st, 200, all_)
            ids = [p["id"] for p in all_["items"]]
            # Every place of 岐山 (the two of setup_grids and those other
            # tests of this class added), each once.
            want = [r[0] for r in sql(self.db, f"SELECT id FROM places WHERE committee = {QISHAN}")]
            self.assertEqual(sorted(ids), sorted(want))
            self.assertIn(self.w["market"], ids)
            self.assertIn(self.w["corridor"], ids)
            self.assertIsNone(all_["next"])
            seen, cursor = [], None
            while True:
                st, h, page = q.get("/api/v1/places?limit=1" +
                                    (f"&cursor={cursor}" if cursor else ""))
                self.assertEqual(st, 200, page)
                self.assertLessEqual(len(page["items"]), 1)
                seen += [p["id"] for p in page["items"]]
                cursor = page["next"]
                if not cursor:
                    break
            self.assertEqual(seen, ids)
            for bad in ("limit=0", "limit=1001", "cursor=x"):
                st, h, r = q.get("/api/v1/places?" + bad)
                self.assertEqual((st, r["error"]["field"]), (400, bad.split("=")[0]))

    def test_place_grid_person(self):
        with session(self.db, "2020-03-09T10:00", "qishan", "grid1", "grid2") as (s, q, g1, g2):
            st, h, t = q.post("/api/v1/tasks", {"kind": "inspection", "place": self.w["market"]})
            self.assertEqual(st, 201, t)
            self.assertEqual((t["assignee"], t["grid"], t["state"]), ("grid1", GRID1, "open"))
            self.assertEqual(t["where"], "岐山菜场")
            self.assertEqual(t["deadline"], "2020-03-10T10:00:00+08:00")
            # A place with its own responsible person.
            st, h, t2 = q.post("/api/v1/tasks", {"kind": "repair", "place": self.w["corridor"],
                                                  "deadline": "2020-03-09T18:00"})
            self.assertEqual((st, t2["assignee"]), (201, "grid2"), t2)
            # A household: its grid's person (the grid of its residents in the
            # register: 王芳's room in 岐山村 is in grid 2); by hand: anyone of
            # the committee.
            hh = self.w["ids"][WANG_FANG][1]
            st, h, t3 = q.post("/api/v1/tasks", {"kind": "groceries", "household": hh})
            self.assertEqual((st, t3["assignee"], t3["grid"]), (201, "grid2", GRID2), t3)
            st, h, t4 = q.post("/api/v1/tasks", {"kind": "medicine", "household": hh,
                                                  "assignee": "qishan", "note": "降压药"})
            self.assertEqual((st, t4["assignee"], t4["note"]), (201, "qishan", "降压药"), t4)
            # 江苏路480弄 is in no grid: its tasks have nobody until the committee
            # draws it into grid 2.
            lane = self.w["ids"][LIU_YANG][1]
            st, h, t5 = q.post("/api/v1/tasks", {"kind": "rubbish", "household": lane})
            self.assertEqual((t5["assignee"], t5["grid"]), (None, None), t5)
            st, h, r = q.post(f"/api/v1/compounds/{self.w['compounds']['江苏路480弄']}/grid",
                              {"grid": GRID2})
            self.assertEqual(st, 200, r)
            st, h, t5 = q.post("/api/v1/tasks", {"kind": "rubbish", "household": lane})
            self.assertEqual((t5["assignee"], t5["grid"]), ("grid2", GRID2), t5)
            st, h, r = q.post(f"/api/v1/compounds/{self.w['compounds']['江苏路480弄']}/grid",
                              {"grid": None})
            self.assertEqual(st, 200, r)
            st, h, r = q.post(f"/api/v1/compounds/{self.w['compounds']['江苏路480弄']}/grid",
                              {"grid": "310105002003001"})
            self.assertEqual((st, r["error"]["field"]), (404, "grid"))
            # The state machine, by the assignee, one tap each.
            tid = t["id"]
            st, h, r = g1.post(f"/api/v1/tasks/{tid}/accept")
            self.assertEqual((st, r["state"]), (200, "accepted"), r)
            st, h, r = g1.post(f"/api/v1/tasks/{tid}/accept")
            self.assertEqual((st, r["error"]["code"]), (409, "bad_state"))
            st, h, r = g1.post(f"/api/v1/tasks/{tid}/done", {"note": "已处理"})
            self.assertEqual((st, r["state"], r["note"]), (200, "done", "已处理"))
            st, h, r = g1.post(f"/api/v1/tasks/{tid}/cancel")
            self.assertEqual(st, 409)
            st, h, r = q.get(f"/api/v1/tasks/{tid}")
            self.assertEqual([e["kind"] for e in r["events"]], ["created", "accepted", "done"])
            # A grid worker does not cancel the committee's task; the committee does.
            st, h, r = g2.post(f"/api/v1/tasks/{t2['id']}/cancel")
            self.assertEqual(st, 403, r)
            st, h, r = q.post(f"/api/v1/tasks/{t2['id']}/cancel", {"note": "重复"})
            self.assertEqual((st, r["state"]), (200, "cancelled"))
            # Accepting someone else's task takes it on.
            st, h, r = g2.post(f"/api/v1/tasks/{t4['id']}/accept")
            self.assertEqual((st, r["assignee"]), (200, "grid2"))
            st, h, r = g1.post(f"/api/v1/tasks/{t4['id']}/done")
            self.assertEqual(st, 404)

    def test_bad_input(self):
        with session(self.db, "2020-03-09T10:00", "qishan") as (s, q):
            hh = self.w["ids"][ZHANG_WEI][1]
            n = sql(self.db, "SELECT count(*) FROM tasks")
            for body, field, code in (
                    ({"place": self.w["market"]}, "kind", "missing"),
                    ({"kind": "sweeping", "place": self.w["market"]}, "kind", "bad_value"),
                    ({"kind": "repair"}, "place", "missing"),
                    ({"kind": "repair", "place": self.w["market"], "household": hh},
                     "household", "inconsistent"),
                    ({"kind": "repair", "place": 0}, "place", "bad_id"),
                    ({"kind": "repair", "place": self.w["market"],
                      "deadline": "2020-03-09T09:00"}, "deadline", "bad_value"),
                    ({"kind": "repair", "place": self.w["market"], "deadline": "tomorrow"},
                     "deadline", "bad_date"),
                    ({"kind": "repair", "place": self.w["market"], "assignee": "nobody"},
                     "assignee", "bad_value"),
                    ({"kind": "repair", "place": self.w["market"], "assignee": "jiangsu"},
                     "assignee", "bad_value"),
                    ({"kind": "repair", "place": self.w["market"], "urgent": "yes"},
                     "urgent", "bad_type"),
                    ({"kind": "repair", "place": self.w["market"], "colour": 1},
                     "colour", "unknown_field")):
                st, h, r = q.post("/api/v1/tasks", body)
                self.assertEqual(st, 400, (body, r))
                self.assertEqual((r["error"]["field"], r["error"]["code"]), (field, code), body)
            st, h, r = q.post("/api/v1/tasks", {"kind": "repair", "place": 999999})
            self.assertEqual((st, r["error"]["field"]), (404, "place"))
            for body, field in (({"kind": "pub", "name": "x", "grid": GRID1}, "kind"),
                                ({"kind": "park", "grid": GRID1}, "name"),
                                ({"kind": "park", "name": "x"}, "grid"),
                                ({"kind": "park", "name": "x", "grid": GRID1,
                                  "responsible": "jiangsu"}, "responsible")):
                st, h, r = q.post("/api/v1/places", body)
                self.assertEqual((st, r["error"]["field"]), (400, field), body)
            st, h, r = q.post("/api/v1/places", {"kind": "park", "name": "岐山菜场",
                                                 "grid": GRID1})
            self.assertEqual(st, 409)
            st, h, r = q.get("/api/v1/tasks?state=finished")
            self.assertEqual((st, r["error"]["field"]), (400, "state"))
            self.assertEqual(sql(self.db, "SELECT count(*) FROM tasks"), n)


class RecurringTest(unittest.TestCase):
    def test_daily_rubbish_until_the_quarantine_ends(self):
        db = make_task_world()
        w = setup_grids(db)
        rid, hh = w["ids"][ZHANG_WEI]
        with session(db, "2020-03-09T08:00", "qishan", "grid1") as (s, q, g1):
            st, h, case = q.post("/api/v1/quarantines", {"resident": rid, "kind": "home",
                                                         "from": "2020-03-08",
                                                         "until": "2020-03-11"})
            self.assertEqual(st, 201, case)
            self.assertEqual(case["tasks_generated"], 1)
            st, h, r = g1.get("/api/v1/tasks?assignee=grid1&state=open")
            rubbish = [t for t in r["items"] if t["kind"] == "rubbish"]
            self.assertEqual([(t["day"], t["household"]) for t in rubbish],
                             [("2020-03-09", hh)])
            self.assertEqual(rubbish[0]["deadline"], "2020-03-09T18:00:00+08:00")
            home = rubbish[0]["home"]
            self.assertEqual((home["compound"], home["building"], home["unit"], home["room"],
                              home["head"]["id"]), ("岐山村", "1号", "1", "101", rid), home)
            st, h, r = g1.post(f"/api/v1/tasks/{rubbish[0]['id']}/done")
            self.assertEqual(st, 200)
        # Each morning one more, however often the sweep runs.
        for day in ("2020-03-10", "2020-03-11"):
            sweep(db, day + "T06:00")
            sweep(db, day + "T07:00")
            with session(db, day + "T08:00", "grid1") as (s, g1):
                st, h, r = g1.get("/api/v1/tasks?state=open")
                days = [t["day"] for t in r["items"] if t["kind"] == "rubbish"]
                self.assertEqual(days, [day], r)
                g1.post(f"/api/v1/tasks/{[t for t in r['items'] if t['kind'] == 'rubbish'][0]['id']}/done")
        # The quarantine is over: no more.
        sweep(db, "2020-03-12T06:00")
        self.assertEqual(sql(db, "SELECT day FROM tasks WHERE kind = 'rubbish' ORDER BY day"),
                         [[18330], [18331], [18332]])
        self.assertEqual(sql(db, f"SELECT state FROM quarantines WHERE id = {case['id']}"), [[1]])
        # A case of an address without a grid person goes to the follower.
        with session(db, "2020-03-12T08:00", "qishan") as (s, q):
            rid2, hh2 = w["ids"][LIU_YANG]
            st, h, r = q.get(f"/api/v1/tasks?state=open")
            self.assertEqual([t for t in r["items"] if t["kind"] == "rubbish"], [])


class EscalationTest(unittest.TestCase):
    def test_committee_street_district(self):
        db = make_task_world()
        w = setup_grids(db)
        with session(db, "2020-03-09T10:00", "qishan") as (s, q):
            st, h, t = q.post("/api/v1/tasks", {"kind": "repair", "place": w["market"],
                                                "deadline": "2020-03-09T18:00"})
            self.assertEqual(st, 201, t)
        tid = t["id"]
        # (now, escalation, on the board of committee, street, district)
        steps = (("2020-03-09T17:59", "none", False, False, False),
                 ("2020-03-09T18:01", "committee", True, False, False),
                 ("2020-03-09T22:01", "street", True, True, False),
                 ("2020-03-10T18:01", "district", True, True, True))
        for now, esc, at_c, at_s, at_d in steps:
            with session(db, now, "qishan", "jiangsulu", "changning") as (s, q, st_, d):
                st, h, r = q.get(f"/api/v1/tasks/{tid}")
                self.assertEqual((r["escalation"], r["overdue"]), (esc, esc != "none"), now)
                for c, unit, want in ((q, QISHAN, at_c), (st_, STREET, at_s),
                                      (d, DISTRICT, at_d)):
                    st, h, b = c.get(f"/api/v1/tasks?unit={unit}&board=1")
                    self.assertEqual(tid in [i["id"] for i in b["items"]], want, (now, unit))
                    st, h, dash = c.get(f"/api/v1/units/{unit}/dashboard")
                    self.assertEqual(dash["tasks"]["board"], int(want), (now, unit))
                    self.assertEqual(dash["tasks"]["open"], 1)
            # The server's tick recorded the steps reached, once each.
            kinds = sql(db, f"SELECT detail FROM task_events WHERE task = {tid} AND "
                            "kind = 'escalated' ORDER BY seq")
            want = {"none": 0, "committee": 1, "street": 2, "district": 3}[esc]
            self.assertEqual(len(kinds), want, (now, kinds))
        sweep(db, "2020-03-10T18:30")
        self.assertEqual(sql(db, f"SELECT count(*) FROM task_events WHERE task = {tid} "
                                 "AND kind = 'escalated'"), [[3]])
        # Done: off every board.
        with session(db, "2020-03-10T19:00", "grid1", "changning") as (s, g1, d):
            st, h, r = g1.post(f"/api/v1/tasks/{tid}/done")
            self.assertEqual(st, 200)
            st, h, b = d.get(f"/api/v1/tasks?unit={DISTRICT}&board=1")
            self.assertEqual(b["items"], [])


class JurisdictionTest(unittest.TestCase):
    def test_who_sees_which_task(self):
        db = make_task_world()
        w = setup_grids(db)
        ids = w["ids"]
        with session(db, "2020-03-09T10:00", "qishan") as (s, q):
            made = {}
            for name, body in (("market", {"kind": "inspection", "place": w["market"]}),
                               ("qishan_village", {"kind": "rubbish",
                                                   "household": ids[ZHANG_WEI][1]}),
                               ("grid2_home", {"kind": "groceries",
                                               "household": ids[WANG_FANG][1]}),
                               ("lane480", {"kind": "medicine",
                                            "household": ids[LIU_YANG][1]})):
                st, h, t = q.post("/api/v1/tasks", body)
                self.assertEqual(st, 201, t)
                made[name] = t["id"]
        # 岐山村 is the property company's: ZHANG_WEI's and WANG_FANG's homes.
        sees = {
            "qishan": set(made), "jiangsulu": set(made), "changning": set(made),
            "admin": set(made), "grid1": {"market", "qishan_village"},
            "grid2": {"grid2_home"}, "property": {"qishan_village", "grid2_home"},
            "jiangsu": set(),
        }
        with session(db, "2020-03-09T11:00", *sees) as (s, *clients):
            for name, c in zip(sees, clients):
                st, h, r = c.get("/api/v1/tasks")
                self.assertEqual(st, 200, (name, r))
                got = {k for k, v in made.items() if v in [i["id"] for i in r["items"]]}
                self.assertEqual(got, sees[name], name)
                # A household task carries its household, read with it: the
                # head masked, and only for who may read the register.
                heads = {k: i["home"]["head"] for i in r["items"] for k, v in made.items()
                         if v == i["id"] and i["household"]}
                self.assertNotIn("张伟", json.dumps(r, ensure_ascii=False), name)
                if "qishan_village" in heads:
                    self.assertEqual(heads["qishan_village"] and heads["qishan_village"]["name"],
                                     None if name == "property" else "张*", name)
                for k, tid in made.items():
                    st, h, r = c.get(f"/api/v1/tasks/{tid}")
                    self.assertEqual(st, 200 if k in sees[name] else 404, (name, k))
                # Accepting what one does not see is as if it did not exist.
                hidden = [v for k, v in made.items() if k not in sees[name]]
                if hidden:
                    st, h, r = c.post(f"/api/v1/tasks/{hidden[0]}/accept")
                    self.assertEqual(st, 404, name)
            byname = dict(zip(sees, clients))
            st, h, r = byname["jiangsu"].get(f"/api/v1/tasks?unit={QISHAN}")
            self.assertEqual(st, 404)
            st, h, r = byname["grid1"].get(f"/api/v1/tasks?unit={GRID2}")
            self.assertEqual(st, 404)
            # The property company creates tasks for its compounds only.
            st, h, r = byname["property"].post("/api/v1/tasks", {"kind": "repair",
                                                                 "household": ids[ZHANG_WEI][1]})
            self.assertEqual(st, 201, r)
            st, h, r = byname["property"].post("/api/v1/tasks", {"kind": "repair",
                                                                 "household": ids[LIU_YANG][1]})
            self.assertEqual(st, 404, r)
            st, h, r = byname["property"].post("/api/v1/tasks", {"kind": "repair",
                                                                 "place": w["market"]})
            self.assertEqual(st, 404, r)
            # Places and grid people: only the committee draws them.
            for name in ("grid1", "property", "jiangsulu"):
                st, h, r = byname[name].post("/api/v1/places", {"kind": "park", "name": "x",
                                                                "grid": GRID1})
                self.assertEqual(st, 403, name)
            st, h, r = byname["jiangsu"].post("/api/v1/places", {"kind": "park", "name": "x",
                                                                 "grid": GRID1})
            self.assertEqual(st, 404)
            st, h, r = byname["jiangsu"].request("PUT", f"/api/v1/units/{GRID1}/responsible",
                                                 {"account": "jiangsu"})
            self.assertEqual(st, 404)
        # A property account of no organisation sees nothing.
        rc, o, err = cordon("user", "add", "prop2", "--role", "property", "--unit", QISHAN,
                            "--password-stdin", "--db", db, input="pw-prop2-2020\n")
        self.assertEqual(rc, 0, err)
        with session(db, "2020-03-09T11:00") as (s,):
            from api_helpers import Client
            c = Client(s.port)
            st, h, b = c.login("prop2", "pw-prop2-2020")
            self.assertEqual(st, 200)
            st, h, r = c.get("/api/v1/tasks")
            self.assertEqual((st, r["items"]), (200, []))
            c.close()


if __name__ == "__main__":
    unittest.main()


class CommandLineTest(unittest.TestCase):
    def test_setup_from_the_command_line(self):
        db = make_task_world()
        env = {"CORDON_NOW": "2020-03-09T09:00"}
        rc, out, err = cordon("place", "responsible", "--grid", GRID1, "--account", "grid1",
                              "--db", db)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("place", "add", "--grid", GRID1, "--kind", "garage", "--name",
                              "地下车库", "--db", db)
        self.assertEqual((rc, out.split()[0]), (0, "place"), err)
        rc, out, err = cordon("place", "list", "--unit", QISHAN, "--db", db)
        self.assertIn("地下车库", out)
        rid = sql(db, "SELECT id FROM residents WHERE doc_no = '310105198001011235'")[0][0]
        rc, out, err = cordon("quarantine", "open", "--resident", str(rid), "--kind", "home",
                              "--from", "2020-03-09", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"checkin\.html#[0-9a-f]{64}; 1 task")
        rc, out, err = cordon("quarantine", "open", "--resident", str(rid), "--kind", "home",
                              "--from", "2020-03-09", "--db", db, env=env)
        self.assertEqual(rc, 1)
        self.assertIn("resident", err)
        rc, out, err = cordon("quarantine", "list", "--unit", QISHAN, "--db", db, env=env)
        self.assertIn("2020-03-09..2020-03-22", out)
        rc, out, err = cordon("task", "list", "--unit", QISHAN, "--db", db, env=env)
        self.assertEqual(len([l for l in out.splitlines() if "\trubbish\t" in l]), 1, out)
        self.assertIn("grid1", out)
        rc, out, err = cordon("task", "sweep", "--db", db, env=env)
        self.assertEqual((rc, out.split(",")[1].strip()), (0, "0 task(s) generated"), out)
        # Usage errors say so and exit 2; wrong values exit 1 with the field.
        for args in (("task",), ("task", "frobnicate"), ("place", "add", "--bogus"),
                     ("org", "link", "1"), ("quarantine",)):
            rc, out, err = cordon(*args, "--db", db)
            self.assertEqual(rc, 2, (args, err))
        rc, out, err = cordon("place", "add", "--grid", GRID1, "--kind", "pub", "--name", "x",
                              "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("kind", err)
        rc, out, err = cordon("org", "add", "--street", QISHAN, "--name", "x", "--kind",
                              "property", "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("street", err)
