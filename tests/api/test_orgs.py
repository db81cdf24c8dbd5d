"""Property companies and owners' committees over the API: the street
registers one (`POST /api/v1/orgs`), a committee links it to a compound of
its own (`POST /api/v1/orgs/{id}/compounds`), everyone who works with tasks
in that street lists it with its compounds; the property account of the
organisation then sees the tasks of that compound and of no other. Roles
without the right get 403, units and compounds outside the scope 404, bad
input 400 with the field named, and nothing is written."""
import unittest

from harness import cordon, sql
from api_helpers import DISTRICT, OTHER_STREET, QISHAN, STREET
from tasks_helpers import make_task_world, session


class OrganisationsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()
        with session(cls.db, "2020-03-09T09:00", "qishan", "jiangsu") as (s, q, j):
            st, h, cs = q.get("/api/v1/compounds")
            assert st == 200, cs
            cls.qishan_compounds = {c["name"]: c["id"] for c in cs["items"]}
            st, h, cs = j.get("/api/v1/compounds")
            assert st == 200, cs
            cls.jiangsu_compounds = {c["name"]: c["id"] for c in cs["items"]}

    def count_orgs(self):
        return sql(self.db, "SELECT count(*) FROM orgs")[0][0]

    def test_register_link_list_then_the_property_account_sees_its_compound(self):
        village = self.qishan_compounds["岐山村"]
        with session(self.db, "2020-03-09T09:00", "jiangsulu", "qishan", "jiangsu", "grid1",
                     "viewer") as (s, street, q, j, g1, viewer):
            st, h, org = street.post("/api/v1/orgs", {"name": "长宁物业二公司", "kind": "property",
                                                      "street": STREET})
            self.assertEqual(st, 201, org)
            self.assertEqual((org["street"], org["street_name"], org["compounds"]),
                             (STREET, "江苏路街道", []))
            oid = org["id"]
            # The committee links a compound of its own ...
            st, h, o = q.post(f"/api/v1/orgs/{oid}/compounds", {"compound": village})
            self.assertEqual(st, 200, o)
            self.assertEqual([c["name"] for c in o["compounds"]], ["岐山村"])
            # ... linking twice changes nothing ...
            st, h, o = q.post(f"/api/v1/orgs/{oid}/compounds", {"compound": village})
            self.assertEqual((st, len(o["compounds"])), (200, 1))
            # ... and not another committee's.
            other = next(iter(self.jiangsu_compounds.values()))
            st, h, o = q.post(f"/api/v1/orgs/{oid}/compounds", {"compound": other})
            self.assertEqual((st, o["error"]["field"]), (404, "compound"))
            # Listed for the street, the committees below it, a grid worker.
            for c in (street, q, j, g1):
                st, h, body = c.get("/api/v1/orgs")
                self.assertEqual(st, 200, body)
                self.assertIn(oid, [i["id"] for i in body["items"]])
            # A page at a time.
            st, h, first = street.get("/api/v1/orgs?limit=1")
            self.assertEqual((st, len(first["items"])), (200, 1), first)
            if first["next"]:
                st, h, rest = street.get(f"/api/v1/orgs?limit=1000&cursor={first['next']}")
                self.assertEqual(st, 200, rest)
                self.assertNotIn(first["items"][0]["id"], [i["id"] for i in rest["items"]])
            st, h, body = street.get("/api/v1/orgs?limit=0")
            self.assertEqual((st, body["error"]["field"]), (400, "limit"))
            st, h, body = street.get(f"/api/v1/orgs?unit={OTHER_STREET}")
            self.assertEqual(st, 404, body)
            st, h, body = viewer.get("/api/v1/orgs")
            self.assertEqual(st, 403, body)
        # The organisation's account sees the tasks of its compound only.
        rc, out, err = cordon("user", "add", "wuye2", "--role", "property", "--unit", QISHAN,
                              "--org", str(oid), "--password-stdin", "--db", self.db,
                              input="password-wuye2\n")
        self.assertEqual(rc, 0, err)
        with session(self.db, "2020-03-09T09:30", "qishan") as (s, q):
            st, h, hh = q.get(f"/api/v1/compounds/{village}")
            self.assertEqual(st, 200, hh)
            household = hh["households"][0]["id"]
            st, h, t = q.post("/api/v1/tasks", {"kind": "repair", "household": household,
                                                "title": "楼道灯坏了"})
            self.assertEqual(st, 201, t)
            others = [cid for name, cid in self.qishan_compounds.items() if name != "岐山村"]
            self.assertTrue(others, self.qishan_compounds)
            st, h, hh = q.get(f"/api/v1/compounds/{others[0]}")
            self.assertEqual(st, 200, hh)
            st, h, t2 = q.post("/api/v1/tasks", {"kind": "repair",
                                                 "household": hh["households"][0]["id"],
                                                 "title": "不归这家物业"})
            self.assertEqual(st, 201, t2)
            from api_helpers import Client
            c = Client(s.port)
            st, h, body = c.login("wuye2", "password-wuye2")
            self.assertEqual(st, 200, body)
            st, h, body = c.get("/api/v1/tasks")
            self.assertEqual(st, 200, body)
            seen = [i["id"] for i in body["items"]]
            self.assertIn(t["id"], seen)
            self.assertNotIn(t2["id"], seen)
            st, h, body = c.get(f"/api/v1/tasks/{t2['id']}")
            self.assertEqual(st, 404, body)
            c.close()

    def test_who_may_register_and_link(self):
        before = self.count_orgs()
        with session(self.db, "2020-03-09T09:00", "qishan", "grid1", "viewer", "checkpoint",
                     "changning", "jiangsulu") as (s, q, g1, viewer, cp, district, street):
            body = {"name": "某物业", "kind": "property", "street": STREET}
            for c in (q, g1, viewer, cp):
                st, h, r = c.post("/api/v1/orgs", body)
                self.assertEqual(st, 403, r)
            # A street outside the scope does not exist for the caller.
            st, h, r = street.post("/api/v1/orgs", dict(body, street=OTHER_STREET))
            self.assertEqual((st, r["error"]["field"]), (404, "street"))
            # The district may, within it.
            st, h, r = district.post("/api/v1/orgs", dict(body, name="区里登记的业委会",
                                                           kind="owners"))
            self.assertEqual(st, 201, r)
            oid = r["id"]
            # A grid worker may not link; an unknown organisation is 404.
            village = self.qishan_compounds["岐山村"]
            st, h, r = g1.post(f"/api/v1/orgs/{oid}/compounds", {"compound": village})
            self.assertEqual(st, 403, r)
            st, h, r = q.post("/api/v1/orgs/999999/compounds", {"compound": village})
            self.assertEqual((st, r["error"]["field"]), (404, "id"))
        self.assertEqual(self.count_orgs(), before + 1)

    def test_bad_input_names_the_field_and_writes_nothing(self):
        before = self.count_orgs()
        with session(self.db, "2020-03-09T09:00", "jiangsulu", "qishan") as (s, street, q):
            cases = [
                ({"kind": "property", "street": STREET}, "name"),
                ({"name": "", "kind": "property", "street": STREET}, "name"),
                ({"name": "x", "kind": "landlord", "street": STREET}, "kind"),
                ({"name": "x", "kind": "property"}, "street"),
                ({"name": "x", "kind": "property", "street": QISHAN}, "street"),
                ({"name": "x", "kind": "property", "street": "12ab"}, "street"),
                ({"name": "x", "kind": "property", "street": STREET, "boss": "y"}, "boss"),
                ({"name": 7, "kind": "property", "street": STREET}, "name"),
            ]
            for body, field in cases:
                st, h, r = street.post("/api/v1/orgs", body)
                self.assertEqual((st, r["error"]["field"]), (400, field), body)
            st, h, r = street.post("/api/v1/orgs", {"name": "重名物业", "kind": "property",
                                                    "street": STREET})
            self.assertEqual(st, 201, r)
            st, h, r2 = street.post("/api/v1/orgs", {"name": "重名物业", "kind": "owners",
                                                     "street": STREET})
            self.assertEqual((st, r2["error"]["field"]), (409, "name"))
            for body, field in (({}, "compound"), ({"compound": "1"}, "compound"),
                                ({"compound": 0}, "compound")):
                st, h, x = q.post(f"/api/v1/orgs/{r['id']}/compounds", body)
                self.assertEqual((st, x["error"]["field"]), (400, field), body)
            st, h, x = q.post("/api/v1/orgs/abc/compounds", {"compound": 1})
            self.assertEqual((st, x["error"]["field"]), (400, "id"))
        self.assertEqual(self.count_orgs(), before + 1)


if __name__ == "__main__":
    unittest.main()
