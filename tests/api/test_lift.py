"""Lift or walk-up (issue 13, item 14): a building attribute for the grid
worker's task card, set by the committee through the route that draws
compounds into grids (`POST /api/v1/compounds/{id}/grid` with `lift`, the
whole compound or one building, the grid left as it is) or `cordon place
lift`; read as `lift` (true, false, null when nobody said) of
`GET /api/v1/households/{id}`. Other roles: 403; bad input: 400 on the
field, nothing written."""
import unittest

from harness import cordon, sql
from api_helpers import QISHAN
from tasks_helpers import make_task_world, session

NOW = "2020-03-09T09:00"


class LiftTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_task_world()

    def households(self, q, compound):
        """{building name: [household ids]} of a compound."""
        st, h, c = q.get(f"/api/v1/compounds/{compound}")
        self.assertEqual(st, 200, c)
        out = {}
        for hh in c["households"]:
            out.setdefault(hh["building"], []).append(hh["id"])
        return out

    def lift_of(self, q, household):
        st, h, hh = q.get(f"/api/v1/households/{household}")
        self.assertEqual(st, 200, hh)
        return hh["lift"]

    def test_set_by_the_committee_per_compound_and_building(self):
        with session(self.db, NOW, "qishan", "jiangsulu", "grid1") as (s, q, street, g1):
            st, h, cs = q.get(f"/api/v1/compounds?unit={QISHAN}&limit=100")
            comp = cs["items"][0]
            by_b = self.households(q, comp["id"])
            first, *rest = sorted(by_b)
            hh = by_b[first][0]
            self.assertIsNone(self.lift_of(q, hh))  # nobody said yet
            grids = sql(self.db, f"SELECT grid FROM compounds WHERE id = {comp['id']}")
            # The whole compound is walk-up; the grid stays as it was.
            st, h, r = q.post(f"/api/v1/compounds/{comp['id']}/grid", {"lift": False})
            self.assertEqual(st, 200, r)
            self.assertEqual(sql(self.db, f"SELECT grid FROM compounds WHERE id = {comp['id']}"),
                             grids)
            self.assertIs(self.lift_of(g1, hh), False)
            # One building gets a lift; the others stay walk-up.
            st, h, one = q.get(f"/api/v1/households/{hh}")
            bid = one["building_id"]
            self.assertEqual(bid, sql(self.db, f"SELECT building FROM households WHERE id = {hh}")[0][0])
            st, h, r = q.post(f"/api/v1/compounds/{comp['id']}/grid",
                              {"building": bid, "lift": True})
            self.assertEqual(st, 200, r)
            self.assertIs(self.lift_of(q, hh), True)
            for b in rest:
                self.assertIs(self.lift_of(q, by_b[b][0]), False, b)
            # Refused: another role, a bad value; nothing changes.
            before = sql(self.db, "SELECT id, lift FROM buildings ORDER BY id")
            st, h, r = street.post(f"/api/v1/compounds/{comp['id']}/grid", {"lift": True})
            self.assertEqual(st, 403, r)
            st, h, r = q.post(f"/api/v1/compounds/{comp['id']}/grid", {"lift": "yes"})
            self.assertEqual((st, r["error"]["field"]), (400, "lift"), r)
            self.assertEqual(sql(self.db, "SELECT id, lift FROM buildings ORDER BY id"), before)
            # The command line: walk-up again for the whole compound.
            rc, out, err = cordon("place", "lift", "--compound", str(comp["id"]), "--walk-up",
                                  "--db", self.db)
            self.assertEqual(rc, 0, err)
            self.assertIs(self.lift_of(q, hh), False)
            rc, out, err = cordon("place", "lift", "--compound", str(comp["id"]), "--db", self.db)
            self.assertNotEqual(rc, 0)
            self.assertIn("--lift or --walk-up", err)


if __name__ == "__main__":
    unittest.main()
