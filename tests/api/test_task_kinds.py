"""Task kinds of their own (issue 13): 道口值守 (gate_duty) and 人员疏导
(crowd_guidance) are created, listed and labelled as such, not as `other`;
`GET /api/v1/tasks?kind=` lists one kind (an unknown kind: 400 on the
field), and the Chinese label is accepted as the kind too."""
import unittest

from tasks_helpers import make_task_world, resident_ids, session

NOW = "2020-03-09T09:00"


class TaskKindsTest(unittest.TestCase):
    def test_gate_duty_and_crowd_guidance(self):
        db = make_task_world()
        with session(db, NOW, "qishan") as (s, q):
            hh = next(iter(resident_ids(q).values()))[1]
            made = {}
            for kind in ("gate_duty", "crowd_guidance", "人员疏导", "inspection"):
                st, h, t = q.post("/api/v1/tasks", {"kind": kind, "household": hh})
                self.assertEqual(st, 201, t)
                made.setdefault(t["kind"], []).append(t["id"])
            self.assertEqual(sorted(made), ["crowd_guidance", "gate_duty", "inspection"])
            self.assertEqual(len(made["crowd_guidance"]), 2)
            st, h, one = q.get(f"/api/v1/tasks/{made['gate_duty'][0]}")
            self.assertEqual((one["kind"], one["kind_label"], one["title"]),
                             ("gate_duty", "道口值守", "道口值守"), one)
            for kind, want in made.items():
                st, h, page = q.get(f"/api/v1/tasks?kind={kind}&limit=200")
                self.assertEqual(st, 200, page)
                self.assertEqual(sorted(i["id"] for i in page["items"]), sorted(want), kind)
            st, h, r = q.get("/api/v1/tasks?kind=party")
            self.assertEqual((st, r["error"]["field"]), (400, "kind"), r)
            st, h, r = q.post("/api/v1/tasks", {"kind": "party", "household": hh})
            self.assertEqual((st, r["error"]["field"]), (400, "kind"), r)


if __name__ == "__main__":
    unittest.main()
