"""Resume-together groups (issue 16): the street groups enterprises that
depend on one another (a vehicle maker and its suppliers); no member opens
until every member is approved; the group reads with its members' statuses
(ready, how many it waits for, recounted here from the register) and comes
with the chain of its enterprise; bad input and jurisdiction."""
import unittest

from harness import sql
from tasks_helpers import session
from test_enterprises import credit_code, enterprise_world, ok

NOW = "2020-03-09T10:00"


class EnterpriseGroupsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        db, ids = enterprise_world("group-enterprises.csv")
        cls.db = db
        cls.maker, cls.s2, cls.parts = (ids[credit_code(n)] for n in (1, 2, 6))
        cls.others = [ids[credit_code(n)] for n in (3, 4)]
        ok("enterprise", "owner", str(cls.maker), "--account", "enterprise", "--db", db)
        ok("enterprise", "owner", str(cls.parts), "--account", "ent2", "--db", db)
        ok("enterprise", "assign", str(cls.parts), "--account", "specialist", "--db", db)

    def waiting(self, client, members):
        """Members neither approved nor open, recounted from the register."""
        st, h, page = client.get("/api/v1/enterprises?limit=1000")
        status = {e["id"]: e["status"] for e in page["items"]}
        return sum(status[i] not in ("approved", "partly_open", "fully_open") for i in members)

    def test_a_group_opens_only_when_every_member_is_approved(self):
        members = [self.maker, self.s2, self.parts]
        with session(self.db, NOW, "jiangsulu", "enterprise", "ent2", "specialist", "spec2",
                     "otherstreet") as (s, street, ent, ent2, spec, spec2, other):
            st, h, g = street.post("/api/v1/enterprise-groups",
                                   {"name": "整车及配套同步复工", "members": members})
            self.assertEqual(st, 201, g)
            self.assertEqual(sorted(m["id"] for m in g["members"]), sorted(members))
            self.assertEqual((g["ready"], g["waiting"]), (False, self.waiting(street, members)))

            def status(c, eid, value, **more):
                return c.post(f"/api/v1/enterprises/{eid}/status", dict(status=value, **more))
            for c, eid in ((ent, self.maker), (spec, self.parts)):
                self.assertEqual(status(c, eid, "applied")[0], 200)
                self.assertEqual(status(street, eid, "approved")[0], 200)
            # The maker and the parts maker are approved, the second supplier not yet.
            st, h, b = status(ent, self.maker, "partly_open", staff_on_site=100)
            self.assertEqual((st, b["error"]["code"]), (409, "group_waiting"), b)
            st, h, g = street.get(f"/api/v1/enterprise-groups/{g['id']}")
            self.assertEqual((g["ready"], g["waiting"]), (False, 1))
            self.assertEqual(g["waiting"], self.waiting(street, members))
            self.assertEqual([m["ready"] for m in g["members"] if m["id"] == self.s2], [False])
            # The chain of the maker carries its group.
            st, h, ch = street.post(f"/api/v1/enterprises/{self.maker}/suppliers",
                                    {"supplier": self.s2})
            st, h, ch = ent.get(f"/api/v1/enterprises/{self.maker}/chain")
            self.assertEqual((st, ch["group"]["id"], ch["group"]["waiting"]), (200, g["id"], 1))
            st, h, ch = street.get(f"/api/v1/enterprises/{self.others[0]}/chain")
            self.assertIsNone(ch["group"])
            # The last one approved: the group opens, member by member.
            self.assertEqual(status(street, self.s2, "applied")[0], 403)
            ok("enterprise", "owner", str(self.s2), "--account", "ent2", "--db", self.db)
            self.assertEqual(status(ent2, self.s2, "applied")[0], 200)
            self.assertEqual(status(street, self.s2, "approved")[0], 200)
            st, h, b = status(ent, self.maker, "partly_open", staff_on_site=100)
            self.assertEqual((st, b["status"]), (200, "partly_open"), b)
            st, h, g = spec.get(f"/api/v1/enterprise-groups/{g['id']}")
            self.assertEqual((st, g["ready"], g["waiting"]), (200, True, 0))
            # Who reads a group: a member's own account or specialist, the street.
            st, h, b = ent2.get(f"/api/v1/enterprise-groups/{g['id']}")
            self.assertEqual(st, 200, b)
            for c in (spec2, other):
                st, h, b = c.get(f"/api/v1/enterprise-groups/{g['id']}")
                self.assertEqual(st, 404, b)
            st, h, b = street.get("/api/v1/enterprise-groups/999999")
            self.assertEqual(st, 404, b)

    def test_bad_groups_write_nothing(self):
        a, b = self.others
        with session(self.db, NOW, "jiangsulu", "enterprise", "otherstreet",
                     "changning") as (s, street, ent, other, district):
            n = int(sql(self.db, "SELECT count(*) FROM enterprise_groups")[0][0])
            for body, code in (({"name": "甲", "members": [a]}, "too_few"),
                               ({"name": "甲", "members": [a, a]}, "duplicate"),
                               ({"name": "甲", "members": [a, 0]}, "bad_id"),
                               ({"name": "甲", "members": "1,2"}, "bad_value"),
                               ({"members": [a, b]}, "missing"),
                               ({"name": "甲", "members": [a, b], "x": 1}, "unknown_field")):
                st, h, r = street.post("/api/v1/enterprise-groups", body)
                self.assertEqual((st, r["error"]["code"]), (400, code), body)
            st, h, r = street.post("/api/v1/enterprise-groups",
                                   {"name": "甲", "members": [a, 999999]})
            self.assertEqual((st, r["error"]["field"]), (404, "members"))
            st, h, r = other.post("/api/v1/enterprise-groups", {"name": "甲", "members": [a, b]})
            self.assertEqual((st, r["error"]["field"]), (404, "members"))
            for c in (ent, district):
                st, h, r = c.post("/api/v1/enterprise-groups", {"name": "甲", "members": [a, b]})
                self.assertEqual(st, 403, r)
            st, h, g = street.post("/api/v1/enterprise-groups", {"name": "乙", "members": [a, b]})
            self.assertEqual(st, 201, g)
            st, h, r = street.post("/api/v1/enterprise-groups", {"name": "丙", "members": [b, a]})
            self.assertEqual((st, r["error"]["code"]), (409, "in_group"))
            self.assertEqual(int(sql(self.db, "SELECT count(*) FROM enterprise_groups")[0][0]),
                             n + 1)


if __name__ == "__main__":
    unittest.main()
