"""Checkpoint screening end to end through the API, against a real `cordon
serve`: screen at the south-west exit -> the hand-over lands in 岐山居委会's
inbox -> accept -> the resident's colour and the counts change (blue from
elsewhere in China, yellow from abroad, red with a fever); the same person
screened twice on one day is flagged, not duplicated; bad input answers 400
with the field named and writes nothing; a destination outside the city
goes to the city's queue; the self-declaration form; posts and posters;
and every crossing of a jurisdiction line answers 403 or 404."""
import unittest

from harness import sql
from api_helpers import CITY, DISTRICT, JIANGSU, QISHAN, STREET
from checkpoint_helpers import (QISHAN_ADDRESS, event_kinds, id_number, login,
                                make_station_world, server_at, traveller)


class ScreeningLoopTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.posts = make_station_world()
        cls.server = server_at(cls.db)
        cls.server.__enter__()
        cls.c = {n: login(cls.server, n) for n in
                 ("sw", "se", "qishan", "jiangsu", "jiangsulu", "changning", "admin", "viewer",
                  "checkpoint", "grid1")}

    @classmethod
    def tearDownClass(cls):
        for c in cls.c.values():
            c.close()
        cls.server.__exit__(None, None, None)

    def counts(self, unit=QISHAN):
        st, h, body = self.c["qishan"].get(f"/api/v1/units/{unit}/counts") if unit == QISHAN \
            else self.c["admin"].get(f"/api/v1/units/{unit}/counts")
        self.assertEqual(st, 200, body)
        return body

    def screen(self, who="sw", status=201, **kw):
        st, h, body = self.c[who].post("/api/v1/screenings", kw)
        self.assertEqual(st, status, body)
        return body

    def inbox(self, who="qishan", query=""):
        st, h, body = self.c[who].get("/api/v1/handovers" + query)
        self.assertEqual(st, 200, body)
        return {i["id"]: i for i in body["items"]}

    def accept(self, hid, who="qishan", body=None, status=200):
        st, h, data = self.c[who].post(f"/api/v1/handovers/{hid}/accept", body or {})
        self.assertEqual(st, status, data)
        return data

    # ---- the loop ------------------------------------------------------------------

    def test_the_loop_domestic_turns_blue(self):
        before = self.counts()
        above = {unit: self.counts(unit) for unit in (STREET, DISTRICT, CITY)}
        s = self.screen(**traveller(101))
        self.assertFalse(s["duplicate"])
        self.assertIsNone(s["alert"])
        self.assertEqual(s["post"]["name"], "西南出口")
        self.assertEqual(s["post"]["checkpoint"], "上海站")
        self.assertEqual((s["sex"], s["birth"]), ("male", "1990-01-01"))
        ho = s["handover"]
        self.assertEqual((ho["unit"], ho["unit_name"], ho["level"], ho["status"]),
                         (QISHAN, "岐山居委会", 4, "resolved"))
        self.assertEqual(ho["deadline"], "2020-03-09T22:00:00+08:00")
        inbox = self.inbox()
        self.assertIn(ho["id"], inbox)
        item = inbox[ho["id"]]
        self.assertEqual(item["state"], "pending")
        self.assertFalse(item["overdue"])
        self.assertEqual(item["address"]["compound"], "岐山村")
        self.assertEqual(item["address"]["room"], "601")
        self.assertTrue(item["screening"]["masked"])
        self.assertEqual(item["screening"]["name"], "旅****")
        # The committee's neighbour does not see it.
        self.assertNotIn(ho["id"], self.inbox("jiangsu"))
        done = self.accept(ho["id"])
        self.assertEqual(done["state"], "accepted")
        rid = done["resident"]
        st, h, r = self.c["qishan"].get(f"/api/v1/residents/{rid}")
        self.assertEqual(st, 200, r)
        self.assertEqual(r["colour"], "blue")
        self.assertEqual(r["facts"]["arrival"],
                         {"date": "2020-03-09", "origin": "湖北武汉", "abroad": False})
        self.assertEqual(r["address"]["compound"], "岐山村")
        self.assertEqual(r["address"]["building"], "12号")
        self.assertEqual(r["address"]["room"], "601")
        after = self.counts()
        self.assertEqual(after["total"], before["total"] + 1)
        self.assertEqual(after["colours"]["blue"], before["colours"]["blue"] + 1)
        # Every level above counts the newcomer too, exactly once.
        for unit in (STREET, DISTRICT, CITY):
            now = self.counts(unit)
            self.assertEqual(now["total"], above[unit]["total"] + 1, unit)
            self.assertEqual(now["colours"]["blue"], above[unit]["colours"]["blue"] + 1, unit)
        st, h, full = self.c["qishan"].get(f"/api/v1/handovers/{ho['id']}")
        self.assertEqual(event_kinds(full), ["created", "accepted"])
        st, h, hist = self.c["qishan"].get(f"/api/v1/residents/{rid}/history")
        self.assertEqual(hist["items"][0]["source"], "handover")
        # Accepting twice is refused.
        self.accept(ho["id"], status=409)
        self.assertNotIn(ho["id"], self.inbox())
        self.assertIn(ho["id"], self.inbox(query="?state=accepted"))

    def test_abroad_turns_yellow_and_fever_red(self):
        s = self.screen(**traveller(102, origin="意大利", abroad=True, travel="mu5101"))
        self.assertEqual(s["travel"], "MU5101")
        done = self.accept(s["handover"]["id"])
        st, h, r = self.c["qishan"].get(f"/api/v1/residents/{done['resident']}")
        self.assertEqual(r["colour"], "yellow")
        s = self.screen(**traveller(103, temperature="37.3"))
        self.assertTrue(s["fever"])
        self.assertEqual(s["alert"], "fever")
        st, h, full = self.c["qishan"].get(f"/api/v1/handovers/{s['handover']['id']}")
        self.assertEqual(event_kinds(full), ["created", "referral"])
        done = self.accept(s["handover"]["id"])
        st, h, r = self.c["qishan"].get(f"/api/v1/residents/{done['resident']}")
        self.assertEqual((r["colour"], r["facts"]["health"]), ("red", "fever"))

    def test_accept_links_a_registered_resident(self):
        # 张伟 of the fixture lives in 岐山村1号101 and came back today.
        body = traveller(0, document="310105198001011235", name="张伟",
                         destination="岐山村1号101")
        s = self.screen(**body)
        # A city admin may not unmask: it searches by the whole number.
        st, h, before = self.c["admin"].get("/api/v1/residents?q=310105198001011235")
        rid = before["items"][0]["id"]
        total = self.counts()["total"]
        done = self.accept(s["handover"]["id"])
        self.assertEqual(done["resident"], rid)
        self.assertEqual(self.counts()["total"], total)
        st, h, r = self.c["qishan"].get(f"/api/v1/residents/{rid}")
        self.assertEqual(r["colour"], "blue")

    def test_duplicate_the_same_day_at_any_post(self):
        body = traveller(104)
        first = self.screen(**body)
        n = sql(self.db, "SELECT count(*) FROM screenings")[0][0]
        again = self.screen("se", status=200, **body)
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["id"], first["id"])
        self.assertEqual(again["handover"]["id"], first["handover"]["id"])
        self.assertTrue(again["masked"])
        self.assertEqual(again["post"]["name"], "西南出口")
        self.assertEqual(sql(self.db, "SELECT count(*) FROM screenings")[0][0], n)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM handovers WHERE id = %d"
                             % first["id"])[0][0], 1)

    # ---- bad input --------------------------------------------------------------------

    def bad(self, field, code=None, who="sw", **kw):
        n = sql(self.db, "SELECT (SELECT count(*) FROM screenings) + "
                         "(SELECT count(*) FROM handovers)")[0][0]
        st, h, body = self.c[who].post("/api/v1/screenings", kw)
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["field"], field, body)
        if code:
            self.assertEqual(body["error"]["code"], code, body)
        self.assertEqual(sql(self.db, "SELECT (SELECT count(*) FROM screenings) + "
                                      "(SELECT count(*) FROM handovers)")[0][0], n)

    def test_bad_input_names_the_field_and_writes_nothing(self):
        self.bad("temperature", "impossible_temperature", **traveller(110, temperature=33.9))
        self.bad("temperature", "impossible_temperature", **traveller(110, temperature="43.1"))
        self.bad("temperature", None, **traveller(110, temperature="hot"))
        self.bad("temperature", "missing", **{k: v for k, v in traveller(110).items()
                                              if k != "temperature"})
        doc = id_number(seq=110)
        wrong = doc[:-1] + ("0" if doc[-1] != "0" else "1")
        self.bad("document", "bad_check_digit", **traveller(110, document=wrong))
        self.bad("document", None, **traveller(110, document="12345"))
        self.bad("document", None, **traveller(110, document_type="passport",
                                               document="E12/34-567"))
        self.bad("document_override", None, **traveller(110, document_override="looks odd"))
        self.bad("document_type", None, **traveller(110, document_type="library_card"))
        self.bad("destination", None, **traveller(110, destination=""))
        self.bad("destination", None, **traveller(110, destination="  ，。 "))
        self.bad("name", "missing", **traveller(110, name=""))
        self.bad("origin", "missing", **traveller(110, origin=None))
        self.bad("phone", None, **traveller(110, phone="12345"))
        self.bad("abroad", "bad_type", **traveller(110, abroad="yes"))
        self.bad("colour", "unknown_field", **traveller(110, colour="red"))
        self.bad("post", None, who="checkpoint", **traveller(110))

    def test_foreign_document_with_an_override(self):
        s = self.screen(**traveller(111, document_type="passport", document="E12/34-567",
                                    document_override="旧版护照号码带符号", abroad=True,
                                    origin="日本"))
        self.assertEqual(s["document_override"], "旧版护照号码带符号")
        self.assertEqual(s["document_type"], "passport")
        self.assertIsNone(s["birth"])
        s = self.screen(**traveller(112, document_type="passport", document="e1234567"))
        self.assertEqual(s["document"], "E1234567")
        self.assertIsNone(s["document_override"])

    def test_outside_the_city_goes_to_the_city_queue(self):
        s = self.screen(**traveller(113, destination="北京市朝阳区建国路88号"))
        ho = s["handover"]
        self.assertEqual((ho["unit"], ho["level"], ho["status"]), (CITY, 1, "outside"))
        self.assertIn(ho["id"], self.inbox("admin", "?unit=" + CITY))
        self.assertNotIn(ho["id"], self.inbox("changning"))
        # Not a committee: route it first.
        self.accept(ho["id"], who="admin", status=409)
        s = self.screen(**traveller(114, destination="长宁区长宁路1000号"))
        self.assertEqual((s["handover"]["unit"], s["handover"]["status"]), (DISTRICT, "partial"))
        self.assertIn(s["handover"]["id"], self.inbox("changning"))
        self.assertNotIn(s["handover"]["id"], self.inbox("jiangsulu"))

    # ---- jurisdiction ------------------------------------------------------------------

    def test_checkpoint_accounts_see_only_their_post(self):
        s = self.screen(**traveller(120))
        sid = s["id"]
        st, h, body = self.c["sw"].get(f"/api/v1/screenings/{sid}")
        self.assertEqual(st, 200, body)
        self.assertTrue(body["masked"])
        for who in ("se", "qishan", "admin", "viewer"):
            st, h, body = self.c[who].get(f"/api/v1/screenings/{sid}")
            self.assertEqual(st, 404 if who == "se" else 403, (who, body))
        st, h, body = self.c["sw"].get("/api/v1/screenings?limit=500")
        self.assertIn(sid, [i["id"] for i in body["items"]])
        self.assertEqual({i["post"]["name"] for i in body["items"]}, {"西南出口"})
        st, h, body = self.c["se"].get("/api/v1/screenings?limit=500")
        self.assertNotIn(sid, [i["id"] for i in body["items"]])
        st, h, body = self.c["se"].get(f"/api/v1/screenings?post={self.posts['sw']}")
        self.assertEqual(st, 404, body)
        # Screening at another team's post: as if it did not exist.
        st, h, body = self.c["sw"].post("/api/v1/screenings",
                                        traveller(121, post=self.posts["se"]))
        self.assertEqual((st, body["error"]["field"]), (404, "post"))
        # Nothing of the register, nothing of the hand-overs.
        for path in ("/api/v1/residents", "/api/v1/handovers", f"/api/v1/units/{QISHAN}/counts",
                     f"/api/v1/handovers/{s['handover']['id']}"):
            st, h, body = self.c["sw"].get(path)
            self.assertEqual(st, 403, (path, body))
        st, h, body = self.c["sw"].post(f"/api/v1/handovers/{s['handover']['id']}/accept", {})
        self.assertEqual(st, 403, body)
        # Only checkpoint accounts screen.
        for who in ("qishan", "admin", "viewer", "grid1"):
            st, h, body = self.c[who].post("/api/v1/screenings", traveller(122))
            self.assertEqual(st, 403, (who, body))
        # A post-less checkpoint account of the city may screen at any post.
        st, h, body = self.c["checkpoint"].post("/api/v1/screenings",
                                                traveller(123, post=self.posts["nw"]))
        self.assertEqual(st, 201, body)

    def test_screenings_a_page_at_a_time(self):
        nw = self.posts["nw"]
        st, h, body = self.c["checkpoint"].get(f"/api/v1/screenings?post={nw}&limit=500")
        already = len(body["items"])
        for seq in (124, 125):
            st, h, body = self.c["checkpoint"].post("/api/v1/screenings",
                                                    traveller(seq, post=nw))
            self.assertEqual(st, 201, body)
        st, h, body = self.c["checkpoint"].get(f"/api/v1/screenings?post={nw}&limit=500")
        n = len(body["items"])
        self.assertEqual(n, already + 2)
        st, h, body = self.c["checkpoint"].get(f"/api/v1/screenings?post={nw}&limit={n}")
        self.assertIsNone(body["next"])
        st, h, first = self.c["checkpoint"].get(f"/api/v1/screenings?post={nw}&limit={n - 1}")
        self.assertIsNotNone(first["next"])
        st, h, rest = self.c["checkpoint"].get(
            f"/api/v1/screenings?post={nw}&limit={n}&cursor={first['next']}")
        self.assertEqual(len(first["items"]) + len(rest["items"]), n)
        self.assertIsNone(rest["next"])
        st, h, body = self.c["checkpoint"].get("/api/v1/screenings?date=2020-02-30")
        self.assertEqual((st, body["error"]["field"]), (400, "date"))

    def test_handovers_within_the_scope_only(self):
        s = self.screen(**traveller(130))
        hid = s["handover"]["id"]
        for who, status in (("qishan", 200), ("jiangsulu", 200), ("changning", 200),
                            ("admin", 200), ("jiangsu", 404), ("viewer", 403), ("grid1", 403)):
            st, h, body = self.c[who].get(f"/api/v1/handovers/{hid}")
            self.assertEqual(st, status, (who, body))
        st, h, body = self.c["jiangsu"].get(f"/api/v1/handovers?unit={QISHAN}")
        self.assertEqual(st, 404, body)
        st, h, body = self.c["qishan"].get(f"/api/v1/handovers?unit={STREET}")
        self.assertEqual(st, 404, body)
        for action, body in (("accept", {}), ("reject", {"reason": "不认识"}),
                             ("route", {"unit": JIANGSU})):
            st, h, data = self.c["jiangsu"].post(f"/api/v1/handovers/{hid}/{action}", body)
            self.assertEqual(st, 404, (action, data))
        st, h, data = self.c["qishan"].get("/api/v1/handovers/99999")
        self.assertEqual(st, 404)

    def test_unmasked_for_roles_that_may_unmask_and_audited(self):
        s = self.screen(**traveller(131, name="王小明"))
        hid = s["handover"]["id"]
        st, h, body = self.c["qishan"].get(f"/api/v1/handovers/{hid}")
        self.assertEqual(body["screening"]["name"], "王**")
        st, h, body = self.c["qishan"].get(f"/api/v1/handovers/{hid}?unmask=1&reason=test")
        self.assertEqual(st, 200, body)
        self.assertFalse(body["screening"]["masked"])
        self.assertEqual((body["screening"]["name"], body["screening"]["phone"]),
                         ("王小明", "13900000131"))
        self.assertEqual(event_kinds(body), ["created"])
        st, h, audit = self.c["admin"].get("/api/v1/audit?account=qishan")
        self.assertIn("read_unmasked_handover", [i["action"] for i in audit["items"]])
        for who, status in (("changning", 403), ("admin", 403), ("jiangsu", 404),
                            ("sw", 403), ("jiangsulu", 200)):
            st, h, body = self.c[who].get(f"/api/v1/handovers/{hid}?unmask=1&reason=test")
            self.assertEqual(st, status, (who, body))
        st, h, body = self.c["qishan"].get(f"/api/v1/handovers/{hid}?unmask=yes")
        self.assertEqual((st, body["error"]["field"]), (400, "unmask"))

    def test_reject_goes_back_to_the_street_then_route(self):
        s = self.screen(**traveller(140))
        hid = s["handover"]["id"]
        st, h, body = self.c["qishan"].post(f"/api/v1/handovers/{hid}/reject", {})
        self.assertEqual((st, body["error"]["field"]), (400, "reason"))
        st, h, body = self.c["qishan"].post(f"/api/v1/handovers/{hid}/reject", {"reason": ""})
        self.assertEqual((st, body["error"]["field"]), (400, "reason"))
        st, h, body = self.c["qishan"].post(f"/api/v1/handovers/{hid}/reject",
                                            {"reason": "查无此人，地址应为江苏居委会"})
        self.assertEqual(st, 200, body)
        self.assertEqual((body["unit"], body["level"], body["state"]), (STREET, 3, "pending"))
        self.assertNotIn(hid, self.inbox())
        self.assertIn(hid, self.inbox("jiangsulu"))
        st, h, body = self.c["jiangsulu"].post(f"/api/v1/handovers/{hid}/route",
                                               {"unit": "1101"})
        self.assertEqual((st, body["error"]["field"]), (404, "unit"))
        st, h, body = self.c["jiangsulu"].post(f"/api/v1/handovers/{hid}/route",
                                               {"unit": "abc"})
        self.assertEqual((st, body["error"]["field"]), (400, "unit"))
        st, h, body = self.c["jiangsulu"].post(f"/api/v1/handovers/{hid}/route",
                                               {"unit": JIANGSU, "reason": "电话核实"})
        self.assertEqual(st, 200, body)
        self.assertEqual(body["unit"], JIANGSU)
        self.assertIn(hid, self.inbox("jiangsu"))
        done = self.accept(hid, who="jiangsu")
        st, h, r = self.c["jiangsu"].get(f"/api/v1/residents/{done['resident']}")
        self.assertEqual((r["committee"], r["colour"]), (JIANGSU, "blue"))
        # The room read from the address was Qishan's: not carried to 江苏.
        self.assertIsNone(r["address"])
        st, h, full = self.c["jiangsu"].get(f"/api/v1/handovers/{hid}")
        self.assertEqual(event_kinds(full), ["created", "rejected", "routed", "accepted"])
        self.assertEqual(full["events"][1]["detail"], "查无此人，地址应为江苏居委会")

    # ---- self-declaration and posts --------------------------------------------------

    def test_self_declaration_then_confirmed_by_the_officer(self):
        anon = login.__globals__["Client"](self.server.port)
        post = self.posts["sw"]
        st, h, body = anon.get(f"/api/v1/posts/{post}")
        self.assertEqual((st, body["name"], body["checkpoint"]), (200, "西南出口", "上海站"))
        decl = {k: v for k, v in traveller(150).items() if k != "temperature"}
        st, h, body = anon.post("/api/v1/declarations", dict(decl, post=post))
        self.assertEqual(st, 201, body)
        did = body["id"]
        st, h, body = anon.post("/api/v1/declarations", dict(decl, post=post, temperature=36))
        self.assertEqual((st, body["error"]["field"]), (400, "temperature"))
        st, h, body = anon.post("/api/v1/declarations", dict(decl, post=99999))
        self.assertEqual((st, body["error"]["field"]), (404, "post"))
        st, h, body = anon.get("/api/v1/declarations?document=" + decl["document"])
        self.assertEqual(st, 401)
        st, h, found = self.c["se"].get("/api/v1/declarations?document=" + decl["document"])
        self.assertEqual((st, found["items"]), (200, []))
        st, h, found = self.c["sw"].get("/api/v1/declarations?document=" + decl["document"])
        self.assertEqual(st, 200, found)
        self.assertEqual([d["id"] for d in found["items"]], [did])
        # Shown unmasked, so audited: one entry for the declaration shown,
        # none for the post that found nothing.
        rows = sql(self.db, "SELECT account_name, detail FROM audit "
                            "WHERE action = 'read_declaration'")
        self.assertEqual([r[0] for r in rows], ["sw"], rows)
        self.assertIn('"declaration":%d' % did, rows[0][1])
        self.assertEqual(found["items"][0]["name"], "旅客150")
        s = self.screen(**dict(decl, temperature=36.6, declaration=did))
        self.assertEqual(s["handover"]["unit"], QISHAN)
        st, h, found = self.c["sw"].get("/api/v1/declarations?document=" + decl["document"])
        self.assertEqual(found["items"][0]["screening"], s["id"])
        anon.close()

    def test_posts_and_posters(self):
        st, h, body = self.c["sw"].get("/api/v1/posts")
        self.assertEqual([p["name"] for p in body["items"]], ["西南出口"])
        st, h, body = self.c["admin"].get("/api/v1/posts")
        self.assertEqual(len(body["items"]), 3)
        st, h, body = self.c["qishan"].get("/api/v1/posts")
        self.assertEqual(body["items"], [])
        post = self.posts["sw"]
        st, h, pdf = self.c["sw"].get(f"/api/v1/posts/{post}/poster.pdf")
        self.assertEqual(st, 200)
        self.assertTrue(pdf.startswith(b"%PDF"))
        st, h, png = self.c["sw"].get(
            f"/api/v1/posts/{post}/poster.png?base=http://10.0.0.5:8080")
        self.assertEqual(st, 200)
        self.assertTrue(png.startswith(b"\x89PNG"))
        st, h, body = self.c["se"].get(f"/api/v1/posts/{post}/poster.pdf")
        self.assertEqual(st, 404)
        st, h, body = self.c["sw"].get(f"/api/v1/posts/{post}/poster.pdf?base=ftp://x")
        self.assertEqual((st, body["error"]["field"]), (400, "base"))

    def test_dashboard_counters(self):
        st, h, d = self.c["admin"].get(f"/api/v1/units/{CITY}/dashboard")
        city0 = d["checkpoints"]
        st, h, d = self.c["qishan"].get(f"/api/v1/units/{QISHAN}/dashboard")
        qishan0 = d["checkpoints"]
        self.screen(**traveller(160, temperature=38.2))
        st, h, d = self.c["admin"].get(f"/api/v1/units/{CITY}/dashboard")
        self.assertEqual(st, 200, d)
        cp = d["checkpoints"]
        self.assertEqual(cp["screenings"]["today"], city0["screenings"]["today"] + 1)
        self.assertEqual(cp["screenings"]["fever"], city0["screenings"]["fever"] + 1)
        posts0 = {p["name"]: p for p in city0["screenings"]["posts"]}
        sw0 = posts0.get("西南出口", {"screened": 0, "fever": 0})
        sw = {p["name"]: p for p in cp["screenings"]["posts"]}["西南出口"]
        self.assertEqual((sw["screened"], sw["fever"]), (sw0["screened"] + 1, sw0["fever"] + 1))
        st, h, d = self.c["qishan"].get(f"/api/v1/units/{QISHAN}/dashboard")
        cp = d["checkpoints"]
        self.assertEqual(cp["handovers"]["pending"], qishan0["handovers"]["pending"] + 1)
        self.assertEqual(cp["handovers"]["overdue"], 0)
        self.assertEqual(cp["screenings"]["posts"], [])


if __name__ == "__main__":
    unittest.main()
